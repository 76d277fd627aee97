/** The knowledge base, browsable: every rule with its version, condition, effects, citations and test vectors. */

import { useState } from 'preact/hooks';
import type { KnowledgeBase } from '../../../src/core/browser.js';
import { conditionLines, conditionText } from '../../../src/report/condition.js';
import { messages } from '../../../src/report/messages.js';
import { useLang } from '../lang.js';
import { Link } from '../router.js';
import type { ClinicRuleState, SignoffListing } from './ClinicSignoffs.js';
import { ClinicSignoff, notSigned, SIGNOFFS_URL, signoffLabel } from './ClinicSignoffs.js';
import type { Me } from './data.js';
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

/**
 * `base` is where the browser lives: `/kb` for anyone, `/app/kb` in the workspace, where `clinic` (staff
 * only) adds the clinic's own sign-off of each rule and a filter on it.
 */
export function KbIndex({ base = '/kb', clinic = false }: { base?: string; clinic?: boolean }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const m = messages(lang);
  const data = useResource<{ meta: { version: string }; rules: RuleView[] }>('/api/v1/knowledge');
  const signoffs = useResource<SignoffListing>(clinic ? SIGNOFFS_URL : undefined);
  const [onlyUnsigned, setOnlyUnsigned] = useState(false);
  if (data.data === undefined) return <p>…</p>;
  const states = new Map((signoffs.data?.rules ?? []).map((r) => [r.ruleId, r]));
  const unsigned = (signoffs.data?.rules ?? []).filter(notSigned).length;
  const rules = data.data.rules.filter((r) => {
    if (!onlyUnsigned) return true;
    const state = states.get(r.id);
    return state === undefined || notSigned(state);
  });
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
      {clinic && signoffs.data !== undefined && (
        <>
          <p class="hint">{s.signoff.count(unsigned, signoffs.data.rules.length)}</p>
          <label class="choice">
            <input
              type="checkbox"
              checked={onlyUnsigned}
              onChange={(event) => setOnlyUnsigned((event.currentTarget as HTMLInputElement).checked)}
            />
            <span>{s.signoff.filter}</span>
          </label>
        </>
      )}
      <h2>{s.kb.rules}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{s.kb.rules}</th>
              <th scope="col">{m.table.decision}</th>
              <th scope="col">{s.kb.covers}</th>
              <th scope="col">{s.kb.clinicalReview}</th>
              {clinic && <th scope="col">{s.signoff.clinic}</th>}
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`${base}/rules/${r.id}`}>{`${r.id} — ${r.title[lang]}`}</Link>
                </td>
                <td>
                  <span class={`pill d-${r.disposition}`}>{m.disposition[r.disposition].label}</span>
                </td>
                <td>{r.covers.join(', ')}</td>
                <td>{reviewLabel(r, s)}</td>
                {clinic && <td>{clinicCell(states.get(r.id), s, lang)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function clinicCell(
  state: ClinicRuleState | undefined,
  s: (typeof WORKSPACE_STRINGS)[keyof typeof WORKSPACE_STRINGS],
  lang: string,
): string {
  return state === undefined ? '…' : signoffLabel(state, s, lang);
}

function reviewLabel(r: RuleView, s: (typeof WORKSPACE_STRINGS)[keyof typeof WORKSPACE_STRINGS]): string {
  const approved = r.reviews.find((v) => v.version === r.version && v.verdict === 'approved');
  return approved === undefined ? s.kb.unreviewed : s.kb.reviewed(approved.reviewer, approved.date);
}

/** `me` (in the workspace) adds the clinic's sign-off of the rule, and the form its clinical lead signs with. */
export function RuleDetail({
  id,
  kb,
  base = '/kb',
  me,
}: {
  id: string;
  kb: KnowledgeBase;
  base?: string;
  me?: Me;
}) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const m = messages(lang);
  // One rule's review status and test vectors (the compiled knowledge base in the browser has no vectors).
  const data = useResource<RuleView>(`/api/v1/knowledge/rules/${encodeURIComponent(id)}`);
  const signoffs = useResource<SignoffListing>(me === undefined ? undefined : SIGNOFFS_URL);
  const rule = kb.index.rule.get(id);
  const view = data.data;
  if (rule === undefined) return <p role="alert">{id}?</p>;
  return (
    <article>
      <p>
        <Link href={base}>← {s.kb.back}</Link>
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
      {view !== undefined && (view.reviews.length > 0 || me !== undefined) && (
        <>
          <h2>{me === undefined ? s.kb.reviews : s.signoff.shipped}</h2>
          {view.reviews.length === 0 && <p>{s.signoff.noShipped}</p>}
          <ul>
            {view.reviews.map((r) => (
              <li key={`${r.version}-${r.reviewer}-${r.date}`}>
                {`v${r.version} · ${r.date} · ${r.reviewer} (${r.profession}): ${s.kb.verdict[r.verdict]}${r.comment === undefined ? '' : ` — ${r.comment}`}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {me !== undefined && (
        <ClinicSignoff
          ruleId={rule.id}
          version={rule.version}
          lead={me.user.clinicalLead === true && me.user.role === 'practitioner'}
          listing={signoffs.data}
          onSigned={signoffs.reload}
        />
      )}
    </article>
  );
}
