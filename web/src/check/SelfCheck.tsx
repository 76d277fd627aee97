/** The anonymous self-check: the engine runs here, in the browser; no answer leaves the device. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { KnowledgeBase } from '../../../src/core/browser.js';
import { knowledgeBase } from '../knowledge.js';
import { useLang } from '../lang.js';
import { Layout } from '../ui/Layout.js';
import { Emergency } from './Emergency.js';
import type { Outcome } from './Questionnaire.js';
import { Questionnaire } from './Questionnaire.js';
import { Result } from './Result.js';

const STORAGE = 'neckcheck.selfcheck';
const PRESET = { respondent: 'client' } as const;

export function SelfCheck() {
  const { t } = useLang();
  const [kb, setKb] = useState<KnowledgeBase | undefined>();
  const [failed, setFailed] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [round, setRound] = useState(0);
  const [resume, setResume] = useState<Outcome | undefined>();
  useEffect(() => {
    knowledgeBase().then(setKb, () => setFailed(true));
  }, []);
  const done = useCallback((o: Outcome) => setOutcome(o), []);
  const restart = () => {
    sessionStorage.removeItem(STORAGE);
    setOutcome(undefined);
    setResume(undefined);
    setRound((r) => r + 1);
  };
  /** "I answered wrongly": back to the page of the emergency answer, that answer cleared, the others kept. */
  const back = () => {
    setResume(outcome);
    setOutcome(undefined);
    setRound((r) => r + 1);
  };
  return (
    <Layout title={t.nav.check}>
      {failed && <p role="alert">{t.error.generic}</p>}
      {!failed && kb === undefined && <p>{t.flow.loading}</p>}
      {kb !== undefined && outcome === undefined && (
        <>
          <h1>{t.home.title}</h1>
          <p class="privacy">{t.flow.privacy}</p>
          <Questionnaire
            key={round}
            kb={kb}
            preset={PRESET}
            storageKey={STORAGE}
            onDone={done}
            confirmEmergency
            {...(resume === undefined ? {} : { resume })}
          />
        </>
      )}
      {kb !== undefined && outcome?.emergency === true && (
        <Emergency assessment={outcome.assessment} sent={false} onBack={back} />
      )}
      {kb !== undefined && outcome?.emergency === false && (
        <Result kb={kb} assessment={outcome.assessment} onRestart={restart} />
      )}
    </Layout>
  );
}
