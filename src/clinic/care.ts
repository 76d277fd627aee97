/**
 * What may be consented to and treated on a screening, after clinicians' reviews. Contraindicated
 * techniques are never consented to nor treated. A technique needs the client's consent, recorded on the
 * same screening after the override in force (if any), when its effective decision is anything but
 * "allowed", when a clinician overrode it, and always for thrust manipulation (the AHA/ASA statement and
 * IFOMPT: inform the client of the association with cervical artery dissection before manipulating).
 */
import type { Assessment, LocalizedText } from '../core/browser.js';
import type { EffectiveTechnique } from './effective.js';
import { effectiveTechniques } from './effective.js';
import type { Consent, Review, Screening } from './records.js';
import type { Verdict } from './refusal.js';
import { ALLOWED, refuse } from './refusal.js';
import { hasSubstance } from './substance.js';

/** Techniques that always need consent, whatever the screening found. */
export const CONSENT_ALWAYS: readonly string[] = ['manipulation'];

export function needsConsent(e: EffectiveTechnique): boolean {
  return e.decision !== 'allowed' || e.override !== null || CONSENT_ALWAYS.includes(e.techniqueId);
}

type Names = (techniqueId: string) => LocalizedText;

function contraindicated(
  effective: readonly EffectiveTechnique[],
  ids: readonly string[],
  name: Names,
): Verdict {
  const blocked = effective.filter((e) => ids.includes(e.techniqueId) && e.decision === 'contraindicated');
  if (blocked.length === 0) return ALLOWED;
  const list = (lang: 'en' | 'fr') => blocked.map((e) => name(e.techniqueId)[lang]).join(', ');
  return refuse(
    'technique_contraindicated',
    {
      en: `Contraindicated by this client's screening: ${list('en')}.`,
      fr: `Contre-indiqué par le dépistage de ce client : ${list('fr')}.`,
    },
    blocked.map((e) => e.techniqueId),
  );
}

/** Whether the client may consent to `techniqueIds` on this screening. Currency is checked separately. */
export function checkConsent(
  assessment: Assessment,
  reviews: readonly Review[],
  techniqueIds: readonly string[],
  name: Names,
): Verdict {
  return contraindicated(effectiveTechniques(assessment, reviews), techniqueIds, name);
}

/** Whether `consent` covers a technique as it now stands (signed after any override of it). */
export function consentCovers(consent: Consent, screeningId: string, e: EffectiveTechnique): boolean {
  return (
    consent.screeningId === screeningId &&
    consent.techniques.includes(e.techniqueId) &&
    (e.override === null || consent.signedAt >= e.override.createdAt)
  );
}

/** Whether `techniqueIds` may be used in a treatment on this (current) screening. */
export function checkTreatment(input: {
  readonly screeningId: string;
  readonly assessment: Assessment;
  readonly reviews: readonly Review[];
  readonly consents: readonly Consent[];
  readonly techniqueIds: readonly string[];
  readonly name: Names;
}): Verdict {
  const effective = effectiveTechniques(input.assessment, input.reviews);
  const blocked = contraindicated(effective, input.techniqueIds, input.name);
  if (!blocked.ok) return blocked;
  const missing = effective.filter(
    (e) =>
      input.techniqueIds.includes(e.techniqueId) &&
      needsConsent(e) &&
      !input.consents.some((c) => consentCovers(c, input.screeningId, e)),
  );
  if (missing.length === 0) return ALLOWED;
  const list = (lang: 'en' | 'fr') => missing.map((e) => input.name(e.techniqueId)[lang]).join(', ');
  return refuse(
    'consent_required',
    {
      en: `Record the client's consent on this screening first for: ${list('en')}.`,
      fr: `Recueillez d'abord le consentement du client sur ce dépistage pour : ${list('fr')}.`,
    },
    missing.map((e) => e.techniqueId),
  );
}

type Urgent = Pick<Screening, 'id' | 'disposition' | 'submittedAt' | 'validUntil'>;

/**
 * A screening made while an emergency or referral screening of the same client was still valid could be
 * a way around it (answers changed without medical care). Consent and treatment on it need a clinician's
 * sign-off first, whose note records the medical clearance.
 */
export function checkClearance(
  current: Urgent,
  earlier: readonly Urgent[],
  reviews: readonly Review[],
): Verdict {
  const urgent = earlier.filter(
    (s) =>
      s.id !== current.id &&
      (s.disposition === 'emergency' || s.disposition === 'refer') &&
      s.submittedAt < current.submittedAt &&
      s.validUntil > current.submittedAt,
  );
  if (urgent.length === 0 || reviews.some((r) => r.kind === 'signoff' && hasSubstance(r.note)))
    return ALLOWED;
  return refuse('signoff_required', CLEARANCE_NEEDED);
}

export const CLEARANCE_NEEDED: LocalizedText = {
  en: 'This screening follows an emergency or referral screening of the same client: a clinician must sign it off first, noting the medical clearance.',
  fr: "Ce dépistage suit un dépistage d'urgence ou d'orientation médicale du même client : un clinicien doit d'abord le valider en notant l'autorisation médicale.",
};
