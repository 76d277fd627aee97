/**
 * One service call, decided: which screening is on file (the latest of NeckCheck's own and the EHR's
 * QuestionnaireResponse), whether it is still valid and covers what the record shows, and the cards that
 * follow. For appointment-book, only bookings of neck massage or manual therapy get cards.
 */
import type { Answers, Assessment, KnowledgeBase, Lang } from '../core/index.js';
import { assess } from '../core/index.js';
import { neckAppointments } from './appointment.js';
import type { Basis } from './assessment-cards.js';
import { assessmentCards } from './assessment-cards.js';
import type { CardDetail, CardEnv } from './card-parts.js';
import { byUrgency } from './card-parts.js';
import type { CdsHook } from './constants.js';
import { days, isoDate } from './dates.js';
import { md } from './markdown.js';
import { newRiskFactors } from './new-risk.js';
import type { PrefetchedRecord } from './prefetch.js';
import { notProvided } from './prefetch.js';
import type { PromptTarget } from './prompt-cards.js';
import { promptCard } from './prompt-cards.js';
import { latestEhrScreening } from './questionnaire-response.js';
import type { RecordAnswers } from './record-answers.js';
import { answersFromPrefetched } from './record-answers.js';
import type { ScreeningReviews } from './review-card.js';
import { reviewCard, reviewNote } from './review-card.js';
import type { Card } from './schemas.js';
import { T } from './texts.js';

/** A screening NeckCheck holds for the linked client. */
export interface StoredScreening {
  readonly id: string;
  readonly submittedAt: string;
  readonly validUntil: string;
  readonly answers: Answers;
  readonly assessment: Assessment;
  /** Clinicians' reviews of it: the decisions in force after overrides (none: as assessed). */
  readonly reviews?: ScreeningReviews;
}

export interface ServiceCall {
  readonly kb: KnowledgeBase;
  readonly hook: CdsHook;
  readonly lang: Lang;
  /** Compact cards unless the caller asks for the full detail. */
  readonly detail?: CardDetail;
  /** The server's clock, ISO 8601: validity, age and "recent" are computed at this instant. */
  readonly now: string;
  readonly publicUrl: string;
  readonly newUuid: () => string;
  readonly patientId: string;
  readonly ehrSystem: string;
  readonly linkedClientId: string | null;
  /** The linked client's latest screening in NeckCheck, if any. */
  readonly stored: StoredScreening | undefined;
  readonly prefetched: PrefetchedRecord;
  readonly context: Readonly<Record<string, unknown>>;
  /** How long a screening found in the EHR counts as valid (NeckCheck's own carry their validUntil). */
  readonly screeningValidityDays: number;
}

interface OnFile {
  readonly answers: Answers;
  readonly assessment: Assessment;
  readonly submittedAt: number;
  readonly validUntil: number;
  readonly basis: Basis;
  readonly reviews?: ScreeningReviews;
}

function onFile(call: ServiceCall, notes: readonly string[]): OnFile | undefined {
  const { kb, lang } = call;
  const ehr = latestEhrScreening(kb, call.prefetched.questionnaireResponses);
  const candidates: OnFile[] = [];
  if (call.stored !== undefined) {
    const { reviews } = call.stored;
    const submittedAt = Date.parse(call.stored.submittedAt);
    const reviewed = reviews === undefined ? undefined : reviewNote(reviews, kb, lang);
    candidates.push({
      answers: call.stored.answers,
      assessment: call.stored.assessment,
      submittedAt,
      validUntil: Date.parse(call.stored.validUntil),
      basis: {
        line: `${T.screeningOf[lang]} ${isoDate(submittedAt)} (${T.overall[lang]}: ${T[call.stored.assessment.disposition][lang]})`,
        date: isoDate(submittedAt),
        screeningUrl: `${call.publicUrl}/app/screenings/${encodeURIComponent(call.stored.id)}`,
        notes: reviewed === undefined ? notes : [...notes, reviewed],
      },
      ...(reviews === undefined ? {} : { reviews }),
    });
  }
  if (ehr !== undefined) {
    const assessment = assess(kb, ehr.answers);
    const unreadable =
      ehr.dropped.length === 0
        ? []
        : [`${md(T.unreadable[lang])}: ${ehr.dropped.map((id) => md(id)).join(', ')}`];
    candidates.push({
      answers: ehr.answers,
      assessment,
      submittedAt: ehr.authoredAt,
      validUntil: ehr.authoredAt + days(call.screeningValidityDays),
      basis: {
        line: `${T.ehrScreeningOf[lang]} ${isoDate(ehr.authoredAt)} (${ehr.source}; ${T.overall[lang]}: ${T[assessment.disposition][lang]})`,
        date: isoDate(ehr.authoredAt),
        notes: [...notes, ...unreadable],
      },
    });
  }
  return candidates.sort((a, b) => b.submittedAt - a.submittedAt)[0];
}

