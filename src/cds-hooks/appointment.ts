/**
 * appointment-book fires for every booking; NeckCheck answers only for neck massage or manual therapy.
 * A proposed Appointment (not cancelled) matches when any of its serviceCategory, serviceType, specialty,
 * appointmentType or reasonCode, or its description, comment or patientInstruction carries a hands-on
 * service (codes or words), or is physiotherapy and mentions the neck. The codes and words are the
 * knowledge base's (`appointments` in knowledge/ehr/record-mapping.yaml).
 */
import type { KnowledgeBase, RecordMapping, RecordMatcher } from '../core/index.js';
import type { JsonObject } from './fhir-json.js';
import { bundleResources, labelOf, normalise, objects, sourceOf, text, textsOf } from './fhir-json.js';
import { codedAs, saysAny } from './record-match.js';

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

function isNeckTherapy(mapping: RecordMapping['appointments'], appointment: JsonObject): boolean {
  const concepts = conceptsOf(appointment);
  const words = [
    ...concepts.flatMap((c) => textsOf(c)),
    ...[appointment.description, appointment.comment, appointment.patientInstruction].flatMap((t) => {
      const value = text(t);
      return value === undefined ? [] : [value];
    }),
  ].map(normalise);
  const coded = (matcher: RecordMatcher): boolean => concepts.some((c) => codedAs(matcher, c));
  if (coded(mapping.handsOn) || saysAny(mapping.handsOn, words)) return true;
  const physiotherapy = coded(mapping.physiotherapy) || saysAny(mapping.physiotherapy, words);
  return physiotherapy && saysAny(mapping.neck, words);
}

/**
 * The proposed appointments that are for neck massage or manual therapy. The hook says they are the context
 * patient's; participants are not checked (the specification's own example names another patient there).
 */
export function neckAppointments(kb: KnowledgeBase, appointments: unknown): NeckAppointment[] {
  return bundleResources(appointments)
    .slice(0, 100)
    .filter(
      (a) =>
        a.resourceType === 'Appointment' &&
        !NOT_BOOKED.has(text(a.status) ?? '') &&
        isNeckTherapy(kb.recordMapping.appointments, a),
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
