/**
 * The clinic's own sign-off of the rules (ADR 0019), beside the reviews shipped with the knowledge base:
 * where the clinic stands on each rule, and the clinical lead's form to sign one.
 */
import { useState } from 'preact/hooks';
import type { ClinicSignoffState, SignoffVerdict } from '../../../src/clinic/index.js';
import { api } from '../api.js';
import { useLang } from '../lang.js';
import { formatDate } from './data.js';
import { failureText } from './failure.js';
import type { WorkspaceStrings } from './strings.js';
import { WORKSPACE_STRINGS } from './strings.js';

export interface SignoffView {
  readonly id: string;
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly signerName: string | null;
  readonly verdict: SignoffVerdict;
  readonly comment: string;
  readonly signedAt: string;
  readonly supersedes: string | null;
}

export interface ClinicRuleState {
  readonly ruleId: string;
  readonly version: number;
  readonly state: ClinicSignoffState;
  readonly current: SignoffView | null;
}

export interface SignoffListing {
  readonly rules: readonly ClinicRuleState[];
  readonly signoffs: readonly SignoffView[];
}

export const SIGNOFFS_URL = '/api/v1/rule-signoffs';

/** Not signed by the clinic in the rule's current version (never, or an older version only). */
export const notSigned = (r: ClinicRuleState): boolean => r.state === 'unsigned' || r.state === 'outdated';

export function signoffLabel(r: ClinicRuleState, s: WorkspaceStrings, lang: string): string {
  const label = s.signoff.state[r.state];
  if (r.current === null) return label;
  const who = r.current.signerName ?? s.signoff.unknownSigner;
  return `${label} (${s.signoff.by(who, r.current.ruleVersion, formatDate(r.current.signedAt, lang))})`;
}

function SignForm({ ruleId, version, onSigned }: { ruleId: string; version: number; onSigned(): void }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const [verdict, setVerdict] = useState<SignoffVerdict>('approved');
  const [comment, setComment] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const sign = async () => {
    try {
      await api('POST', SIGNOFFS_URL, { ruleId, ruleVersion: version, verdict, comment });
      setConfirming(false);
      setComment('');
      setMessage(s.signoff.signed);
      onSigned();
    } catch (e) {
      setConfirming(false);
      setMessage(failureText(e, s));
    }
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setMessage(undefined);
        setConfirming(true);
      }}
    >
      <h3>{s.signoff.sign}</h3>
      <p class="hint">{s.signoff.signHint(version)}</p>
      <fieldset>
        <legend>{s.signoff.verdict}</legend>
        {(['approved', 'changes_requested'] as const).map((v) => (
          <label class="choice" key={v}>
            <input
              type="radio"
              name="verdict"
              value={v}
              checked={verdict === v}
              onChange={() => setVerdict(v)}
              disabled={confirming}
            />
            <span>{s.signoff.verdicts[v]}</span>
          </label>
        ))}
      </fieldset>
      <label class="field">
        <span>{s.signoff.comment}</span>
        <textarea
          name="comment"
          maxLength={2000}
          value={comment}
          disabled={confirming}
          onInput={(event) => setComment((event.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      {confirming ? (
        <div role="alertdialog" aria-labelledby="sign-confirm">
          <p id="sign-confirm">
            <strong>{s.signoff.confirm(s.signoff.verdicts[verdict], ruleId, version)}</strong>
          </p>
          <button type="button" onClick={() => void sign()}>
            {s.signoff.yes}
          </button>{' '}
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            {s.signoff.cancel}
          </button>
        </div>
      ) : (
        <button type="submit">{s.signoff.sign}</button>
      )}
      {message && <p role="status">{message}</p>}
    </form>
  );
}

/** A rule's page: the clinic's sign-off state, its sign-offs of this rule, and the lead's form. */
export function ClinicSignoff({
  ruleId,
  version,
  lead,
  listing,
  onSigned,
}: {
  ruleId: string;
  version: number;
  lead: boolean;
  listing: SignoffListing | undefined;
  onSigned(): void;
}) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const state = listing?.rules.find((r) => r.ruleId === ruleId);
  const history = (listing?.signoffs ?? []).filter((x) => x.ruleId === ruleId);
  return (
    <section aria-labelledby="clinic-signoff">
      <h2 id="clinic-signoff">{s.signoff.title}</h2>
      {state === undefined ? <p>…</p> : <p class="signoff-state">{signoffLabel(state, s, lang)}</p>}
      {history.length > 0 && (
        <>
          <h3>{s.signoff.history}</h3>
          <ul>
            {[...history].reverse().map((x) => (
              <li key={x.id}>
                {`v${x.ruleVersion} · ${formatDate(x.signedAt, lang)} · ${x.signerName ?? s.signoff.unknownSigner}: ${s.kb.verdict[x.verdict]}${x.comment === '' ? '' : ` — ${x.comment}`}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {lead ? (
        <SignForm ruleId={ruleId} version={version} onSigned={onSigned} />
      ) : (
        <p class="hint">{s.signoff.onlyLead}</p>
      )}
    </section>
  );
}
