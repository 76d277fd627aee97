/**
 * The text a client reads before consenting to specific techniques: what the techniques are, the risks
 * that apply to them (from the knowledge base's complications), and what this screening found. The
 * server stores exactly this text with the signature.
 */
import type { Assessment, KnowledgeBase, Lang } from '../core/index.js';

const WORDS = {
  en: {
    title: 'Consent to neck treatment',
    techniques: 'Planned techniques',
    risks: 'Known risks of these techniques',
    decision: 'Screening decision',
    precautions: 'Precautions your therapist will take',
    closing:
      'I have read this information, I could ask questions, and I agree to these techniques. I can withdraw my consent at any time, including during the session.',
    screening: (version: string, at: string) =>
      `Based on the screening of ${at} (knowledge base ${version}).`,
  },
  fr: {
    title: 'Consentement au traitement du cou',
    techniques: 'Techniques prévues',
    risks: 'Risques connus de ces techniques',
    decision: 'Décision du dépistage',
    precautions: 'Précautions que prendra votre thérapeute',
    closing:
      "J'ai lu ces informations, j'ai pu poser des questions et j'accepte ces techniques. Je peux retirer mon consentement à tout moment, y compris pendant la séance.",
    screening: (version: string, at: string) =>
      `D'après le dépistage du ${at} (base de connaissances ${version}).`,
  },
} as const;

const DECISION_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: {
    allowed: 'allowed',
    precautions: 'allowed with precautions',
    relative: 'relative contraindication',
    contraindicated: 'contraindicated',
  },
  fr: {
    allowed: 'autorisée',
    precautions: 'autorisée avec précautions',
    relative: 'contre-indication relative',
    contraindicated: 'contre-indiquée',
  },
};

export function consentText(
  kb: KnowledgeBase,
  assessment: Assessment,
  techniqueIds: readonly string[],
  lang: Lang,
): string {
  const w = WORDS[lang];
  const lines: string[] = [w.title, ''];
  lines.push(w.screening(assessment.kb.version, assessment.assessedAt ?? '—'), '', `${w.techniques}:`);
  const riskIds = new Set<string>();
  for (const id of techniqueIds) {
    const technique = kb.index.technique.get(id);
    const decision = assessment.techniques.find((t) => t.techniqueId === id)?.decision ?? 'contraindicated';
    if (technique === undefined) continue;
    lines.push(`- ${technique.name[lang]} — ${w.decision.toLowerCase()}: ${DECISION_WORDS[lang][decision]}`);
    for (const risk of technique.risks) riskIds.add(risk);
  }
  lines.push('', `${w.risks}:`);
  for (const complication of kb.complications) {
    if (!riskIds.has(complication.id)) continue;
    lines.push(`- ${complication.name[lang]}: ${complication.incidence[lang]}`);
  }
  const specific = assessment.precautions.filter((p) => !p.standard);
  if (specific.length > 0) {
    lines.push('', `${w.precautions}:`);
    for (const p of specific) lines.push(`- ${p.text[lang]}`);
  }
  lines.push('', w.closing);
  return lines.join('\n');
}
