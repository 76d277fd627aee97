/** The knowledge base's EHR record mapping: which record codes and words answer which question. */
import type { KnowledgeBase } from '../../../src/core/browser.js';
import type { MappingRow } from '../../../src/report/record-mapping.js';
import { recordMappingMessages, recordMappingView } from '../../../src/report/record-mapping.js';
import { useLang } from '../lang.js';
import { Link } from '../router.js';
import { WORKSPACE_STRINGS } from './strings.js';

function MappingTable({ caption, rows }: { caption: string; rows: readonly MappingRow[] }) {
  const { lang } = useLang();
  const m = recordMappingMessages(lang);
  if (rows.length === 0) return null;
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.answers}</th>
            <th scope="col">{m.evidence}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                {(row.answers.length > 0 ? row.answers : [row.id]).map((a) => (
                  <div key={a}>{a}</div>
                ))}
              </td>
              <td>
                {row.evidence.map((e) => (
                  <div key={e}>
                    <code>{e}</code>
                  </div>
                ))}
                {row.limits.map((l) => (
                  <div key={l} class="hint">
                    {l}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RecordMappingPage({ kb }: { kb: KnowledgeBase }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const m = recordMappingMessages(lang);
  const view = recordMappingView(kb, lang);
  return (
    <article>
      <p>
        <Link href="/kb">← {s.kb.back}</Link>
      </p>
      <h1>{m.title}</h1>
      <p>{view.empty ? m.none : m.intro}</p>
      <MappingTable caption={m.conditions} rows={view.conditions} />
      <MappingTable caption={m.medications} rows={view.medications} />
      <MappingTable caption={m.patient} rows={view.patient} />
      <MappingTable caption={m.appointments} rows={view.appointments} />
      <h2>{m.negations}</h2>
      <p>{view.negations}</p>
      <h2>{m.sources}</h2>
      <ul class="citations">
        {view.sources.map((source) => (
          <li key={source}>{source}</li>
        ))}
      </ul>
    </article>
  );
}