/** Findings the record alone makes certain (e.g. an anticoagulant → bleeding precautions). */
function recordCards(
  call: ServiceCall,
  env: CardEnv,
  record: RecordAnswers,
  notes: readonly string[],
  skip?: ReadonlySet<string>,
): Card[] {
  if (Object.keys(record.answers).length === 0) return [];
  const basis: Basis = { line: T.recordOnly[call.lang], date: isoDate(Date.parse(call.now)), notes };
  return assessmentCards(assess(call.kb, record.answers), env, basis, {
    proceedCard: false,
    definiteOnly: true,
    unresolvedCard: false,
    ...(skip === undefined ? {} : { skipRules: skip }),
  });
}

export function cardsForCall(call: ServiceCall): Card[] {
  const appointments =
    call.hook === 'appointment-book' ? neckAppointments(call.kb, call.context.appointments) : undefined;
  if (appointments !== undefined && appointments.length === 0) return [];
  const notes = (appointments ?? []).map((a) => `${md(a.label, 120)} (${md(a.source, 120)})`);
  const record = answersFromPrefetched(call.kb, call.prefetched, { referenceDate: call.now });
  const env: CardEnv = {
    kb: call.kb,
    lang: call.lang,
    detail: call.detail ?? 'compact',
    publicUrl: call.publicUrl,
    newUuid: call.newUuid,
    record,
  };
  const target: PromptTarget = {
    hook: call.hook,
    patientId: call.patientId,
    ehrSystem: call.ehrSystem,
    linkedClientId: call.linkedClientId,
    notProvided: notProvided(call.prefetched),
    notes,
  };
  const screening = onFile(call, notes);
  if (screening === undefined)
    return byUrgency([
      promptCard({ kind: 'no_screening' }, env, target),
      ...recordCards(call, env, record, notes),
    ]);
  if (screening.validUntil <= Date.parse(call.now)) {
    const prompt = {
      kind: 'expired',
      date: isoDate(screening.validUntil),
      lastLine: screening.basis.line,
    } as const;
    return byUrgency([promptCard(prompt, env, target), ...recordCards(call, env, record, notes)]);
  }
  const reviewed =
    screening.reviews === undefined ? undefined : reviewCard(screening.reviews, env, screening.basis);
  const reviewCards = reviewed === undefined ? [] : [reviewed];
  const factors = newRiskFactors(call.kb, record.provenance, screening.answers);
  if (factors.length === 0)
    return byUrgency([
      ...assessmentCards(screening.assessment, env, screening.basis, {
        proceedCard: true,
        definiteOnly: false,
        unresolvedCard: true,
      }),
      ...reviewCards,
    ]);
  const shown = assessmentCards(screening.assessment, env, screening.basis, {
    proceedCard: false,
    definiteOnly: false,
    unresolvedCard: true,
  });
  const skip = new Set(screening.assessment.findings.map((f) => f.ruleId));
  return byUrgency([
    promptCard({ kind: 'new_risk', factors }, env, target),
    ...shown,
    ...reviewCards,
    ...recordCards(call, env, record, notes, skip),
  ]);
}
