/**
 * The text a client reads before consenting to specific techniques: what the techniques are, the risks
 * that apply to them (from the knowledge base's complications), and what this screening found. The
 * server stores exactly this text with the signature. Given the decisions that count after clinicians'
 * reviews, it states them, and says in plain words when the therapist changed the screening's decision.
 */
import type { EffectiveTechnique } from '../clinic/index.js';
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
    changed: (from: string, to: string) =>
      `Your therapist changed the screening's decision for this technique from "${from}" to "${to}".`,
    reason: (text: string) => `Reason: ${text}`,
    raised: (gentler: string) =>
      `This decision is stricter than the screening's because of the decision for a gentler technique (${gentler}).`,
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
    changed: (from: string, to: string) =>
      `Votre thérapeute a modifié la décision du dépistage pour cette technique : de « ${from} » à « ${to} ».`,
    reason: (text: string) => `Motif : ${text}`,
    raised: (gentler: string) =>
      `Cette décision est plus stricte que celle du dépistage en raison de la décision pour une technique plus douce (${gentler}).`,
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

/** Why an override was made, for a client who did not see the reason codes: used when no text was given. */
const REASON_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: {
    clinical_judgement_lower_risk: "your therapist's clinical judgement of a lower risk",
    clinical_judgement_higher_risk: "your therapist's clinical judgement of a higher risk",
    medical_clearance_obtained: 'a physician gave medical clearance',
    information_incorrect: 'some information in the screening was found to be incorrect',
    client_declined: 'you declined this technique',
    other: 'another reason',
  },
  fr: {
    clinical_judgement_lower_risk: 'le jugement clinique de votre thérapeute : risque plus faible',
    clinical_judgement_higher_risk: 'le jugement clinique de votre thérapeute : risque plus élevé',
    medical_clearance_obtained: 'un médecin a donné son accord',
    information_incorrect: 'une information du dépistage s’est révélée inexacte',
    client_declined: 'vous avez refusé cette technique',
    other: 'une autre raison',
  },
};

/** The lines that explain, under a technique, how clinicians' reviews changed its decision. */
function reviewLines(kb: KnowledgeBase, e: EffectiveTechnique, lang: Lang): string[] {
  const w = WORDS[lang];
  const words = DECISION_WORDS[lang];
  const lines: string[] = [];
  if (e.override !== null) {
    const text = e.override.reasonText.trim();
    const reason = text === '' ? (REASON_WORDS[lang][e.override.reasonCode] ?? e.override.reasonCode) : text;
    lines.push(
      `  ${w.changed(words[e.assessed] ?? e.assessed, words[e.override.decision] ?? e.override.decision)}`,
      `  ${w.reason(reason)}`,
    );
  }
  if (e.raisedBy !== null)
    lines.push(`  ${w.raised(kb.index.technique.get(e.raisedBy)?.name[lang] ?? e.raisedBy)}`);
  return lines;
}

/**
 * `effective`: the decisions after clinicians' reviews (effectiveTechniques); without it, the screening's
 * own decisions (and the text exactly as before reviews existed).
 */
export function consentText(
  kb: KnowledgeBase,
  assessment: Assessment,
  techniqueIds: readonly string[],
  lang: Lang,
  effective?: readonly EffectiveTechnique[],
): string {
  const w = WORDS[lang];
  const lines: string[] = [w.title, ''];
  lines.push(w.screening(assessment.kb.version, assessment.assessedAt ?? '—'), '', `${w.techniques}:`);
  const riskIds = new Set<string>();
  for (const id of techniqueIds) {
    const technique = kb.index.technique.get(id);
    const reviewed = effective?.find((e) => e.techniqueId === id);
    const decision =
      reviewed?.decision ??
      assessment.techniques.find((t) => t.techniqueId === id)?.decision ??
      'contraindicated';
    if (technique === undefined) continue;
    lines.push(`- ${technique.name[lang]} — ${w.decision.toLowerCase()}: ${DECISION_WORDS[lang][decision]}`);
    if (reviewed !== undefined) lines.push(...reviewLines(kb, reviewed, lang));
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
