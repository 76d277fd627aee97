/**
 * The knowledge base once loaded: every reference resolved, every condition parsed and compiled.
 * Plain data plus closures; nothing here performs I/O.
 */
import type { Decision, Disposition, EvidenceTag, Urgency } from '../levels.js';
import type { Evaluator, TracingEvaluator, UnknownCollector } from '../logic/compile.js';
import type { Condition } from '../logic/condition.js';
import type { RecordMapping } from './record-mapping.js';
import type {
  AlternativeEntry,
  CitationEntry,
  ComplicationEntry,
  IndicationEntry,
  MetaEntry,
  PrecautionEntry,
  ProfessionEntry,
  QuestionEntry,
  ReferralTargetEntry,
  RuleEntry,
  SectionEntry,
  SiteEntry,
  TechniqueEntry,
} from './schema.js';
import type { Terminology } from './terminology.js';

export interface Question extends Omit<QuestionEntry, 'enableWhen'> {
  readonly index: number;
  readonly enableWhen: Condition | undefined;
  readonly isEnabled: Evaluator | undefined;
  /** The earlier questions its enableWhen reads. */
  readonly gates: readonly string[];
  /** True when an emergency or referral rule reads this question. */
  readonly redFlag: boolean;
}

export interface Rule extends Omit<RuleEntry, 'when' | 'disposition' | 'techniques'> {
  readonly disposition: Exclude<Disposition, 'incomplete'>;
  readonly when: Condition;
  readonly techniques: Readonly<Record<string, Decision>>;
  readonly evaluate: Evaluator;
  readonly trace: TracingEvaluator;
  readonly collectUnknown: UnknownCollector;
  /** The citations, resolved. */
  readonly sources: readonly CitationEntry[];
  readonly evidence: EvidenceTag;
  readonly referral?: { readonly to: string; readonly urgency: Urgency };
}

export interface KnowledgeBase {
  readonly meta: MetaEntry;
  /** SHA-256 of the canonical JSON of every source file; recorded in every assessment. */
  readonly hash: string;
  readonly sections: readonly SectionEntry[];
  readonly questions: readonly Question[];
  readonly rules: readonly Rule[];
  /** Ordered by force, gentlest first. */
  readonly techniques: readonly TechniqueEntry[];
  readonly sites: readonly SiteEntry[];
  readonly professions: readonly ProfessionEntry[];
  readonly precautions: readonly PrecautionEntry[];
  readonly referralTargets: readonly ReferralTargetEntry[];
  readonly complications: readonly ComplicationEntry[];
  readonly indications: readonly IndicationEntry[];
  readonly alternatives: readonly AlternativeEntry[];
  readonly citations: readonly CitationEntry[];
  /** What an EHR record's codes and words answer (empty when the knowledge base has no mapping). */
  readonly recordMapping: RecordMapping;
  /** Standard codes (LOINC, SNOMED CT, UCUM) beside our own (empty when the knowledge base has none). */
  readonly terminology: Terminology;
  readonly index: KbIndex;
}

export interface KbIndex {
  readonly question: ReadonlyMap<string, Question>;
  readonly rule: ReadonlyMap<string, Rule>;
  readonly technique: ReadonlyMap<string, TechniqueEntry>;
  readonly precaution: ReadonlyMap<string, PrecautionEntry>;
  readonly referralTarget: ReadonlyMap<string, ReferralTargetEntry>;
  readonly alternative: ReadonlyMap<string, AlternativeEntry>;
  readonly citation: ReadonlyMap<string, CitationEntry>;
  readonly complication: ReadonlyMap<string, ComplicationEntry>;
  readonly profession: ReadonlyMap<string, ProfessionEntry>;
  readonly site: ReadonlyMap<string, SiteEntry>;
}
