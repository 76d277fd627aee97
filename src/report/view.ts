/**
 * What a report says, in one language, before any layout: the text, Markdown and HTML renderers all
 * render this view, so they always carry the same content in the same order.
 */

import type { ScreeningRecord } from '../clinic/index.js';
import type {
  Assessment,
  Decision,
  DecisionReason,
  Disposition,
  KnowledgeBase,
  Lang,
  TechniqueDecision,
} from '../core/index.js';
import { isReviewed } from '../core/kb/governance.js';
import type { Audience } from './answers.js';
import { formatAnswer, questionLabel } from './answers.js';
import type { CitationView } from './citations.js';
import { citationView } from './citations.js';
import {
  clientDoctorLines,
  clientFindingMessage,
  clientProfessions,
  clientUnresolvedMessage,
  inSentence,
} from './client.js';
import { formatDateTime } from './dates.js';
import type { Headline } from './headline.js';
import { buildHeadline } from './headline.js';
import type { Messages } from './messages.js';
import { messages } from './messages.js';
import type { RecordView } from './record.js';
import { buildRecordView, reviewLines } from './record.js';

export interface ReportOptions {
  /** Whose messages to show for each finding; the clinician's by default. */
  readonly audience?: Audience;
  /**
   * The stored screening this assessment belongs to: the report then says whose it is and what was
   * recorded on it, and shows each technique's decision as it counts after clinicians' overrides.
   */
  readonly record?: ScreeningRecord;
  /**
   * For a clinic's report: the rules its clinical lead approved, as `ID@version` (see approvedRuleVersions
   * in src/clinic); each finding from a rule not among them says so. Left out, nothing is said.
   */
  readonly clinicApproved?: ReadonlySet<string>;
}

export interface QuestionAnswerView {
  readonly question: string;
  readonly answer: string;
}

export interface FindingView {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly title: string;
  readonly disposition: Disposition;
  readonly certainty: 'definite' | 'possible';
  /** For clinicians only: the evidence tag explained. */
  readonly evidence?: string;
  /** For clinicians only: rule, version, disposition, certainty and evidence on one line. */
  readonly meta?: string;
  readonly message: string;
  readonly triggers: readonly QuestionAnswerView[];
  readonly citations: readonly CitationView[];
}

export interface UnresolvedView {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly title: string;
  readonly disposition: Disposition;
  /** For clinicians only. */
  readonly meta?: string;
  readonly message: string;
  readonly questions: readonly string[];
  readonly citations: readonly CitationView[];
}

export interface TechniqueView {
  readonly name: string;
  /** The decision that counts: the engine's, or after clinicians' reviews when the report has a record. */
  readonly decision: Decision;
  /** The decision in the audience's words. */
  readonly label: string;
  /** The engine's main reason for its own decision. */
  readonly reason: string;
  /** With a record only: what clinicians' reviews changed (empty when nothing). */
  readonly review?: readonly string[];
}

/** The section headings, worded for the audience. */
export interface SectionHeadings {
  readonly why: string;
  readonly unresolved: string;
  readonly referrals: string;
  readonly alternatives: string;
  readonly professions: string;
  readonly openQuestions: string;
}

export interface ReportView {
  readonly lang: Lang;
  readonly audience: Audience;
  readonly m: Messages;
  readonly title: string;
  /** Only for a stored screening (see ReportOptions.record). */
  readonly record?: RecordView;
  readonly disposition: Disposition;
  /** The one instruction; client outputs lead with it and every section agrees with it. */
  readonly headline: Headline;
  readonly headings: SectionHeadings;
  /** The emergency instructions, only for an emergency. */
  readonly emergencySteps: readonly string[];
  readonly techniques: readonly TechniqueView[];
  readonly findings: readonly FindingView[];
  readonly unresolved: readonly UnresolvedView[];
  /** Therapists' instructions: empty for the client audience. */
  readonly casePrecautions: readonly string[];
  readonly standardPrecautions: readonly string[];
  /**
   * Clinicians: "A physician: Within days (In the next few days...)". Clients: when to see a doctor,
   * in the headline's words whenever it sends the person to care.
   */
  readonly referrals: readonly string[];
  readonly alternatives: readonly {
    readonly name: string;
    readonly certainty: string;
    readonly summary: string;
  }[];
  /**
   * The suitable professions with the techniques they may use, or a single "none at this time"; for
   * clients, whom the headline sends them to comes first and "none" never appears.
   */
  readonly professions: readonly string[];
  readonly openQuestions: readonly string[];
  readonly about: readonly { readonly label: string; readonly value: string }[];
  readonly disclaimer: string;
}

