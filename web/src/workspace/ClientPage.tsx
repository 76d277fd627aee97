/** A client: timeline of screenings, consents, treatments and adverse events; intake links; care records. */
import { useState } from 'preact/hooks';
import type { KnowledgeBase } from '../../../src/core/browser.js';
import { messages } from '../../../src/report/messages.js';
import { api } from '../api.js';
import { useLang } from '../lang.js';
import { Link, navigate } from '../router.js';
import { SelectField } from '../ui/SelectField.js';
import { AdverseEventForm } from './AdverseEventForm.js';
import type { Me, ScreeningSummary } from './data.js';
import { formatDate, useResource } from './data.js';
import type { EhrPatient } from './EhrLink.js';
import { EhrLinkSection } from './EhrLink.js';
import { failureText } from './failure.js';
import { WORKSPACE_STRINGS } from './strings.js';
import { TreatmentForm } from './TreatmentForm.js';

interface ClientRecord {
  readonly client: {
    id: string;
    displayName: string;
    birthYear: number | null;
    ehrPatient: EhrPatient | null;
  };
  readonly screenings: ScreeningSummary[];
  readonly consents: {
    id: string;
    screeningId: string;
    techniques: string[];
    signedAt: string;
    signerName: string;
  }[];
  readonly treatments: { id: string; date: string; techniques: string[] }[];
  readonly adverseEvents: {
    id: string;
    onset: string;
    symptoms: string;
    severity: number;
    techniqueId: string | null;
    triageScreeningId?: string | null;
  }[];
}

type Entry = { at: string; key: string; node: preact.ComponentChildren };

export function ClientPage({ id, kb, me }: { id: string; kb: KnowledgeBase; me: Me }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const m = messages(lang);
  const record = useResource<ClientRecord>(`/api/v1/clients/${id}`);
  const [link, setLink] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const technique = (t: string) => kb.index.technique.get(t)?.name[lang] ?? t;
  if (record.error) return <p role="alert">{record.error.detail}</p>;
  if (record.data === undefined) return <p>…</p>;
  const r = record.data;

  const entries: Entry[] = [
    ...r.screenings.map((x) => ({
      at: x.submittedAt,
      key: x.id,
      node: (
        <>
          {s.client.screening}:{' '}
          <span class={`pill d-${x.disposition}`}>{m.disposition[x.disposition].label}</span>{' '}
          <Link href={`/app/screenings/${x.id}`}>{s.client.moments[x.moment]}</Link>
          {x.basedOn != null && ` (${s.screening.stepKinds.examination})`}
        </>
      ),
    })),
    ...r.consents.map((x) => ({
      at: x.signedAt,
      key: x.id,
      node: <>{`${s.client.consent}: ${x.techniques.map(technique).join(', ')} — ${x.signerName}`}</>,
    })),
    ...r.treatments.map((x) => ({
      at: `${x.date}T12:00:00.000Z`,
      key: x.id,
      node: <>{`${s.client.treatment}: ${x.techniques.map(technique).join(', ')}`}</>,
    })),
    ...r.adverseEvents.map((x) => ({
      at: x.onset,
      key: x.id,
      node: (
        <>
          {`${s.client.adverse} (${s.client.severities[x.severity - 1] ?? x.severity}): ${x.symptoms}`}
          {x.triageScreeningId != null && (
            <>
              {' '}
              (<Link href={`/app/screenings/${x.triageScreeningId}`}>{s.client.triage}</Link>)
            </>
          )}
        </>
      ),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));

  /** Runs a change; says it was saved, or why it failed, in the page's live region. */
  const attempt = async (change: () => Promise<void>) => {
    setSaved(undefined);
    setProblem(undefined);
    try {
      await change();
    } catch (error) {
      setProblem(failureText(error, s));
    }
  };
  const post = async (url: string, body: unknown): Promise<boolean> => {
    let done = false;
    await attempt(async () => {
      await api('POST', url, body);
      setSaved(s.client.saved);
      done = true;
      record.reload();
    });
    return done;
  };
  const latest = [...r.screenings].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)).at(-1);
  const formData = (event: Event) => {
    event.preventDefault();
    return new FormData(event.currentTarget as HTMLFormElement);
  };

  return (
    <>
      <h1>{r.client.displayName}</h1>
      {me.user.role !== 'reception' && (
        <p>
          <Link class="button" href={`/app/clients/${id}/in-room`}>
            {s.client.inRoom}
          </Link>{' '}
          <span class="hint">{s.client.inRoomHint}</span>
        </p>
      )}
      {saved && <p role="status">{saved}</p>}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <section>
        <h2>{s.client.intake}</h2>
        <form
          onSubmit={(event) => {
            const form = formData(event);
            void attempt(async () => {
              const created = await api<{ url: string }>('POST', `/api/v1/clients/${id}/intakes`, {
                moment: String(form.get('moment')),
              });
              setLink(created.url);
            });
          }}
        >
          <SelectField label={s.client.moment} name="moment">
            {(['first_treatment', 'later_treatment', 'after_event'] as const).map((value) => (
              <option key={value} value={value}>
                {s.client.moments[value]}
              </option>
            ))}
          </SelectField>
          <button type="submit">{s.client.create}</button>
        </form>
        {link && (
          <p role="status">
            {s.client.link} <a href={link}>{link}</a>
          </p>
        )}
      </section>
      <EhrLinkSection
        clientId={id}
        link={r.client.ehrPatient}
        canLink={me.user.role !== 'reception'}
        onChange={record.reload}
      />
      <section>
        <h2>{s.client.timeline}</h2>
        <ol class="timeline">
          {entries.map((e) => (
            <li key={e.key}>
              <time dateTime={e.at}>{formatDate(e.at, lang)}</time> — {e.node}
            </li>
          ))}
        </ol>
      </section>
      {me.user.role !== 'reception' && (
        <>
          <details>
            <summary>{s.client.recordTreatment}</summary>
            <TreatmentForm
              clientId={id}
              kb={kb}
              latest={latest}
              screenings={r.screenings}
              save={(body) => post(`/api/v1/clients/${id}/treatments`, body)}
            />
          </details>
          <details>
            <summary>{s.client.reportAe}</summary>
            <AdverseEventForm
              clientId={id}
              kb={kb}
              treatmentId={r.treatments.at(-1)?.id}
              onSaved={() => {
                setSaved(s.client.saved);
                record.reload();
              }}
            />
          </details>
          <p>
            <a href={`/api/v1/clients/${id}/export`} download>
              {s.client.export}
            </a>
          </p>
        </>
      )}
      {me.user.role === 'admin' && (
        <details>
          <summary>{s.client.erase}</summary>
          <form
            onSubmit={(event) => {
              const form = formData(event);
              if (String(form.get('confirm')) !== r.client.displayName) {
                setSaved(undefined);
                setProblem(s.errors.eraseMismatch);
                return;
              }
              void attempt(async () => {
                await api('DELETE', `/api/v1/clients/${id}`);
                navigate('/app');
              });
            }}
          >
            <label class="field">
              <span>{s.client.eraseConfirm}</span>
              <input type="text" name="confirm" required />
            </label>
            <button type="submit" class="danger">
              {s.client.erase}
            </button>
          </form>
        </details>
      )}
    </>
  );
}
