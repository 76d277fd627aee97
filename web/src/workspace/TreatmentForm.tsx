/**
 * Recording a treatment on the client's latest screening. Only the techniques that may be used are
 * offered: the clinic rules (src/clinic) say which the decisions that count contraindicate, which need a
 * consent not yet recorded, and whether the screening is current; the form says what is missing. The
 * server checks the same rules and its refusal, in the user's language, is shown.
 */
import type { EffectiveTechnique } from '../../../src/clinic/index.js';
import { checkClearance, checkCurrent, consentCovers, needsConsent } from '../../../src/clinic/index.js';
import type { KnowledgeBase } from '../../../src/core/browser.js';
import { messages } from '../../../src/report/messages.js';
import { useLang } from '../lang.js';
import { Link } from '../router.js';
import type { ScreeningSummary } from './data.js';
import { formatDate, useResource } from './data.js';
import type { ScreeningDetail } from './record.js';
import { effectiveOf, reviewsOf, screeningUrl, toConsent } from './record.js';
import { WORKSPACE_STRINGS } from './strings.js';

type Offer =
  | { readonly kind: 'offered'; readonly e: EffectiveTechnique }
  | { readonly kind: 'contraindicated' | 'consent'; readonly e: EffectiveTechnique };

export function TreatmentForm(props: {
  clientId: string;
  kb: KnowledgeBase;
  latest: ScreeningSummary | undefined;
  /** Every screening of the client (an earlier emergency or referral asks for a sign-off first). */
  screenings: readonly ScreeningSummary[];
  /** Posts the treatment; resolves true when it was saved. */
  save: (body: unknown) => Promise<boolean>;
}) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const m = messages(lang);
  const { latest } = props;
  const detail = useResource<ScreeningDetail>(latest === undefined ? undefined : screeningUrl(latest.id));
  const name = (id: string) => props.kb.index.technique.get(id)?.name[lang] ?? id;
  const current = checkCurrent(latest, latest, new Date().toISOString());
  const serverCurrency = detail.data?.record?.currency;
  const clearance =
    latest === undefined || detail.data === undefined
      ? undefined
      : checkClearance(latest, props.screenings, reviewsOf(detail.data));
  const notCurrent = !current.ok
    ? current.refusal.message[lang]
    : serverCurrency !== undefined && serverCurrency !== 'current'
      ? s.screening.currency[serverCurrency]
      : clearance !== undefined && !clearance.ok
        ? clearance.refusal.message[lang]
        : undefined;

  const offers: readonly Offer[] =
    detail.data === undefined || latest === undefined
      ? []
      : (() => {
          const data = detail.data;
          const consents = data.consents.map((c) => toConsent(c, latest.id, props.clientId));
          return effectiveOf(data).map((e): Offer => {
            if (e.decision === 'contraindicated') return { kind: 'contraindicated', e };
            if (needsConsent(e) && !consents.some((c) => consentCovers(c, latest.id, e)))
              return { kind: 'consent', e };
            return { kind: 'offered', e };
          });
        })();
  const offered = offers.filter((o) => o.kind === 'offered');
  const blocked = offers.filter((o) => o.kind !== 'offered');

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget as HTMLFormElement);
        const target = event.currentTarget as HTMLFormElement;
        void props
          .save({
            date: String(form.get('date')),
            techniques: form.getAll('techniques').map(String),
            ...(latest === undefined ? {} : { screeningId: latest.id }),
          })
          .then((saved) => {
            if (saved) target.reset();
            detail.reload();
          });
      }}
    >
      {notCurrent !== undefined && (
        <p class="notice">
          {notCurrent}{' '}
          {clearance !== undefined && !clearance.ok && latest !== undefined ? (
            <Link href={`/app/screenings/${latest.id}`}>{s.client.screening}</Link>
          ) : (
            <Link href={`/app/clients/${props.clientId}/in-room`}>{s.client.inRoom}</Link>
          )}
        </p>
      )}
      {latest !== undefined && (
        <p class="hint">
          {s.client.onScreening(formatDate(latest.submittedAt, lang))}{' '}
          <Link href={`/app/screenings/${latest.id}`}>{s.client.moments[latest.moment]}</Link>
        </p>
      )}
      <label class="field">
        <span>{s.client.date}</span>
        <input type="date" name="date" required value={new Date().toISOString().slice(0, 10)} />
      </label>
      <fieldset>
        <legend>{s.client.techniques}</legend>
        {notCurrent === undefined && offered.length === 0 && detail.data !== undefined && (
          <p>{s.client.noneOffered}</p>
        )}
        {notCurrent === undefined &&
          offered.map(({ e }) => (
            <label class="choice" key={e.techniqueId}>
              <input type="checkbox" name="techniques" value={e.techniqueId} />
              <span>
                {name(e.techniqueId)}{' '}
                <span class="hint">
                  ({m.decision[e.decision].label}
                  {e.override !== null && `; ${s.screening.overridden}`})
                </span>
              </span>
            </label>
          ))}
      </fieldset>
      {notCurrent === undefined && blocked.length > 0 && (
        <div class="blocked">
          <h3>{s.client.blocked}</h3>
          <ul>
            {blocked.map(({ kind, e }) => (
              <li key={e.techniqueId}>
                {name(e.techniqueId)} —{' '}
                {kind === 'contraindicated' ? s.client.contraindicated : s.client.needsConsent}
                {kind === 'consent' && latest !== undefined && (
                  <>
                    {' '}
                    (<Link href={`/app/screenings/${latest.id}`}>{s.client.recordConsent}</Link>)
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <button type="submit">{s.client.save}</button>
    </form>
  );
}
