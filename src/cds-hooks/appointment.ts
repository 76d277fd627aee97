/**
 * appointment-book fires for every booking; NeckCheck answers only for neck massage or manual therapy.
 * A proposed Appointment (not cancelled) matches when any of its serviceCategory,
 * serviceType, specialty, appointmentType or reasonCode, or its description, comment or patientInstruction:
 *
 * - carries a hands-on service type of HL7's service-type code system: 17 Bowen therapy, 25 Massage
 *   therapy, 27 Myotherapy, 52 Chiropractic, 63 Osteopathy, 563 Remedial massage, 584 Cranio-sacral therapy;
 *   or the SNOMED CT procedures 46947000 Chiropractic manipulation or 399010004 Nonsurgical manipulation of
 *   cervical spine; or the words massage, manual therapy, manipulation, mobilisation, chiropractic,
 *   osteopathy, myotherapy (English or French) — massage counts even without "neck", since a massage
 *   usually includes the neck and a needless card costs less than a missed screening;
 * - or is physiotherapy (service type 65, or the word) and mentions the neck (neck, cervical, whiplash,
 *   torticollis; cou, nuque, cervical, coup du lapin).
 */
import { SYSTEMS } from './constants.js';
import type { JsonObject } from './fhir-json.js';
import {
  bundleResources,
  codingsOf,
  labelOf,
  normalise,
  objects,
  sourceOf,
  text,
  textsOf,
} from './fhir-json.js';

const HANDS_ON_SERVICE_TYPES = new Set(['17', '25', '27', '52', '63', '563', '584']);
const PHYSIOTHERAPY_SERVICE_TYPES = new Set(['65']);
const HANDS_ON_SNOMED = new Set(['46947000', '399010004']);
const HANDS_ON_WORDS =
  /massag|manual therap|therapie manuelle|manipulat|mobili[sz]ation|chiropract|chiropraxi|osteopath|myotherap|cranio.?sacr/;
const PHYSIOTHERAPY_WORDS = /physiotherap|physical therap|kinesitherap|\bphysio\b|\bkine\b/;
const NECK_WORDS = /\bneck\b|cervical|whiplash|torticol|\bcou\b|nuque|coup du lapin/;
const NOT_BOOKED = new Set(['cancelled', 'noshow', 'entered-in-error', 'fulfilled']);

export interface NeckAppointment {
  /** `Appointment/123`. */
  readonly source: string;
  /** What the appointment is called, as sent; escape before showing. */
  readonly label: string;
}

function conceptsOf(appointment: JsonObject): unknown[] {
  return [
    ...objects(appointment.serviceCategory),
    ...objects(appointment.serviceType),
    ...objects(appointment.specialty),
    appointment.appointmentType,
    ...objects(appointment.reasonCode),
  ].filter((c) => c !== undefined);
}

function isNeckTherapy(appointment: JsonObject): boolean {
  const concepts = conceptsOf(appointment);
  const codes = concepts.flatMap((c) => codingsOf(c));
  const words = [
    ...concepts.flatMap((c) => textsOf(c)),
    ...[appointment.description, appointment.comment, appointment.patientInstruction].flatMap((t) => {
      const value = text(t);
      return value === undefined ? [] : [value];
    }),
  ].map(normalise);
  const coded = (system: string, set: ReadonlySet<string>): boolean =>
    codes.some((c) => c.system === system && c.code !== undefined && set.has(c.code));
  if (coded(SYSTEMS.serviceType, HANDS_ON_SERVICE_TYPES) || coded(SYSTEMS.snomed, HANDS_ON_SNOMED))
    return true;
  if (words.some((w) => HANDS_ON_WORDS.test(w))) return true;
  const physiotherapy =
    coded(SYSTEMS.serviceType, PHYSIOTHERAPY_SERVICE_TYPES) || words.some((w) => PHYSIOTHERAPY_WORDS.test(w));
  return physiotherapy && words.some((w) => NECK_WORDS.test(w));
}

/**
 * The proposed appointments that are for neck massage or manual therapy. The hook says they are the context
 * patient's; participants are not checked (the specification's own example names another patient there).
 */
export function neckAppointments(appointments: unknown): NeckAppointment[] {
  return bundleResources(appointments)
    .slice(0, 100)
    .filter(
      (a) => a.resourceType === 'Appointment' && !NOT_BOOKED.has(text(a.status) ?? '') && isNeckTherapy(a),
    )
    .map((a) => ({
      source: sourceOf(a),
      label:
        conceptsOf(a)
          .map(labelOf)
          .find((l) => l !== undefined) ??
        text(a.description) ??
        sourceOf(a),
    }));
}
