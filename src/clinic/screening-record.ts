/**
 * A stored screening with everything a page or a report must say about it: whose it is (client,
 * clinic), who recorded each step and when, the reviews and the decisions that count after them, the
 * consents given on it, and whether it is still current. Built by the server from the store; plain data.
 */
import type { Currency } from './currency.js';
import type { EffectiveTechnique } from './effective.js';
import type { AnswerChange, Step } from './in-room.js';
import type { Client, Clinic, Consent, Id, Review, Role, Screening, Submitter } from './records.js';

export interface PersonRef {
  readonly id: Id;
  readonly name: string;
  readonly role: Role;
  readonly profession: string | null;
}

export interface ScreeningRecord {
  readonly screening: Screening;
  /** The self-report this screening's examination completed, when it did. */
  readonly basedOn: Screening | null;
  readonly client: Pick<Client, 'id' | 'displayName' | 'birthYear'>;
  readonly clinic: Pick<Clinic, 'id' | 'name'>;
  /** The staff the record mentions (submitters, reviewers, who recorded consent). */
  readonly people: readonly PersonRef[];
  readonly reviews: readonly Review[];
  /** The consents recorded on this screening. */
  readonly consents: readonly Consent[];
  readonly effective: readonly EffectiveTechnique[];
  readonly steps: readonly Step[];
  /** What the examination changed or added to the self-report. */
  readonly changes: readonly AnswerChange[];
  readonly currency: Currency;
  /**
   * It follows an emergency or referral screening still valid when it was made, and no clinician has
   * signed it off with the clearance yet: no consent or treatment until one does.
   */
  readonly clearanceRequired: boolean;
}

/** Who a submitter is, in words: a staff member's name, or the client through an intake link. */
export function submitterName(record: Pick<ScreeningRecord, 'people' | 'client'>, by: Submitter): string {
  if (by.kind === 'client') return record.client.displayName;
  return record.people.find((p) => p.id === by.userId)?.name ?? by.userId;
}

export function personName(record: Pick<ScreeningRecord, 'people'>, userId: Id | null): string {
  if (userId === null) return '—';
  return record.people.find((p) => p.id === userId)?.name ?? userId;
}
