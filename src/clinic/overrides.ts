/**
 * When a clinician may override a technique decision. A stricter decision is always possible. A more
 * permissive one than the engine's is never possible on an emergency, referral or incomplete screening:
 * the path there is medical care (or the missing answers) and a new screening that records the clearance
 * as an answer. Elsewhere it needs a reason code that can justify it, an explanation of substance and an
 * explicit confirmation, and it may not leave a more forceful technique more permissive than a gentler one.
 */
import type { Assessment, Decision, Disposition, LocalizedText } from '../core/browser.js';
import { decisionRank } from '../core/levels.js';
import { effectiveTechniques, isMorePermissive } from './effective.js';
import type { OverrideReason, Review } from './records.js';
import type { Verdict } from './refusal.js';
import { ALLOWED, refuse } from './refusal.js';
import { hasSubstance, MIN_JUSTIFICATION_CHARS } from './substance.js';

/** Dispositions on which no technique may be made more permissive than the engine decided. */
export const NO_PERMISSIVE_OVERRIDE: readonly Disposition[] = ['emergency', 'refer', 'incomplete'];

/** The reasons that can justify a more permissive decision. */
export const PERMISSIVE_REASONS: readonly OverrideReason[] = [
  'clinical_judgement_lower_risk',
  'medical_clearance_obtained',
  'information_incorrect',
];

export interface ProposedOverride {
  readonly techniqueId: string;
  readonly decision: Decision;
  readonly reasonCode: OverrideReason;
  readonly reasonText: string;
  /** The clinician confirmed, a second time, a decision more permissive than the engine's. */
  readonly confirmed: boolean;
}

const BLOCKED: Readonly<Record<'emergency' | 'refer' | 'incomplete', LocalizedText>> = {
  emergency: {
    en: 'This screening calls for emergency care: no technique can be made more permissive. After medical care, record a new screening with the medical clearance as an answer.',
    fr: "Ce dépistage demande des soins d'urgence : aucune technique ne peut être rendue plus permissive. Après les soins médicaux, enregistrez un nouveau dépistage en indiquant l'autorisation médicale dans les réponses.",
  },
  refer: {
    en: 'This screening calls for a physician first: no technique can be made more permissive. After the medical assessment, record a new screening with the clearance as an answer.',
    fr: "Ce dépistage demande d'abord l'avis d'un médecin : aucune technique ne peut être rendue plus permissive. Après l'évaluation médicale, enregistrez un nouveau dépistage en indiquant l'autorisation dans les réponses.",
  },
  incomplete: {
    en: 'Warning signs are still unanswered on this screening: no technique can be made more permissive. Answer the open questions in a new screening (for example in the treatment room).',
    fr: "Des signes d'alerte restent sans réponse dans ce dépistage : aucune technique ne peut être rendue plus permissive. Répondez aux questions ouvertes dans un nouveau dépistage (par exemple en salle de soins).",
  },
};

export function checkOverride(
  screening: { readonly disposition: Disposition; readonly assessment: Assessment },
  reviews: readonly Review[],
  proposed: ProposedOverride,
): Verdict {
  const assessed = screening.assessment.techniques.find((t) => t.techniqueId === proposed.techniqueId);
  if (assessed === undefined)
    return refuse(
      'override_refused',
      {
        en: `The screening has no decision for "${proposed.techniqueId}".`,
        fr: `Le dépistage n'a pas de décision pour « ${proposed.techniqueId} ».`,
      },
      [proposed.techniqueId],
    );
  const t = [proposed.techniqueId];
  if (!isMorePermissive(proposed.decision, assessed.decision)) return ALLOWED;

  const d = screening.disposition;
  if (d === 'emergency' || d === 'refer' || d === 'incomplete')
    return refuse('override_refused', BLOCKED[d], t);
  if (!PERMISSIVE_REASONS.includes(proposed.reasonCode))
    return refuse(
      'override_unjustified',
      {
        en: 'A more permissive decision needs a reason that can justify it: lower risk on clinical judgement, medical clearance obtained, or information found to be incorrect.',
        fr: 'Une décision plus permissive demande un motif qui la justifie : risque plus faible selon le jugement clinique, autorisation médicale obtenue, ou information reconnue inexacte.',
      },
      t,
    );
  if (!hasSubstance(proposed.reasonText))
    return refuse(
      'override_unjustified',
      {
        en: `Explain a more permissive decision in a sentence a colleague can check (at least ${MIN_JUSTIFICATION_CHARS} characters and a few words): who cleared what, or which answer was wrong.`,
        fr: `Expliquez une décision plus permissive par une phrase qu'un collègue pourra vérifier (au moins ${MIN_JUSTIFICATION_CHARS} caractères et quelques mots) : qui a autorisé quoi, ou quelle réponse était fausse.`,
      },
      t,
    );
  if (!proposed.confirmed)
    return refuse(
      'override_unjustified',
      {
        en: 'Confirm that you take responsibility for a decision more permissive than the screening.',
        fr: 'Confirmez que vous assumez une décision plus permissive que celle du dépistage.',
      },
      t,
    );

  const gentler = effectiveTechniques(screening.assessment, reviews).filter(
    (e) => e.force < assessed.force && decisionRank(e.decision) > decisionRank(proposed.decision),
  );
  if (gentler.length > 0)
    return refuse(
      'override_refused',
      {
        en: 'A more forceful technique cannot be more permissive than a gentler one. Review the gentler techniques first.',
        fr: 'Une technique plus forte ne peut pas être plus permissive qu’une technique plus douce. Révisez d’abord les techniques plus douces.',
      },
      gentler.map((e) => e.techniqueId),
    );
  return ALLOWED;
}
