/** Adverse events per 1,000 treatments for each technique, as an accessible bar chart with a data table. */
import type { KnowledgeBase, Lang } from '../../../src/core/browser.js';
import type { WorkspaceStrings } from './strings.js';

export interface Rate {
  readonly techniqueId: string;
  readonly treatments: number;
  readonly adverseEvents: number;
  readonly ratePer1000: number;
}

export function RatesChart({
  rates,
  kb,
  lang,
  s,
}: {
  rates: readonly Rate[];
  kb: KnowledgeBase;
  lang: Lang;
  s: WorkspaceStrings;
}) {
  const max = Math.max(1, ...rates.map((r) => r.ratePer1000));
  const name = (id: string) => kb.index.technique.get(id)?.name[lang] ?? id;
  return (
    <figure>
      <svg
        class="chart"
        role="img"
        aria-label={s.today.rates}
        viewBox={`0 0 420 ${rates.length * 28 + 10}`}
        width="100%"
      >
        {rates.map((r, i) => (
          <g key={r.techniqueId} transform={`translate(0 ${i * 28 + 5})`}>
            <text x="0" y="14">
              {name(r.techniqueId).slice(0, 28)}
            </text>
            <rect class="bar" x="200" y="2" height="16" width={Math.max(1, (r.ratePer1000 / max) * 180)} />
            <text x={205 + (r.ratePer1000 / max) * 180} y="14">
              {r.ratePer1000}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{s.screening.technique}</th>
                <th scope="col">{s.today.treatments}</th>
                <th scope="col">{s.today.events}</th>
                <th scope="col">{s.today.per1000}</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((r) => (
                <tr key={r.techniqueId}>
                  <th scope="row">{name(r.techniqueId)}</th>
                  <td>{r.treatments}</td>
                  <td>{r.adverseEvents}</td>
                  <td>{r.ratePer1000}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figcaption>
    </figure>
  );
}
