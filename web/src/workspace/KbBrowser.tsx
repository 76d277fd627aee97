/** The knowledge base, browsable: every rule with its version, condition, effects, citations and test vectors. */
import type { KnowledgeBase } from '../../../src/core/browser.js';
import { conditionLines, conditionText } from '../../../src/report/condition.js';
import { messages } from '../../../src/report/messages.js';
import { useLang } from '../lang.js';
import { Link } from '../router.js';
import { useResource } from './data.js';
import { RuleEvidence } from './RuleEvidence.js';
import { WORKSPACE_STRINGS } from './strings.js';

interface RuleView {
  readonly id: string;
  readonly version: number;
  readonly title: { en: string; fr: string };
  readonly covers: string[];
  readonly disposition: 'proceed' | 'precautions' | 'refer' | 'emergency';
  readonly evidence: string;
  readonly rationale: string;
  readonly notes: string | null;
  readonly review: { status: string };
  readonly reviewed: boolean;
  readonly reviews: {
    version: number;
    reviewer: string;
    profession: string;
    date: string;
    verdict: 'approved' | 'changes_requested';
    comment?: string;
  }[];
  readonly changelog: { version: number; kb: string; change: string }[];
  readonly clinician: { en: string; fr: string };
  readonly vectors: { name: string; answers: Record<string, unknown>; expect: boolean | 'unknown' }[];
}

export function KbIndex() {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const m = messages(lang);
  const data = useResource<{ meta: { version: string }; rules: RuleView[] }>('/api/v1/knowledge');
  if (data.data === undefined) return <p>…</p>;
  return (
    <>
      <h1>
        {s.kb.title} {data.data.meta.version}
      </h1>
      <p>
        <Link href="/kb/ehr">{s.kb.recordMapping}</Link>
      </p>
      <p class="hint">
        {s.kb.unreviewedCount(data.data.rules.filter((r) => !r.reviewed).length, data.data.rules.length)}
      </p>
      <h2>{s.kb.rules}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{s.kb.rules}</th>
              <th scope="col">{m.table.decision}</th>
              <th scope="col">{s.kb.covers}</th>
              <th scope="col">{s.kb.clinicalReview}</th>
            </tr>
          </thead>
          <tbody>
            {data.data.rules.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/kb/rules/${r.id}`}>{`${r.id} — ${r.title[lang]}`}</Link>
                </td>
                <td>
                  <span class={`pill d-${r.disposition}`}>{m.disposition[r.disposition].label}</span>
                </td>
                <td>{r.covers.join(', ')}</td>
                <td>{reviewLabel(r, s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function reviewLabel(r: RuleView, s: (typeof WORKSPACE_STRINGS)[keyof typeof WORKSPACE_STRINGS]): string {
  const approved = r.reviews.find((v) => v.version === r.version && v.verdict === 'approved');
  return approved === undefined ? s.kb.unreviewed : s.kb.reviewed(approved.reviewer, approved.date);
}

export function RuleDetail({ id, kb }: { id: string; kb: KnowledgeBase }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const m = messages(lang);
  // One rule's review status and test vectors (the compiled knowledge base in the browser has no vectors).
  const data = useResource<RuleView>(`/api/v1/knowledge/rules/${encodeURIComponent(id)}`);
  const rule = kb.index.rule.get(id);
  const view = data.data;
  if (rule === undefined) return <p role="alert">{id}?</p>;
  return (
    <article>
      <p>
        <Link href="/kb">← {s.kb.back}</Link>
      </p>
      <h1>{`${rule.id} — ${rule.title[lang]}`}</h1>
      <p>
        <span class={`pill d-${rule.disposition}`}>{m.disposition[rule.disposition].label}</span> ·{' '}
        {s.kb.version} {rule.version} · {m.finding.evidence} {rule.evidence} · {s.kb.covers}:{' '}
        {rule.covers.join(', ') || '—'}
        {view && ` · ${reviewLabel(view, s)}`}
      </p>
      <p>{rule.clinician[lang]}</p>
      <h2>{s.kb.condition}</h2>
      <pre class="letter">{conditionText(conditionLines(kb, rule.when, lang), '  ')}</pre>
      <h2>{s.kb.effects}</h2>
      <ul>
        {Object.entries(rule.techniques).map(([t, d]) => (
          <li key={t}>{`${kb.index.technique.get(t)?.name[lang] ?? t}: ${m.decision[d].label}`}</li>
        ))}
        {(rule.precautions ?? []).map((p) => (
          <li key={p}>{kb.index.precaution.get(p)?.text[lang] ?? p}</li>
        ))}
        {rule.referral && (
          <li>{`${kb.index.referralTarget.get(rule.referral.to)?.name[lang] ?? rule.referral.to}: ${m.urgency[rule.referral.urgency].label}`}</li>
        )}
      </ul>
      <h2>{WORKSPACE_STRINGS[lang].screening.rationale}</h2>
      <p>{rule.rationale}</p>
      {rule.notes && <p class="hint">{rule.notes}</p>}
      <RuleEvidence rule={rule} kb={kb} lang={lang} />
      <h2>{WORKSPACE_STRINGS[lang].screening.sources}</h2>
      <ul class="citations">
        {rule.sources.map((c) => (
          <li key={c.id}>
            {`${c.authors} (${c.year}). ${c.title}. ${c.source}. `}
            {c.doi && <a href={`https://doi.org/${c.doi}`}>doi:{c.doi}</a>}
            {c.pmid && (
              <>
                {' '}
                <a href={`https://pubmed.ncbi.nlm.nih.gov/${c.pmid}/`}>PMID {c.pmid}</a>
              </>
            )}
            {!c.doi && !c.pmid && c.url && <a href={c.url}>{c.url}</a>}
          </li>
        ))}
      </ul>
      {view && (
        <>
          <h2>{s.kb.vectors}</h2>
          <ul>
            {view.vectors.map((v) => (
              <li key={v.name}>
                {v.name} — {s.kb.expects} <strong>{String(v.expect)}</strong>:{' '}
                <code>{JSON.stringify(v.answers)}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {view !== undefined && view.changelog.length > 0 && (
        <>
          <h2>{s.kb.changelog}</h2>
          <ul>
            {view.changelog.map((c) => (
              <li key={c.version}>{`v${c.version} (${c.kb}): ${c.change}`}</li>
            ))}
          </ul>
        </>
      )}
      {view !== undefined && view.reviews.length > 0 && (
        <>
          <h2>{s.kb.reviews}</h2>
          <ul>
            {view.reviews.map((r) => (
              <li key={`${r.version}-${r.reviewer}-${r.date}`}>
                {`v${r.version} · ${r.date} · ${r.reviewer} (${r.profession}): ${s.kb.verdict[r.verdict]}${r.comment === undefined ? '' : ` — ${r.comment}`}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