export function buildReportView(
  kb: KnowledgeBase,
  assessment: Assessment,
  lang: Lang,
  options: ReportOptions = {},
): ReportView {
  const audience = options.audience ?? 'clinician';
  const client = audience === 'client';
  const clinicSigned = (f: { ruleId: string; ruleVersion: number }): boolean =>
    options.clinicApproved?.has(`${f.ruleId}@${f.ruleVersion}`) ?? true;
  const m = messages(lang);
  const headline = buildHeadline(kb, assessment, lang);
  const techniqueName = (id: string): string => {
    const t = kb.index.technique.get(id);
    return t === undefined ? id : (client ? t.client.name : t.name)[lang];
  };
  const professions = assessment.professions
    .filter((p) => p.suitable)
    .map((p) => `${p.name[lang]}: ${p.techniques.map(techniqueName).join('; ')}`);
  const precautions = client ? [] : assessment.precautions;
  const { record } = options;
  const assessedAt =
    assessment.assessedAt == null
      ? m.meta.notRecorded
      : record === undefined
        ? assessment.assessedAt
        : formatDateTime(assessment.assessedAt, lang);
  return {
    lang,
    audience,
    m,
    title: m.title,
    ...(record === undefined ? {} : { record: buildRecordView(kb, record, lang, audience) }),
    disposition: assessment.disposition,
    headline,
    headings: client
      ? {
          ...m.client.heading,
          why: m.client.heading.found,
          unresolved: m.client.heading.unknown,
          referrals: m.client.heading.doctor,
        }
      : m.heading,
    emergencySteps: headline.level === 'emergency' ? m.emergency.steps : [],
    techniques: assessment.techniques.map((t) => {
      const reason = client ? clientReasonText(kb, assessment, t, lang) : reasonText(kb, t, lang);
      const label = (d: Decision): string => (client ? m.client.decision[d] : m.decision[d].label);
      const base = {
        name: techniqueName(t.techniqueId),
        decision: t.decision,
        label: label(t.decision),
        reason,
      };
      const e = record?.effective.find((x) => x.techniqueId === t.techniqueId);
      if (record === undefined) return base;
      if (e === undefined) return { ...base, review: [] };
      return {
        ...base,
        decision: e.decision,
        label: label(e.decision),
        review: reviewLines(kb, record, e, lang),
      };
    }),
    findings: assessment.findings.map((f) => {
      const evidence = `${m.evidence[f.evidence].label} (${m.evidence[f.evidence].explain})`;
      const rule = kb.index.rule.get(f.ruleId);
      const reviewed = rule !== undefined && isReviewed({ version: f.ruleVersion, reviews: rule.reviews });
      const meta = [
        m.finding.rule(f.ruleId, f.ruleVersion),
        m.disposition[f.disposition].label,
        `${m.finding.certainty}: ${m.certainty[f.certainty].label}`,
        `${m.finding.evidence}: ${evidence}`,
        ...(reviewed ? [] : [m.finding.unreviewed]),
        ...(clinicSigned(f) ? [] : [m.finding.notSignedByClinic]),
      ].join(' · ');
      return {
        ruleId: f.ruleId,
        ruleVersion: f.ruleVersion,
        title: f.title[lang],
        disposition: f.disposition,
        certainty: f.certainty,
        ...(client ? {} : { evidence, meta }),
        message: client ? clientFindingMessage(f, lang) : f.clinician[lang],
        triggers: f.triggers.map((t) => ({
          question: questionLabel(kb, t.questionId, lang, audience),
          answer: formatAnswer(kb, t.questionId, t.answer, lang),
        })),
        citations: f.citations.map(citationView),
      };
    }),
    unresolved: assessment.unresolved.map((u) => ({
      ruleId: u.ruleId,
      ruleVersion: u.ruleVersion,
      title: u.title[lang],
      disposition: u.disposition,
      ...(client
        ? {}
        : { meta: `${m.finding.rule(u.ruleId, u.ruleVersion)} · ${m.disposition[u.disposition].label}` }),
      message: client ? clientUnresolvedMessage(u, lang) : u.clinician[lang],
      questions: u.questionIds.map((id) => questionLabel(kb, id, lang, audience)),
      citations: u.citations.map(citationView),
    })),
    casePrecautions: precautions.filter((p) => !p.standard).map((p) => p.text[lang]),
    standardPrecautions: precautions.filter((p) => p.standard).map((p) => p.text[lang]),
    referrals: client
      ? clientDoctorLines(headline, assessment, lang)
      : assessment.referrals.map(
          (r) => `${r.name[lang]}: ${m.urgency[r.urgency].label} (${m.urgency[r.urgency].explain})`,
        ),
    alternatives: assessment.alternatives.map((a) => ({
      name: a.name[lang],
      certainty: m.grade[a.certainty],
      // The evidence summary quotes statistics and notes on checking; clients read the description.
      summary: client
        ? (kb.index.alternative.get(a.alternativeId)?.description[lang] ?? '')
        : a.evidenceSummary[lang],
    })),
    professions: client
      ? clientProfessions(headline, professions)
      : professions.length > 0
        ? professions
        : [m.noneSuitable],
    openQuestions: assessment.openQuestions.map((q) => {
      const text = questionLabel(kb, q.questionId, lang, audience);
      return q.redFlag ? `${text} (${m.redFlag})` : text;
    }),
    about: [
      { label: m.meta.kb, value: `${assessment.kb.id} ${assessment.kb.version}` },
      { label: m.meta.hash, value: assessment.kb.hash },
      { label: m.meta.engine, value: assessment.engineVersion },
      { label: m.meta.assessedAt, value: assessedAt },
      { label: m.meta.audience, value: m.audience[audience] },
    ],
    disclaimer: kb.meta.disclaimer[lang],
  };
}

