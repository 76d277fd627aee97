/** The result of a screening: plain data, serialisable to JSON, language-neutral (texts carry en and fr). */
import type { AnswerValue } from '../answers/types.js';
import type { CitationEntry } from '../kb/schema.js';
import type { Certainty, Decision, Disposition, EvidenceTag, Urgency } from '../levels.js';
import type { TraceNode } from '../logic/compile.js';
import type { LocalizedText } from '../text.js';

export interface Trigger {
  readonly questionId: string;
  /** The answer given; null when the question was unanswered (only in unresolved flags). */
  readonly answer: AnswerValue | null;
}

export interface Finding {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly title: LocalizedText;
  readonly disposition: Exclude<Disposition, 'incomplete'>;
  /** `definite`: the condition holds. `possible`: it could not be excluded and the rule errs on the safe side. */
  readonly certainty: 'definite' | 'possible';
  readonly evidence: EvidenceTag;
  readonly citations: readonly CitationEntry[];
  readonly triggers: readonly Trigger[];
  /** How each comparison of the rule's condition evaluated. */
  readonly trace: TraceNode;
  readonly client: LocalizedText;
  readonly clinician: LocalizedText;
  readonly complications: readonly string[];
}

/** A red flag that could not be excluded because an answer is missing or "I don't know". */
export interface UnresolvedFlag {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly title: LocalizedText;
  readonly disposition: 'emergency' | 'refer';
  /** The unanswered or "I don't know" questions that leave this red flag undecided. */
  readonly questionIds: readonly string[];
  readonly client: LocalizedText;
  readonly clinician: LocalizedText;
  readonly citations: readonly CitationEntry[];
}

export type DecisionReason =
  | { readonly kind: 'rule'; readonly ruleId: string; readonly decision: Decision }
  | { readonly kind: 'disposition'; readonly disposition: 'emergency' | 'refer' }
  | { readonly kind: 'review' }
  | { readonly kind: 'gentler_technique'; readonly techniqueId: string; readonly decision: Decision };

export interface TechniqueDecision {
  readonly techniqueId: string;
  readonly name: LocalizedText;
  readonly force: number;
  readonly decision: Decision;
  readonly reasons: readonly DecisionReason[];
}

export interface PrecautionItem {
  readonly precautionId: string;
  readonly text: LocalizedText;
  /** Standard care for everyone, as opposed to a precaution specific to this person. */
  readonly standard: boolean;
  readonly site?: string;
  readonly ruleIds: readonly string[];
}

export interface Referral {
  readonly to: string;
  readonly name: LocalizedText;
  readonly urgency: Urgency;
  readonly ruleIds: readonly string[];
}

export interface AlternativeItem {
  readonly alternativeId: string;
  readonly name: LocalizedText;
  readonly certainty: Certainty;
  readonly evidenceSummary: LocalizedText;
  readonly ruleIds: readonly string[];
  readonly goals: readonly string[];
}

export interface ProfessionFit {
  readonly professionId: string;
  readonly name: LocalizedText;
  /** At least one technique in this profession's usual scope is allowed (possibly with precautions). */
  readonly suitable: boolean;
  readonly techniques: readonly string[];
}

export interface OpenQuestion {
  readonly questionId: string;
  readonly text: LocalizedText;
  readonly redFlag: boolean;
  readonly ruleIds: readonly string[];
}

export interface Assessment {
  readonly kb: { readonly id: string; readonly version: string; readonly hash: string };
  readonly engineVersion: string;
  /** Supplied by the caller; the engine never reads a clock. */
  readonly assessedAt: string | null;
  readonly disposition: Disposition;
  /** True when at least one red flag could not be excluded: a clinician must review before treatment. */
  readonly reviewNeeded: boolean;
  readonly techniques: readonly TechniqueDecision[];
  readonly findings: readonly Finding[];
  readonly unresolved: readonly UnresolvedFlag[];
  readonly precautions: readonly PrecautionItem[];
  readonly referrals: readonly Referral[];
  readonly alternatives: readonly AlternativeItem[];
  readonly professions: readonly ProfessionFit[];
  readonly openQuestions: readonly OpenQuestion[];
}
