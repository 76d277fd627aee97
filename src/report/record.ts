/**
 * What a report says about a stored screening besides its assessment: whose it is, who recorded each step
 * and when, whether it is still current, the sign-offs and consents, and for each technique the decision
 * that counts after clinicians' overrides, with who changed it, when and why.
 */
import type { EffectiveTechnique, ScreeningRecord } from '../clinic/index.js';
import { OVERRIDE_REASON_LABELS, personName, submitterName } from '../clinic/index.js';
import type { KnowledgeBase, Lang } from '../core/index.js';
import type { Audience } from './answers.js';
import { formatAnswer, questionLabel } from './answers.js';
import { formatDateTime } from './dates.js';
import { messages } from './messages.js';

export interface RecordView {
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly steps: readonly string[];
  readonly changes: readonly string[];
  /** Empty when nobody signed off; `noSignoff` says so. */
  readonly signoffs: readonly string[];
  readonly consents: readonly string[];
}

export function buildRecordView(
  kb: KnowledgeBase,
  record: ScreeningRecord,
  lang: Lang,
  audience: Audience,
): RecordView {
  const m = messages(lang).record;
  const when = (iso: string): string => formatDateTime(iso, lang);
  const techniqueName = (id: string): string => kb.index.technique.get(id)?.name[lang] ?? id;
  const { screening } = record;
  return {
    facts: [
      { label: m.client, value: m.clientName(record.client.displayName, record.client.birthYear) },
      { label: m.clinic, value: record.clinic.name },
      { label: m.date, value: when(screening.submittedAt) },
      { label: m.kbVersion, value: screening.kbVersion },
      { label: m.status, value: m.currency[record.currency] },
      { label: m.validUntil, value: when(screening.validUntil) },
      { label: m.reference, value: screening.id },
    ],
    steps: record.steps.map((s) => m.stepLine(m.step[s.kind], submitterName(record, s.by), when(s.at))),
    changes: record.changes.map((c) =>
      m.change(
        questionLabel(kb, c.questionId, lang, audience),
        formatAnswer(kb, c.questionId, c.before, lang),
        formatAnswer(kb, c.questionId, c.after, lang),
      ),
    ),
    signoffs: record.reviews.flatMap((r) =>
      r.kind === 'signoff' ? [m.signoff(personName(record, r.userId), when(r.createdAt), r.note)] : [],
    ),
    consents: record.consents.map((c) =>
      m.consent(
        c.signerName,
        c.techniques.map(techniqueName).join(', '),
        when(c.signedAt),
        c.recordedBy === null ? null : personName(record, c.recordedBy),
      ),
    ),
  };
}

/** What clinicians' reviews did to one technique's decision, in sentences; empty when nothing. */
export function reviewLines(
  kb: KnowledgeBase,
  record: Pick<ScreeningRecord, 'people'>,
  e: EffectiveTechnique,
  lang: Lang,
): string[] {
  const all = messages(lang);
  const m = all.record;
  const label = (d: EffectiveTechnique['decision']): string => all.decision[d].label;
  const lines: string[] = [];
  if (e.override !== null) {
    const o = e.override;
    lines.push(
      m.override(
        personName(record, o.userId),
        formatDateTime(o.createdAt, lang),
        label(e.assessed),
        label(o.decision),
      ),
      m.reason(OVERRIDE_REASON_LABELS[o.reasonCode][lang], o.reasonText),
    );
  }
  if (e.raisedBy !== null)
    lines.push(m.raised(label(e.decision), kb.index.technique.get(e.raisedBy)?.name[lang] ?? e.raisedBy));
  return lines;
}
