/**
 * Screening in the treatment room, step 1: the client's self-report. The practitioner chooses the moment
 * and hands the device over; the client answers the questionnaire exactly as in the self-check (same
 * flow components, respondent "client", emergency stop), and it is saved as its own screening. Step 2,
 * the examination, follows on its own page; step 3 is the sign-off on the screening page.
 */
import { useCallback, useState } from 'preact/hooks';
import type { Moment } from '../../../src/clinic/index.js';
import { MOMENTS } from '../../../src/clinic/index.js';
import type { Answers, KnowledgeBase } from '../../../src/core/browser.js';
import { api } from '../api.js';
import { Emergency } from '../check/Emergency.js';
import type { Outcome } from '../check/Questionnaire.js';
import { Questionnaire } from '../check/Questionnaire.js';
import { useLang } from '../lang.js';
import { Link, navigate } from '../router.js';
import { SelectField } from '../ui/SelectField.js';
import type { Me } from './data.js';
import { formatDate, useResource } from './data.js';
import { failureText } from './failure.js';
import { WORKSPACE_STRINGS } from './strings.js';

type State =
  | { readonly kind: 'moment' }
  | { readonly kind: 'asking'; readonly moment: Moment; readonly startedAt: string }
  | { readonly kind: 'saving'; readonly moment: Moment; readonly outcome: Outcome }
  | { readonly kind: 'failed'; readonly moment: Moment; readonly outcome: Outcome; readonly why: string }
  | { readonly kind: 'emergency'; readonly outcome: Outcome; readonly screeningId: string };

/** The three steps of an in-room screening, the current one marked. */
export function InRoomSteps({ current }: { current: 1 | 2 | 3 }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  return (
    <ol class="steps" aria-label={s.inRoom.title}>
      {s.inRoom.steps.map((label, i) => (
        <li key={label} aria-current={i + 1 === current ? 'step' : undefined}>
          {label}
        </li>
      ))}
    </ol>
  );
}

export function InRoom({ clientId, kb, me }: { clientId: string; kb: KnowledgeBase; me: Me }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const client = useResource<{ client: { displayName: string } }>(`/api/v1/clients/${clientId}`);
  const [state, setState] = useState<State>({ kind: 'moment' });
  const [moment, setMoment] = useState<Moment>('first_treatment');
  const storageKey = `neckcheck.inroom.${clientId}`;

  const save = useCallback(
    (chosen: Moment, outcome: Outcome) => {
      setState({ kind: 'saving', moment: chosen, outcome });
      const { respondent: _r, moment: _m, ...answers } = outcome.answers as Answers & Record<string, unknown>;
      api<{ id: string }>('POST', `/api/v1/clients/${clientId}/screenings`, {
        moment: chosen,
        respondent: 'client',
        answers,
      }).then(
        (created) => {
          if (outcome.emergency) setState({ kind: 'emergency', outcome, screeningId: created.id });
          else navigate(`/app/screenings/${created.id}/examine`);
        },
        (error: unknown) => setState({ kind: 'failed', moment: chosen, outcome, why: failureText(error, s) }),
      );
    },
    [clientId, s],
  );
  const asking = state.kind === 'asking' ? state : undefined;
  const done = useCallback(
    (outcome: Outcome) => {
      if (asking !== undefined) save(asking.moment, outcome);
    },
    [asking, save],
  );
  const name = client.data?.client.displayName ?? '…';

  return (
    <>
      <p>
        <Link href={`/app/clients/${clientId}`}>← {name}</Link>
      </p>
      <h1>
        {s.inRoom.title} — {name}
      </h1>
      <InRoomSteps current={1} />
      <h2>
        {s.inRoom.stepOf(1)}: {s.inRoom.steps[0]}
      </h2>
      {state.kind === 'moment' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            sessionStorage.removeItem(storageKey);
            setState({ kind: 'asking', moment, startedAt: new Date().toISOString() });
          }}
        >
          <SelectField
            label={s.inRoom.moment}
            value={moment}
            onChange={(value) => setMoment(MOMENTS.find((x) => x === value) ?? 'first_treatment')}
          >
            {MOMENTS.map((value) => (
              <option key={value} value={value}>
                {s.client.moments[value]}
              </option>
            ))}
          </SelectField>
          <p class="hint">{s.inRoom.handOver}</p>
          <button type="submit">{s.inRoom.start}</button>
        </form>
      )}
      {asking !== undefined && (
        <>
          <p class="hint">
            {s.client.moments[asking.moment]} ·{' '}
            {s.inRoom.started(me.user.name, formatDate(asking.startedAt, lang))}
          </p>
          <Questionnaire
            kb={kb}
            preset={{ respondent: 'client', moment: asking.moment }}
            storageKey={storageKey}
            onDone={done}
          />
        </>
      )}
      {state.kind === 'saving' && (
        <>
          {state.outcome.emergency && (
            <Emergency assessment={state.outcome.assessment} sent={false} level={2} />
          )}
          <p role="status">{s.inRoom.saving}</p>
        </>
      )}
      {state.kind === 'failed' && (
        <div role="alert">
          {state.outcome.emergency && (
            <Emergency assessment={state.outcome.assessment} sent={false} level={2} />
          )}
          <p>
            {s.inRoom.failed} {state.why}
          </p>
          <button type="button" onClick={() => save(state.moment, state.outcome)}>
            {s.inRoom.retry}
          </button>
        </div>
      )}
      {state.kind === 'emergency' && (
        <>
          <Emergency
            assessment={state.outcome.assessment}
            sent={false}
            level={2}
            note={s.client.emergencyStaff}
          />
          <p>
            <Link href={`/app/screenings/${state.screeningId}`}>{s.client.screening}</Link> ·{' '}
            <Link href={`/app/screenings/${state.screeningId}/examine`}>{s.screening.examine}</Link>
          </p>
        </>
      )}
    </>
  );
}
