/**
 * Intake by link: the same questionnaire, sent to the clinic when complete (or at an emergency stop, once
 * the person has confirmed the emergency answer).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Answers, Assessment, KnowledgeBase } from '../../../src/core/browser.js';
import { ApiError, api } from '../api.js';
import { knowledgeBase } from '../knowledge.js';
import { useLang } from '../lang.js';
import { Layout } from '../ui/Layout.js';
import { Emergency } from './Emergency.js';
import type { Outcome } from './Questionnaire.js';
import { Questionnaire } from './Questionnaire.js';
import { Result } from './Result.js';

interface IntakeInfo {
  readonly clinic: string;
  readonly moment: string;
}

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'closed'; readonly reason: 'notFound' | 'used' | 'expired' }
  | { readonly kind: 'asking'; readonly info: IntakeInfo; readonly kb: KnowledgeBase }
  | {
      readonly kind: 'sending';
      readonly info: IntakeInfo;
      readonly kb: KnowledgeBase;
      readonly outcome: Outcome;
    }
  | {
      readonly kind: 'failed';
      readonly info: IntakeInfo;
      readonly kb: KnowledgeBase;
      readonly outcome: Outcome;
    }
  | {
      readonly kind: 'done';
      readonly info: IntakeInfo;
      readonly kb: KnowledgeBase;
      readonly outcome: Outcome;
      readonly assessment: Assessment;
    };

const closedReason = (error: unknown): 'notFound' | 'used' | 'expired' =>
  error instanceof ApiError && error.code === 'intake_used'
    ? 'used'
    : error instanceof ApiError && error.code === 'intake_expired'
      ? 'expired'
      : 'notFound';

export function Intake({ token }: { token: string }) {
  const { t } = useLang();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const url = `/api/v1/intake/${encodeURIComponent(token)}`;

  useEffect(() => {
    Promise.all([api<IntakeInfo>('GET', url), knowledgeBase()]).then(
      ([info, kb]) => setState({ kind: 'asking', info, kb }),
      (error: unknown) => setState({ kind: 'closed', reason: closedReason(error) }),
    );
  }, [url]);

  const send = useCallback(
    (info: IntakeInfo, kb: KnowledgeBase, outcome: Outcome) => {
      setState({ kind: 'sending', info, kb, outcome });
      const { respondent: _r, moment: _m, ...answers } = outcome.answers as Answers & Record<string, unknown>;
      // The result page renders the full assessment; the link is single-use, so it is asked for at once.
      api<{ assessment: Assessment }>('POST', `${url}?detail=full`, { answers }).then(
        ({ assessment }) => setState({ kind: 'done', info, kb, outcome, assessment }),
        (error: unknown) =>
          error instanceof ApiError && error.status === 410
            ? setState({ kind: 'closed', reason: closedReason(error) })
            : setState({ kind: 'failed', info, kb, outcome }),
      );
    },
    [url],
  );

  const title =
    state.kind === 'loading' || state.kind === 'closed' ? t.appName : t.intake.title(state.info.clinic);
  return (
    <Layout title={title}>
      {state.kind === 'loading' && <p>{t.flow.loading}</p>}
      {state.kind === 'closed' && (
        <p class="notice" role="alert">
          {t.intake[state.reason]}
        </p>
      )}
      {state.kind === 'asking' && (
        <>
          <h1>{title}</h1>
          <Questionnaire
            kb={state.kb}
            preset={{ respondent: 'client', moment: state.info.moment }}
            storageKey={`neckcheck.intake.${token}`}
            confirmEmergency
            onDone={(outcome) => send(state.info, state.kb, outcome)}
          />
        </>
      )}
      {state.kind === 'sending' &&
        (state.outcome.emergency ? (
          <Emergency assessment={state.outcome.assessment} sent={false} />
        ) : (
          <p role="status">{t.intake.submitting}</p>
        ))}
      {state.kind === 'failed' && (
        <div role="alert">
          {state.outcome.emergency && <Emergency assessment={state.outcome.assessment} sent={false} />}
          <p>{t.intake.failed}</p>
          <button type="button" onClick={() => send(state.info, state.kb, state.outcome)}>
            {t.intake.retry}
          </button>
        </div>
      )}
      {state.kind === 'done' &&
        (state.outcome.emergency ? (
          <Emergency assessment={state.assessment} sent={true} />
        ) : (
          <Result kb={state.kb} assessment={state.assessment} note={t.result.sentTo(state.info.clinic)} />
        ))}
    </Layout>
  );
}
