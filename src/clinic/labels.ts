/** The override reasons in words, for clinicians (the consent text words them for the client itself). */
import type { LocalizedText } from '../core/browser.js';
import type { OverrideReason } from './records.js';

export const OVERRIDE_REASON_LABELS: Readonly<Record<OverrideReason, LocalizedText>> = {
  clinical_judgement_lower_risk: {
    en: 'clinical judgement: lower risk',
    fr: 'jugement clinique : risque plus faible',
  },
  clinical_judgement_higher_risk: {
    en: 'clinical judgement: higher risk',
    fr: 'jugement clinique : risque plus élevé',
  },
  medical_clearance_obtained: { en: 'medical clearance obtained', fr: 'accord médical obtenu' },
  information_incorrect: { en: 'information found to be incorrect', fr: 'information reconnue inexacte' },
  client_declined: { en: 'the client declined', fr: 'refus du client' },
  other: { en: 'other reason', fr: 'autre motif' },
};

/** A reason code as stored (a string) in words, or the code itself when it is not one of ours. */
export function overrideReasonLabel(code: string, lang: keyof LocalizedText): string {
  return (OVERRIDE_REASON_LABELS as Readonly<Record<string, LocalizedText>>)[code]?.[lang] ?? code;
}
