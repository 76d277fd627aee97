/**
 * A screening as the server sends it (GET /api/v1/screenings/:id): the stored screening, its reviews and
 * consents, and the clinic's record of it (whose it is, who did each step, the decisions that count).
 * The rules themselves come from src/clinic; this file only turns the JSON back into its types.
 */
import type {
  Consent,
  Currency,
  EffectiveTechnique,
  OverrideReason,
  PersonRef,
  Review,
  StepKind,
  Submitter,
} from '../../../src/clinic/index.js';
import { effectiveTechniques, OVERRIDE_REASONS } from '../../../src/clinic/index.js';
import type {
  Answers,
  AnswerValue,
  Assessment,
  Decision,
  KnowledgeBase,
  Lang,
} from '../../../src/core/browser.js';
import { UNKNOWN_ANSWER } from '../../../src/core/browser.js';
import type { ScreeningSummary } from './data.js';

/**
 * The screening as the workspace reads it: the full assessment (`detail=full`), since its pages show every
 * finding's answers, conditions and citations and switch language without asking again.
 */
export function screeningUrl(id: string): string {
  return `/api/v1/screenings/${encodeURIComponent(id)}?detail=full`;
}

export interface ApiReview {
  readonly id: string;
  readonly screeningId?: string;
  readonly kind: 'signoff' | 'override';
  readonly note: string;
  readonly userId: string;
  readonly techniqueId?: string;
  readonly decision?: Decision;
  readonly reasonCode?: string;
  readonly reasonText?: string;
  readonly createdAt: string;
}

export interface ApiConsent {
  readonly id: string;
  readonly screeningId?: string;
  readonly techniques: readonly string[];
  readonly lang?: Lang;
  readonly textShown?: string;
  readonly signerName: string;
  readonly signedAt: string;
  readonly recordedBy?: string | null;
  readonly signature: string | null;
}

export interface ApiEffective {
  readonly techniqueId: string;
  readonly force: number;
  readonly assessed: Decision;
  readonly decision: Decision;
  readonly override: ApiReview | null;
  readonly raisedBy: string | null;
}

export interface ApiStep {
  readonly kind: StepKind;
  readonly at: string;
  readonly by: Submitter;
  readonly screeningId: string;
  readonly note?: string;
}

export interface ScreeningDetail {
  readonly screening: ScreeningSummary & {
    readonly kbVersion: string;
    readonly submittedBy?: Submitter;
    readonly answers: Answers;
    readonly assessment: Assessment;
    readonly kbHash?: string;
  };
  readonly reviews: readonly ApiReview[];
  readonly consents: readonly ApiConsent[];
  /** Absent only from a server older than the clinic rules. */
  readonly record?: {
    readonly client: { readonly id: string; readonly displayName: string; readonly birthYear: number | null };
    readonly clinic: { readonly id: string; readonly name: string };
    readonly people: readonly PersonRef[];
    readonly effective: readonly ApiEffective[];
    readonly steps: readonly ApiStep[];
    readonly changes: readonly {
      readonly questionId: string;
      readonly before: AnswerValue | null;
      readonly after: AnswerValue | null;
    }[];
    readonly currency: Currency;
    /** Absent from servers before the clearance rule. */
    readonly clearanceRequired?: boolean;
  };
}

const reason = (code: string | undefined): OverrideReason =>
  (OVERRIDE_REASONS as readonly string[]).includes(code ?? '') ? (code as OverrideReason) : 'other';

/** A review as the clinic rules read it. */
export function toReview(r: ApiReview, screeningId: string): Review {
  const common = {
    id: r.id,
    clinicId: '',
    screeningId,
    userId: r.userId,
    note: r.note,
    createdAt: r.createdAt,
  };
  return r.kind === 'signoff'
    ? { ...common, kind: 'signoff' }
    : {
        ...common,
        kind: 'override',
        techniqueId: r.techniqueId ?? '',
        decision: r.decision ?? 'contraindicated',
        reasonCode: reason(r.reasonCode),
        reasonText: r.reasonText ?? '',
      };
}

export function toConsent(c: ApiConsent, screeningId: string, clientId: string): Consent {
  return {
    id: c.id,
    clinicId: '',
    clientId,
    screeningId: c.screeningId ?? screeningId,
    techniques: c.techniques,
    lang: c.lang ?? 'en',
    textShown: c.textShown ?? '',
    signerName: c.signerName,
    signedAt: c.signedAt,
    recordedBy: c.recordedBy ?? null,
    signature: c.signature,
  };
}

/** The reviews of a screening, typed. */
export function reviewsOf(detail: ScreeningDetail): readonly Review[] {
  return detail.reviews.map((r) => toReview(r, detail.screening.id));
}

/**
 * The decisions that count on this screening: the server's record of them, or (from an older server)
 * the same shared rule applied here to the reviews.
 */
export function effectiveOf(detail: ScreeningDetail): readonly EffectiveTechnique[] {
  const id = detail.screening.id;
  if (detail.record === undefined) return effectiveTechniques(detail.screening.assessment, reviewsOf(detail));
  return detail.record.effective.map((e) => ({
    ...e,
    override: e.override === null ? null : (toReview(e.override, id) as EffectiveTechnique['override']),
  }));
}

/** An answer in words, as the therapist reads it (option texts, "I don't know", units). */
export function answerText(
  kb: KnowledgeBase,
  questionId: string,
  value: AnswerValue | null | undefined,
  lang: Lang,
  words: { readonly yes: string; readonly no: string; readonly unknown: string; readonly none: string },
): string {
  if (value === null || value === undefined) return words.none;
  if (value === UNKNOWN_ANSWER) return words.unknown;
  const q = kb.index.question.get(questionId);
  const option = (id: string) => q?.options?.find((o) => o.id === id)?.text[lang] ?? id;
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'number') return q?.unit === undefined ? String(value) : `${value} ${q.unit[lang]}`;
  if (typeof value === 'string') return option(value);
  return value.map(option).join('; ');
}
