/**
 * Runs the validation cases through the engine and scores them: sensitivity for emergency, sensitivity
 * for refer-or-worse, over-referral of benign cases, and an explanation of every miss.
 */
import type { AnswerValue, Assessment, Disposition, KnowledgeBase } from '../../core/index.js';
import { assess, ENGINE_VERSION } from '../../core/index.js';
import type { CaseClass, ValidationCase } from './cases.js';
import { classOf } from './cases.js';

/** The goal of issue 10: no emergency below emergency, no referral below referral, ≤ 1 benign in 15 referred. */
export const GOAL = { maxOverReferral: 1 / 15 } as const;

export type Outcome = 'hit' | 'miss' | 'over_referral' | 'ok';

export interface CaseResult {
  readonly case: ValidationCase;
  readonly class: CaseClass;
  readonly assessed: Disposition;
  readonly outcome: Outcome;
  /** Rules that fired, with their disposition (possible findings are marked "?"). */
  readonly fired: readonly string[];
  /** Red flags left undecided by unknown answers. */
  readonly unresolved: readonly string[];
  /** For a miss or an over-referral: why, and which rule would have been needed (or must be narrowed). */
  readonly explanation?: string;
}

export interface Rate {
  readonly count: number;
  readonly of: number;
}

export interface ValidationSummary {
  readonly kb: Assessment['kb'];
  readonly engineVersion: string;
  readonly total: number;
  readonly byClass: Readonly<Record<CaseClass, number>>;
  readonly readersDisagree: number;
  /** Emergency cases assessed emergency. */
  readonly emergencySensitivity: Rate;
  /** Emergency and referral cases assessed refer or emergency. */
  readonly referOrWorseSensitivity: Rate;
  /** Benign cases assessed refer or emergency. */
  readonly overReferral: Rate;
  /** Benign cases assessed "incomplete" (clinician review), reported but not scored as referral. */
  readonly benignIncomplete: Rate;
  readonly goal: {
    readonly emergencyMet: boolean;
    readonly referralMet: boolean;
    readonly overReferralMet: boolean;
    readonly met: boolean;
  };
  readonly results: readonly CaseResult[];
}

const RANK: Readonly<Record<Disposition, number>> = {
  proceed: 0,
  precautions: 1,
  incomplete: 2,
  refer: 3,
  emergency: 4,
};

const isReferOrWorse = (d: Disposition): boolean => RANK[d] >= RANK.refer;

export function runValidation(kb: KnowledgeBase, cases: readonly ValidationCase[]): ValidationSummary {
  const results = cases.map((c) => scoreCase(c, assess(kb, c.answers)));
  const inClass = (k: CaseClass): CaseResult[] => results.filter((r) => r.class === k);
  const emergency = inClass('emergency');
  const referral = [...emergency, ...inClass('refer')];
  const benign = inClass('benign');
  const emergencySensitivity = rate(emergency, (r) => r.assessed === 'emergency');
  const referOrWorseSensitivity = rate(referral, (r) => isReferOrWorse(r.assessed));
  const overReferral = rate(benign, (r) => isReferOrWorse(r.assessed));
  const emergencyMet = emergencySensitivity.count === emergencySensitivity.of;
  const referralMet = referOrWorseSensitivity.count === referOrWorseSensitivity.of;
  // "At most one benign case referred in 15": count / of ≤ 1/15, compared without rounding.
  const overReferralMet = overReferral.count * 15 <= overReferral.of;
  return {
    kb: { id: kb.meta.id, version: kb.meta.version, hash: kb.hash },
    engineVersion: ENGINE_VERSION,
    total: results.length,
    byClass: { emergency: emergency.length, refer: inClass('refer').length, benign: benign.length },
    readersDisagree: cases.filter((c) => c.readingA.disposition !== c.readingB.disposition).length,
    emergencySensitivity,
    referOrWorseSensitivity,
    overReferral,
    benignIncomplete: rate(benign, (r) => r.assessed === 'incomplete'),
    goal: {
      emergencyMet,
      referralMet,
      overReferralMet,
      met: emergencyMet && referralMet && overReferralMet,
    },
    results,
  };
}

function rate(results: readonly CaseResult[], hit: (r: CaseResult) => boolean): Rate {
  return { count: results.filter(hit).length, of: results.length };
}

export function scoreCase(c: ValidationCase, a: Assessment): CaseResult {
  const cls = classOf(c.expected);
  const fired = a.findings.map(
    (f) => `${f.ruleId} (${f.disposition}${f.certainty === 'possible' ? '?' : ''})`,
  );
  const unresolved = a.unresolved.map(
    (u) => `${u.ruleId} (${u.disposition}, unknown: ${u.questionIds.join(', ')})`,
  );
  const base = { case: c, class: cls, assessed: a.disposition, fired, unresolved };
  if (cls === 'emergency' || cls === 'refer') {
    const needed: Disposition = cls === 'emergency' ? 'emergency' : 'refer';
    if (RANK[a.disposition] >= RANK[needed]) return { ...base, outcome: 'hit' };
    return { ...base, outcome: 'miss', explanation: explainMiss(c, a, needed) };
  }
  if (isReferOrWorse(a.disposition))
    return { ...base, outcome: 'over_referral', explanation: explainOverReferral(a) };
  return { ...base, outcome: 'ok' };
}

function explainMiss(c: ValidationCase, a: Assessment, needed: Disposition): string {
  const parts = [
    `Expected ${needed}${needed === 'refer' ? ' or emergency' : ''}; the engine gave ${a.disposition}.`,
  ];
  const reached = a.findings.filter((f) => RANK[f.disposition] === RANK[a.disposition]).map((f) => f.ruleId);
  if (reached.length > 0) parts.push(`It was set by ${reached.join(', ')}.`);
  else if (a.disposition === 'incomplete')
    parts.push(
      `No rule fired at refer or above (${a.findings.length} lower finding(s)); the result is incomplete because ${a.unresolved.length} red flag(s) could not be excluded.`,
    );
  else parts.push('No rule fired.');
  // Only the undecided flags that could have reached the needed level: those are the ones an answer would settle.
  const couldReach = a.unresolved.filter((u) => RANK[u.disposition] >= RANK[needed]);
  if (couldReach.length > 0) {
    const shown = couldReach
      .slice(0, MAX_LISTED)
      .map((u) => `${u.ruleId} (unknown ${u.questionIds.join(', ')})`);
    const more = couldReach.length > MAX_LISTED ? `, and ${couldReach.length - MAX_LISTED} more` : '';
    parts.push(`Undecided red flags at ${needed} or above: ${shown.join('; ')}${more}.`);
  }
  parts.push(`Needed: ${c.needs ?? `a ${needed} rule whose condition holds for this case's answers`}.`);
  return parts.join(' ');
}

const MAX_LISTED = 6;

function explainOverReferral(a: Assessment): string {
  const raising = a.findings.filter((f) => isReferOrWorse(f.disposition));
  const why = raising.map(
    (f) => `${f.ruleId} on ${f.triggers.map(showTrigger).join(', ') || 'its condition'}`,
  );
  return `A benign case was assessed ${a.disposition} by ${why.join('; ')}. Check whether that rule is too broad for this presentation, or whether the readings missed a red flag.`;
}

function showTrigger(t: { questionId: string; answer: AnswerValue | null }): string {
  const value = Array.isArray(t.answer) ? t.answer.join('+') : String(t.answer);
  return `${t.questionId}=${value}`;
}

export function percent(r: Rate): string {
  if (r.of === 0) return 'n/a';
  return `${((100 * r.count) / r.of).toFixed(1)}%`;
}
