/**
 * Kleene's three-valued logic. An unanswered question or an "I don't know" is UNKNOWN, never false:
 * with FALSE < UNKNOWN < TRUE, "and" is the minimum, "or" the maximum and "not" the mirror image.
 */
export const FALSE = 0;
export const UNKNOWN = 1;
export const TRUE = 2;
export type Tri = typeof FALSE | typeof UNKNOWN | typeof TRUE;

export type TriName = 'false' | 'unknown' | 'true';

const NAMES: readonly TriName[] = ['false', 'unknown', 'true'];

export function triName(value: Tri): TriName {
  return NAMES[value] as TriName;
}

export function triNot(value: Tri): Tri {
  return (TRUE - value) as Tri;
}

export function fromBoolean(value: boolean): Tri {
  return value ? TRUE : FALSE;
}

/** "At least n of these": true once n are true, false once n can no longer be reached. */
export function triAtLeast(n: number, trues: number, unknowns: number): Tri {
  if (trues >= n) return TRUE;
  if (trues + unknowns < n) return FALSE;
  return UNKNOWN;
}
