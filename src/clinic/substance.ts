/**
 * Whether a clinician's explanation says something: a permissive override must be justified in words a
 * colleague could check later ("abc", "ok ok ok" or a row of dots are not an explanation).
 */

export const MIN_JUSTIFICATION_CHARS = 20;
export const MIN_JUSTIFICATION_WORDS = 4;

const WORD = /\p{L}[\p{L}\p{N}'’-]*/gu;

export function hasSubstance(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length < MIN_JUSTIFICATION_CHARS) return false;
  const words = (trimmed.match(WORD) ?? []).map((w) => w.toLowerCase());
  const distinct = new Set(words.filter((w) => w.length >= 2));
  if (distinct.size < MIN_JUSTIFICATION_WORDS) return false;
  const letters = [...trimmed.toLowerCase()].filter((c) => /\p{L}/u.test(c));
  return new Set(letters).size >= 5;
}
