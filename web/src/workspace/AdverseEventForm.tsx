/**
 * Reporting an adverse event: the symptoms are answered through the engine's after-event questions (the
 * same question components as the questionnaire), free text stays as an addition. An answer that calls
 * for emergency care shows the emergency instructions at once, before anything is saved; the server
 * triages the answers as an after-event screening, which puts the client at the top of Today.
 */
import { useState } from 'preact/hooks';
import { applicableAfterEventQuestions } from '../../../src/clinic/index.js';
import type { Answers, AnswerValue, Assessment, KnowledgeBase } from '../../../src/core/browser.js';
import { assess, nextQuestions } from '../../../src/core/browser.js';
import { api } from '../api.js';
import { Emergency } from '../check/Emergency.js';
import { QuestionField } from '../check/QuestionField.js';
import { useLang } from '../lang.js';
import { Link } from '../router.js';
import { SelectField } from '../ui/SelectField.js';
import { failureText } from './failure.js';
import { WORKSPACE_STRINGS } from './strings.js';

interface Saved {
  readonly triage?: {
    readonly screeningId: string;
    readonly disposition: string;
    readonly emergency: boolean;
  };
  readonly triageScreeningId?: string | null;
}

export function AdverseEventForm(props: {
  clientId: string;
  kb: KnowledgeBase;
  treatmentId: string | undefined;
  onSaved: () => void;
}) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const [triage, setTriage] = useState<Record<string, AnswerValue | undefined>>({});
  const [missing, setMissing] = useState<readonly string[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  const [saved, setSaved] = useState<{
    screeningId: string | undefined;
    assessment: Assessment;
    emergency: boolean;
  }>();

  const entered: Record<string, AnswerValue> = {};
  for (const [id, v] of Object.entries(triage)) if (v !== undefined) entered[id] = v;
  const questions = applicableAfterEventQuestions(props.kb, entered);
  // An answer to a follow-up that no longer applies (its trigger was unticked) is not sent.
  const given: Record<string, AnswerValue> = {};
  for (const q of questions) if (entered[q.id] !== undefined) given[q.id] = entered[q.id] as AnswerValue;
  const answers: Answers = { ...given, respondent: 'clinician', moment: 'after_event' };
  const step = nextQuestions(props.kb, answers);
  const emergencyNow = step.status === 'emergency';

  const submit = async (event: Event) => {
    event.preventDefault();
    const target = event.currentTarget as HTMLFormElement;
    const unanswered = questions.filter((q) => given[q.id] === undefined).map((q) => q.id);
    setMissing(unanswered);
    setProblem(undefined);
    if (unanswered.length > 0 && !emergencyNow) {
      setProblem(s.client.answerAll);
      return;
    }
    const form = new FormData(target);
    const techniqueId = String(form.get('techniqueId') ?? '');
    const assessment = step.status === 'ask' ? assess(props.kb, answers) : step.assessment;
    try {
      const created = await api<Saved>('POST', `/api/v1/clients/${props.clientId}/adverse-events`, {
        onset: new Date(String(form.get('onset'))).toISOString(),
        symptoms: String(form.get('symptoms') ?? ''),
        severity: Number(form.get('severity')),
        actionTaken: String(form.get('actionTaken') ?? ''),
        followUp: String(form.get('followUp') ?? ''),
        triage: given,
        ...(techniqueId === '' ? {} : { techniqueId }),
        ...(props.treatmentId === undefined ? {} : { treatmentId: props.treatmentId }),
      });
      const screeningId = created.triage?.screeningId ?? created.triageScreeningId ?? undefined;
      const emergency = created.triage?.emergency ?? emergencyNow;
      setSaved({ screeningId, assessment, emergency });
      target.reset();
      setTriage({});
      setMissing([]);
      props.onSaved();
    } catch (e) {
      setProblem(failureText(e, s));
    }
  };

  return (
    <form onSubmit={submit}>
      {emergencyNow && (
        <Emergency assessment={step.assessment} sent={false} level={2} note={s.client.emergencyStaff} />
      )}
      {!emergencyNow && saved?.emergency === true && (
        <Emergency assessment={saved.assessment} sent={false} level={2} note={s.client.emergencyStaff} />
      )}
      {saved?.screeningId !== undefined && (
        <p role="status">
          {s.client.triageSaved}{' '}
          <Link href={`/app/screenings/${saved.screeningId}`}>{s.client.openTriage}</Link>
        </p>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <SelectField label={s.screening.technique} name="techniqueId">
        <option value="">—</option>
        {props.kb.techniques.map((tech) => (
          <option key={tech.id} value={tech.id}>
            {tech.name[lang]}
          </option>
        ))}
      </SelectField>
      <label class="field">
        <span>{s.client.onset}</span>
        <input type="datetime-local" name="onset" required />
      </label>
      <h3>{s.client.triage}</h3>
      <p class="hint">{s.client.triageHint}</p>
      {questions.map((q) => (
        <QuestionField
          key={q.id}
          question={q}
          value={triage[q.id]}
          error={missing.includes(q.id)}
          onChange={(value) => {
            setTriage((current) => ({ ...current, [q.id]: value }));
            if (value !== undefined) setMissing((ids) => ids.filter((id) => id !== q.id));
          }}
        />
      ))}
      <label class="field">
        <span>{s.client.symptomsMore}</span>
        <textarea name="symptoms" maxLength={4000} />
      </label>
      <SelectField label={s.client.severity} name="severity">
        {s.client.severities.map((label, i) => (
          <option key={label} value={i + 1}>
            {label}
          </option>
        ))}
      </SelectField>
      <label class="field">
        <span>{s.client.action}</span>
        <input type="text" name="actionTaken" />
      </label>
      <label class="field">
        <span>{s.client.followUp}</span>
        <input type="text" name="followUp" />
      </label>
      <button type="submit">{s.client.save}</button>
    </form>
  );
}
