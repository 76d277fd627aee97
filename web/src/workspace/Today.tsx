/** Today: screenings to review (emergency and referrals first), re-checks due, clients, adverse-event rates. */
import { useState } from 'preact/hooks';
import type { KnowledgeBase } from '../../../src/core/browser.js';
import { messages } from '../../../src/report/messages.js';
import { useLang } from '../lang.js';
import { Link } from '../router.js';
import type { ScreeningSummary } from './data.js';
import { formatDate, useResource } from './data.js';
import { NewClientForm } from './NewClient.js';
import type { Rate } from './RatesChart.js';
import { RatesChart } from './RatesChart.js';
import type { QuarterRates } from './RatesTrend.js';
import { RatesTrend } from './RatesTrend.js';
import { WORKSPACE_STRINGS } from './strings.js';

function ScreeningTable({
  rows,
  lang,
  valid,
}: {
  rows: readonly ScreeningSummary[];
  lang: 'en' | 'fr';
  valid?: boolean;
}) {
  const s = WORKSPACE_STRINGS[lang];
  const m = messages(lang);
  if (rows.length === 0) return <p>{s.today.none}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{s.today.result}</th>
            <th scope="col">{s.today.client}</th>
            <th scope="col">{valid === true ? s.today.validUntil : s.today.submitted}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <span class={`pill d-${r.disposition}`}>{m.disposition[r.disposition].label}</span>
              </td>
              <td>
                <Link href={`/app/screenings/${r.id}`}>{r.clientName ?? r.clientId}</Link>
              </td>
              <td>{formatDate(valid === true ? r.validUntil : r.submittedAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Unreviewed emergency screenings (an adverse event with emergency signs among them), above everything. */
function Emergencies({ rows, lang }: { rows: readonly ScreeningSummary[]; lang: 'en' | 'fr' }) {
  const s = WORKSPACE_STRINGS[lang];
  if (rows.length === 0) return null;
  return (
    <section class="emergency" aria-labelledby="emergencies-title">
      <h2 id="emergencies-title">{s.today.emergencies}</h2>
      <p>{s.today.emergencyIntro}</p>
      <ul>
        {rows.map((r) => (
          <li key={r.id}>
            <Link href={`/app/screenings/${r.id}`}>{r.clientName ?? r.clientId}</Link>
            {r.moment === 'after_event' && ` (${s.today.after})`} —{' '}
            <time dateTime={r.submittedAt}>{formatDate(r.submittedAt, lang)}</time>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Today({ kb }: { kb: KnowledgeBase }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const [search, setSearch] = useState('');
  const work = useResource<{ toReview: ScreeningSummary[]; rechecksDue: ScreeningSummary[] }>(
    '/api/v1/worklist',
  );
  const clients = useResource<{ clients: { id: string; displayName: string }[] }>(
    `/api/v1/clients?limit=50${search === '' ? '' : `&search=${encodeURIComponent(search)}`}`,
  );
  const rates = useResource<{ techniques: Rate[]; byQuarter: QuarterRates[] }>(
    '/api/v1/adverse-events/rates',
  );
  return (
    <>
      <h1>{s.today.title}</h1>
      {work.data && (
        <Emergencies rows={work.data.toReview.filter((r) => r.disposition === 'emergency')} lang={lang} />
      )}
      <section>
        <h2>{s.today.toReview}</h2>
        {work.data && <ScreeningTable rows={work.data.toReview} lang={lang} />}
      </section>
      <section>
        <h2>{s.today.rechecks}</h2>
        {work.data && <ScreeningTable rows={work.data.rechecksDue} lang={lang} valid={true} />}
      </section>
      <section>
        <h2>{s.today.clients}</h2>
        <label class="field">
          <span>{s.today.search}</span>
          <input type="text" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <ul>
          {(clients.data?.clients ?? []).map((c) => (
            <li key={c.id}>
              <Link href={`/app/clients/${c.id}`}>{c.displayName}</Link>
            </li>
          ))}
        </ul>
        <details>
          <summary>{s.today.newClient}</summary>
          <NewClientForm />
        </details>
      </section>
      {rates.data && (
        <section>
          <h2>{s.today.rates}</h2>
          <RatesChart rates={rates.data.techniques} kb={kb} lang={lang} s={s} />
          <h3>{s.today.trend}</h3>
          <RatesTrend quarters={rates.data.byQuarter} kb={kb} lang={lang} s={s} />
        </section>
      )}
    </>
  );
}