/** The main reason followed by what reviews changed, for layouts with no column of their own for it. */
export function withReview(t: TechniqueView): string {
  return t.review === undefined || t.review.length === 0 ? t.reason : `${t.reason} — ${t.review.join(' ')}`;
}

/** The same reason in the client's words: the rule's title without its code, "not ruled out" if unknown. */
function clientReasonText(
  kb: KnowledgeBase,
  assessment: Assessment,
  t: TechniqueDecision,
  lang: Lang,
): string {
  const m = messages(lang);
  const reason = mainReason(t);
  if (reason === undefined) return m.reason.none;
  switch (reason.kind) {
    case 'disposition':
      return reason.disposition === 'emergency' ? m.client.reason.emergency : m.client.reason.refer;
    case 'review':
      return m.client.reason.review;
    case 'gentler_technique':
      return m.reason.gentler(
        kb.index.technique.get(reason.techniqueId)?.client.name[lang] ?? reason.techniqueId,
      );
    case 'rule': {
      const finding = assessment.findings.find((f) => f.ruleId === reason.ruleId);
      const title = finding?.title[lang] ?? kb.index.rule.get(reason.ruleId)?.title[lang] ?? '';
      return finding?.certainty === 'possible' ? m.client.reason.possible(inSentence(title)) : title;
    }
  }
}

/** The one reason that best explains a technique's decision: the one that set it. */
function reasonText(kb: KnowledgeBase, t: TechniqueDecision, lang: Lang): string {
  const m = messages(lang).reason;
  const reason = mainReason(t);
  if (reason === undefined) return m.none;
  switch (reason.kind) {
    case 'disposition':
      return reason.disposition === 'emergency' ? m.emergency : m.refer;
    case 'review':
      return m.review;
    case 'gentler_technique':
      return m.gentler(kb.index.technique.get(reason.techniqueId)?.name[lang] ?? reason.techniqueId);
    case 'rule': {
      const rule = kb.index.rule.get(reason.ruleId);
      return rule === undefined ? reason.ruleId : `${reason.ruleId}: ${rule.title[lang]}`;
    }
  }
}

function mainReason(t: TechniqueDecision): DecisionReason | undefined {
  const sets = (kind: DecisionReason['kind']) => (r: DecisionReason) =>
    r.kind === kind && 'decision' in r && r.decision === t.decision;
  return (
    t.reasons.find((r) => r.kind === 'disposition') ??
    t.reasons.find(sets('rule')) ??
    (t.decision === 'relative' ? t.reasons.find((r) => r.kind === 'review') : undefined) ??
    t.reasons.find(sets('gentler_technique')) ??
    t.reasons[0]
  );
}
