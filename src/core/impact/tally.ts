/**
 * Impact analysis: the same answers assessed under two knowledge bases, reduced to what a clinical lead
 * must know before a new version goes live: how many screenings change disposition or a technique
 * decision, in which direction, and which rules account for the change. Tallies merge, so workers can
 * each count a share and the results add up.
 */
import type { Assessment } from '../engine/assessment.js';
import type { Decision, Disposition } from '../levels.js';
import { DECISIONS, DISPOSITIONS } from '../levels.js';

/** The part of an assessment that impact analysis compares. */
export interface Outcome {
  readonly disposition: Disposition;
  readonly techniques: Readonly<Record<string, Decision>>;
  /** Rules that applied, as `ID@version`. */
  readonly fired: readonly string[];
}

export function outcomeOf(assessment: Assessment): Outcome {
  const techniques: Record<string, Decision> = {};
  for (const t of assessment.techniques) techniques[t.techniqueId] = t.decision;
  return {
    disposition: assessment.disposition,
    techniques,
    fired: assessment.findings.map((f) => `${f.ruleId}@${f.ruleVersion}`),
  };
}

export type Direction = 'stricter' | 'more_permissive';

export interface RuleImpact {
  /** Changed screenings where the rule applies under the new version only. */
  readonly added: number;
  /** Changed screenings where it applied under the old version only. */
  readonly removed: number;
  /** Changed screenings where it applies under both, in another version. */
  readonly changed: number;
  /** Of the changed screenings it accounts for: those whose disposition changed, and those whose technique decisions did. */
  readonly dispositionChanged: number;
  readonly techniqueChanged: number;
  /** Their disposition changes, `from→to` → count. */
  readonly dispositions: Readonly<Record<string, number>>;
}

export interface ImpactTally {
  readonly screenings: number;
  /** Answers the new knowledge base no longer accepts (a removed question or option), by reason. */
  readonly invalid: number;
  /**
   * Screenings compared on the questions both versions ask: answers to a question one version does not
   * have were left out for that version, which never asked it.
   */
  readonly narrowed: number;
  /** Screenings whose own knowledge base is not available to re-assess them. */
  readonly unavailable: number;
  readonly changed: number;
  readonly dispositionChanged: number;
  readonly techniqueChanged: number;
  /** `from→to` → count, e.g. `refer→emergency`. */
  readonly dispositions: Readonly<Record<string, number>>;
  readonly directions: Readonly<Record<Direction, number>>;
  /** technique id → `from→to` → count. */
  readonly techniques: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** rule id → how often it accounts for a change. */
  readonly rules: Readonly<Record<string, RuleImpact>>;
  /** Up to EXAMPLES ids of changed screenings, for a closer look. */
  readonly examples: readonly string[];
}

export const EXAMPLES = 20;

export function emptyTally(): ImpactTally {
  return {
    screenings: 0,
    invalid: 0,
    narrowed: 0,
    unavailable: 0,
    changed: 0,
    dispositionChanged: 0,
    techniqueChanged: 0,
    dispositions: {},
    directions: { stricter: 0, more_permissive: 0 },
    techniques: {},
    rules: {},
    examples: [],
  };
}

/** The same fields, mutable while counting. */
interface Counting {
  screenings: number;
  invalid: number;
  narrowed: number;
  unavailable: number;
  changed: number;
  dispositionChanged: number;
  techniqueChanged: number;
  dispositions: Record<string, number>;
  directions: Record<Direction, number>;
  techniques: Record<string, Record<string, number>>;
  rules: Record<string, CountingRule>;
  examples: string[];
}

interface CountingRule {
  added: number;
  removed: number;
  changed: number;
  dispositionChanged: number;
  techniqueChanged: number;
  dispositions: Record<string, number>;
}

const rank = (levels: readonly string[], value: string): number => levels.indexOf(value);
const bump = (map: Record<string, number>, key: string, by = 1): void => {
  map[key] = (map[key] ?? 0) + by;
};
const ruleId = (fired: string): string => fired.slice(0, fired.lastIndexOf('@'));

/** A tally that counts one screening at a time (the counting is in place, for speed over millions). */
export class ImpactCounter {
  private readonly t: Counting = {
    ...emptyTally(),
    dispositions: {},
    directions: { stricter: 0, more_permissive: 0 },
    techniques: {},
    rules: {},
    examples: [],
  };

  invalid(): void {
    this.t.screenings++;
    this.t.invalid++;
  }

  /** The next comparison is on the questions both versions ask (see ImpactTally.narrowed). */
  narrowed(): void {
    this.t.narrowed++;
  }

