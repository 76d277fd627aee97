/**
 * The clinic's rules over the core's assessments, shared by the server and the web app (pure, no I/O):
 * the effective decision per technique after reviews, which overrides are permitted, what may be
 * consented to and treated, when a screening is current, adverse-event triage and in-room screening
 * steps; and the records the store keeps.
 */
export * from './after-event.js';
export * from './applicable.js';
export * from './care.js';
export * from './currency.js';
export * from './effective.js';
export * from './in-room.js';
export * from './labels.js';
export * from './overrides.js';
export * from './records.js';
export * from './refusal.js';
export * from './rule-signoffs.js';
export * from './screening-record.js';
export * from './substance.js';
