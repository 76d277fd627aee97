/**
 * Adverse-event rates over time: one small bar chart per technique used in the period (a bar per calendar
 * quarter), with the same figures as a table for screen readers and print.
 */
import type { KnowledgeBase, Lang } from '../../../src/core/browser.js';
import type { Rate } from './RatesChart.js';
import type { WorkspaceStrings } from './strings.js';

export interface QuarterRates {
  readonly quarter: string;
  readonly techniques: readonly Rate[];
}

const BAR = 22;
const HEIGHT = 60;

export function RatesTrend({
  quarters,
  kb,
  lang,
  s,
}: {
  quarters: readonly QuarterRates[];
  kb: KnowledgeBase;
  lang: Lang;
  s: WorkspaceStrings;
}) {
  const used = kb.techniques.filter((t) =>
    quarters.some((q) => q.techniques.some((r) => r.techniqueId === t.id && r.treatments > 0)),
  );
  if (used.length === 0) return <p>{s.today.noTreatments}</p>;
  const rate = (q: QuarterRates, id: string): Rate | undefined =>
    q.techniques.find((r) => r.techniqueId === id);
  const max = Math.max(1, ...quarters.flatMap((q) => q.techniques.map((r) => r.ratePer1000)));
  return (
    <figure>
      <div class="trend">
        {used.map((t) => (
          <svg
            key={t.id}
            class="chart"
            role="img"
            aria-label={`${t.name[lang]}: ${s.today.per1000}, ${quarters
              .map((q) => `${q.quarter} ${rate(q, t.id)?.ratePer1000 ?? 0}`)
              .join(', ')}`}
            viewBox={`0 0 ${quarters.length * BAR + 4} ${HEIGHT + 34}`}
            width={quarters.length * BAR + 4}
          >
            <text x="0" y="12">
              {t.name[lang].slice(0, 30)}
            </text>
            {quarters.map((q, i) => {
              const h = Math.round(((rate(q, t.id)?.ratePer1000 ?? 0) / max) * HEIGHT);
              return (
                <g key={q.quarter}>
                  <rect
                    class="bar"
                    x={i * BAR + 2}
                    y={18 + HEIGHT - h}
                    width={BAR - 6}
                    height={Math.max(h, 1)}
                  />
                  <text x={i * BAR + 2} y={HEIGHT + 32} class="small">
                    {q.quarter.slice(5)}
                  </text>
                </g>
              );
            })}
          </svg>
        ))}
      </div>
      <figcaption>
        <div class="table-wrap">
          <table>
            <caption>{s.today.trendCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.today.quarter}</th>
                {used.map((t) => (
                  <th key={t.id} scope="col">
                    {t.name[lang]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {quarters.map((q) => (
                <tr key={q.quarter}>
                  <th scope="row">{q.quarter}</th>
                  {used.map((t) => {
                    const r = rate(q, t.id);
                    return (
                      <td key={t.id}>
                        {r === undefined || r.treatments === 0
                          ? '—'
                          : `${r.ratePer1000} (${r.adverseEvents}/${r.treatments})`}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figcaption>
    </figure>
  );
}
