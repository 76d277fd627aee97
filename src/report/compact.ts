/**
 * The compact view of an assessment that the API sends by default (ADR 0018): what to do and why, in one
 * language, for one reader. Rules, citations, questions and the knowledge-base entries are named by id
 * (their full text is in the knowledge base the view names by version and hash); no traces, no citation
 * bodies, no second language. The full Assessment stays available on request.
 */
import type { Assessment, Decision, Finding, KnowledgeBase, Lang, Urgency } from '../core/index.js';
import type { Audience } from './answers.js';
import { clientFindingMessage, clientUnresolvedMessage } from './client.js';
import type { Headline } from './headline.js';
import { buildHeadline } from './headline.js';

/** How a client gets the full explanation: the same request with `detail=full`. */
export interface FullDetailLink {
  readonly method: 'GET' | 'POST';
  readonly href: string;
}

export interface CompactFinding {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly title: string;
  readonly disposition: Assessment['findings'][number]['disposition'];
  readonly certainty: 'definite' | 'possible';
  /**
   * The client's or the clinician's words, as suits the reader. Left out for standard care (a `proceed`
   * finding whose rule adds precautions): what it asks of everyone is in `precautions`, in the same words.
   */
  readonly text?: string;
  readonly questionIds: readonly string[];
  readonly citationIds: readonly string[];
}

export interface CompactUnresolved {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly title: string;
  readonly disposition: 'emergency' | 'refer';
  readonly text: string;
  readonly questionIds: readonly string[];
}

export interface CompactAssessment {
  readonly detail: 'compact';
  readonly lang: Lang;
  readonly audience: Audience;
  readonly kb: Assessment['kb'];
  readonly engineVersion: string;
  readonly assessedAt: string | null;
  readonly disposition: Assessment['disposition'];
  readonly reviewNeeded: boolean;
  readonly headline: Pick<Headline, 'level' | 'cause' | 'label' | 'text'>;
  readonly techniques: readonly {
    readonly techniqueId: string;
    readonly name: string;
    readonly decision: Decision;
  }[];
  readonly findings: readonly CompactFinding[];
  readonly unresolved: readonly CompactUnresolved[];
  readonly precautions: readonly {
    readonly precautionId: string;
    readonly text: string;
    readonly standard: boolean;
    readonly site?: string;
  }[];
  readonly referrals: readonly { readonly to: string; readonly name: string; readonly urgency: Urgency }[];
  readonly alternatives: readonly { readonly alternativeId: string; readonly name: string }[];
  readonly professions: readonly {
    readonly professionId: string;
    readonly name: string;
    readonly suitable: boolean;
  }[];
  readonly openQuestionIds: readonly string[];
  /** Where to get the full assessment; null when the request cannot be repeated (a single-use link). */
  readonly full: FullDetailLink | null;
}

export interface CompactOptions {
  readonly lang: Lang;
  readonly audience: Audience;
  readonly full: FullDetailLink | null;
}

function isStandardCare(kb: KnowledgeBase, finding: Finding): boolean {
  return (
    finding.disposition === 'proceed' && (kb.index.rule.get(finding.ruleId)?.precautions ?? []).length > 0
  );
}

export function compactAssessment(
  kb: KnowledgeBase,
  assessment: Assessment,
  options: CompactOptions,
): CompactAssessment {
  const { lang, audience } = options;
  const client = audience === 'client';
  const headline = buildHeadline(kb, assessment, lang);
  const techniqueName = (id: string, fallback: string): string => {
    const t = kb.index.technique.get(id);
    return t === undefined ? fallback : (client ? t.client.name : t.name)[lang];
  };
  return {
    detail: 'compact',
    lang,
    audience,
    kb: assessment.kb,
    engineVersion: assessment.engineVersion,
    assessedAt: assessment.assessedAt,
    disposition: assessment.disposition,
    reviewNeeded: assessment.reviewNeeded,
    headline: { level: headline.level, cause: headline.cause, label: headline.label, text: headline.text },
    techniques: assessment.techniques.map((t) => ({
      techniqueId: t.techniqueId,
      name: techniqueName(t.techniqueId, t.name[lang]),
      decision: t.decision,
    })),
    findings: assessment.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleVersion: f.ruleVersion,
      title: f.title[lang],
      disposition: f.disposition,
      certainty: f.certainty,
      ...(isStandardCare(kb, f) ? {} : { text: client ? clientFindingMessage(f, lang) : f.clinician[lang] }),
      questionIds: f.triggers.map((t) => t.questionId),
      citationIds: f.citations.map((c) => c.id),
    })),
    unresolved: assessment.unresolved.map((u) => ({
      ruleId: u.ruleId,
      ruleVersion: u.ruleVersion,
      title: u.title[lang],
      disposition: u.disposition,
      text: client ? clientUnresolvedMessage(u, lang) : u.clinician[lang],
      questionIds: u.questionIds,
    })),
    precautions: assessment.precautions.map((p) => ({
      precautionId: p.precautionId,
      text: p.text[lang],
      standard: p.standard,
      ...(p.site === undefined ? {} : { site: p.site }),
    })),
    referrals: assessment.referrals.map((r) => ({ to: r.to, name: r.name[lang], urgency: r.urgency })),
    alternatives: assessment.alternatives.map((a) => ({
      alternativeId: a.alternativeId,
      name: a.name[lang],
    })),
    professions: assessment.professions.map((p) => ({
      professionId: p.professionId,
      name: p.name[lang],
      suitable: p.suitable,
    })),
    openQuestionIds: assessment.openQuestions.map((q) => q.questionId),
    full: options.full,
  };
}