  /** A screening known to be unchanged without assessing it in full. */
  unchanged(): void {
    this.t.screenings++;
  }

  unavailable(): void {
    this.t.screenings++;
    this.t.unavailable++;
  }

  compare(id: string, before: Outcome, after: Outcome): void {
    const t = this.t;
    t.screenings++;
    const dispositionChanged = before.disposition !== after.disposition;
    let techniqueChanged = false;
    let stricter = false;
    let permissive = false;
    if (dispositionChanged) {
      bump(t.dispositions, `${before.disposition}→${after.disposition}`);
      if (rank(DISPOSITIONS, after.disposition) > rank(DISPOSITIONS, before.disposition)) stricter = true;
      else permissive = true;
    }
    for (const [technique, to] of Object.entries(after.techniques)) {
      const from = before.techniques[technique];
      if (from === undefined || from === to) continue;
      techniqueChanged = true;
      t.techniques[technique] ??= {};
      bump(t.techniques[technique] as Record<string, number>, `${from}→${to}`);
      if (rank(DECISIONS, to) > rank(DECISIONS, from)) stricter = true;
      else permissive = true;
    }
    if (!dispositionChanged && !techniqueChanged) return;
    t.changed++;
    if (dispositionChanged) t.dispositionChanged++;
    if (techniqueChanged) t.techniqueChanged++;
    // A change that is stricter somewhere and more permissive elsewhere counts as more permissive: that is
    // the direction a reviewer must look at.
    if (permissive) t.directions.more_permissive++;
    else if (stricter) t.directions.stricter++;
    const old = new Map(before.fired.map((f) => [ruleId(f), f]));
    const now = new Map(after.fired.map((f) => [ruleId(f), f]));
    const change = `${before.disposition}→${after.disposition}`;
    const account = (rule: CountingRule): void => {
      if (dispositionChanged) {
        rule.dispositionChanged++;
        bump(rule.dispositions, change);
      }
      if (techniqueChanged) rule.techniqueChanged++;
    };
    for (const [r, f] of now) {
      const was = old.get(r);
      if (was === undefined) {
        this.rule(r).added++;
        account(this.rule(r));
      } else if (was !== f) {
        this.rule(r).changed++;
        account(this.rule(r));
      }
    }
    for (const r of old.keys())
      if (!now.has(r)) {
        this.rule(r).removed++;
        account(this.rule(r));
      }
    if (t.examples.length < EXAMPLES) t.examples.push(id);
  }

  private rule(id: string): CountingRule {
    this.t.rules[id] ??= {
      added: 0,
      removed: 0,
      changed: 0,
      dispositionChanged: 0,
      techniqueChanged: 0,
      dispositions: {},
    };
    return this.t.rules[id];
  }

  result(): ImpactTally {
    return this.t;
  }
}

export function mergeTallies(a: ImpactTally, b: ImpactTally): ImpactTally {
  const add = (x: Readonly<Record<string, number>>, y: Readonly<Record<string, number>>) => {
    const out: Record<string, number> = { ...x };
    for (const [k, v] of Object.entries(y)) bump(out, k, v);
    return out;
  };
  const techniques: Record<string, Readonly<Record<string, number>>> = { ...a.techniques };
  for (const [k, v] of Object.entries(b.techniques)) techniques[k] = add(techniques[k] ?? {}, v);
  const rules: Record<string, RuleImpact> = { ...a.rules };
  for (const [k, v] of Object.entries(b.rules)) {
    const prev = rules[k];
    rules[k] =
      prev === undefined
        ? v
        : {
            added: prev.added + v.added,
            removed: prev.removed + v.removed,
            changed: prev.changed + v.changed,
            dispositionChanged: prev.dispositionChanged + v.dispositionChanged,
            techniqueChanged: prev.techniqueChanged + v.techniqueChanged,
            dispositions: add(prev.dispositions, v.dispositions),
          };
  }
  return {
    screenings: a.screenings + b.screenings,
    invalid: a.invalid + b.invalid,
    narrowed: a.narrowed + b.narrowed,
    unavailable: a.unavailable + b.unavailable,
    changed: a.changed + b.changed,
    dispositionChanged: a.dispositionChanged + b.dispositionChanged,
    techniqueChanged: a.techniqueChanged + b.techniqueChanged,
    dispositions: add(a.dispositions, b.dispositions),
    directions: {
      stricter: a.directions.stricter + b.directions.stricter,
      more_permissive: a.directions.more_permissive + b.directions.more_permissive,
    },
    techniques,
    rules,
    examples: [...a.examples, ...b.examples].slice(0, EXAMPLES),
  };
}
