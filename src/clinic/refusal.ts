/**
 * Why the clinic's rules refuse something, in words for the person who asked (English and French), with
 * a stable code for programs. Adapters map the code to a status (HTTP 409 or 422) and show the message.
 */
import type { LocalizedText } from '../core/browser.js';

export const REFUSAL_CODES = {
  /** The override would make a technique more permissive where that is never allowed. */
  override_refused: 422,
  /** The override lacks what a more permissive override needs (reason, explanation, confirmation). */
  override_unjustified: 422,
  /** A technique the screening contraindicates (after reviews). */
  technique_contraindicated: 422,
  /** No screening is current for this client, or the one named is not. */
  screening_not_current: 409,
  /** The client has not consented to a technique that needs consent. */
  consent_required: 409,
  /** The screening followed an emergency or referral one and a clinician has not signed it off. */
  signoff_required: 409,
} as const;
export type RefusalCode = keyof typeof REFUSAL_CODES;

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: LocalizedText;
  /** The techniques concerned, when the refusal is about techniques. */
  readonly techniques: readonly string[];
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly refusal: Refusal };

export const ALLOWED: Verdict = { ok: true };

export function refuse(
  code: RefusalCode,
  message: LocalizedText,
  techniques: readonly string[] = [],
): Verdict {
  return { ok: false, refusal: { code, message, techniques } };
}
