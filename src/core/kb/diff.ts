/**
 * What changed between two versions of the knowledge base, entry by entry: the input of `neckcheck kb diff`,
 * of impact analysis and of the rule-governance check that a changed rule carries a new version.
 */
import type { KnowledgeBundle } from './bundle.js';
import { canonicalJson } from './hash.js';
import type { KbFile, MetaEntry, RuleEntry } from './schema.js';

/** The parts of a rule a reviewer cares about, in the order a diff lists them. */
export const RULE_ASPECTS = [
  'condition',
  'disposition',
  'techniques',
  'onUnknown',
  'referral',
  'precautions',
  'alternatives',
  'complications',
  'evidence',
  'citations',
  'instrument',
  'endorsedBy',
  'covers',
  'texts',
] as const;
export type RuleAspect = (typeof RULE_ASPECTS)[number];

const ASPECT_FIELDS: Readonly<Record<RuleAspect, readonly (keyof RuleEntry)[]>> = {
  condition: ['when'],
  disposition: ['disposition'],
  techniques: ['techniques'],
  onUnknown: ['onUnknown'],
  referral: ['referral'],
  precautions: ['precautions'],
  alternatives: ['alternatives'],
  complications: ['complications'],
  evidence: ['evidence'],
  citations: ['citations'],
  instrument: ['instrument'],
  endorsedBy: ['endorsedBy'],
  covers: ['covers'],
  texts: ['title', 'rationale', 'notes', 'client', 'clinician'],
};

export interface KbEdition {
  readonly version: string;
  readonly hash: string;
}

export interface RuleSummary {
  readonly id: string;
  readonly version: number;
  readonly disposition: RuleEntry['disposition'];
}

export interface RuleChange {
  readonly id: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  /** What changed, in RULE_ASPECTS order; never empty. */
  readonly aspects: readonly RuleAspect[];
  readonly from: RuleEntry;
  readonly to: RuleEntry;
  /** False when the content changed but the rule's version did not go up (a governance error). */
  readonly versionBumped: boolean;
}

export interface EntryChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

export interface KbDiff {
  readonly from: KbEdition;
  readonly to: KbEdition;
  readonly rules: {
    readonly added: readonly RuleSummary[];
    readonly removed: readonly RuleSummary[];
    readonly changed: readonly RuleChange[];
  };
  readonly questions: EntryChanges;
  readonly techniques: EntryChanges;
  readonly citations: EntryChanges;
  /** True when nothing but formatting, vectors or review records differ. */
  readonly same: boolean;
}

interface Entries {
  readonly meta: MetaEntry | undefined;
  readonly rules: ReadonlyMap<string, RuleEntry>;
  readonly questions: ReadonlyMap<string, unknown>;
  readonly techniques: ReadonlyMap<string, unknown>;
  readonly citations: ReadonlyMap<string, unknown>;
}

function entriesOf(files: readonly { readonly data: KbFile }[]): Entries {
  let meta: MetaEntry | undefined;
  const rules = new Map<string, RuleEntry>();
  const questions = new Map<string, unknown>();
  const techniques = new Map<string, unknown>();
  const citations = new Map<string, unknown>();
  for (const { data } of files) {
    meta ??= data.meta;
    for (const r of data.rules ?? []) rules.set(r.id, r);
    for (const q of data.questions ?? []) questions.set(q.id, q);
    for (const t of data.techniques ?? []) techniques.set(t.id, t);
    for (const c of data.citations ?? []) citations.set(c.id, c);
  }
  return { meta, rules, questions, techniques, citations };
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

function ruleAspects(from: RuleEntry, to: RuleEntry): RuleAspect[] {
  return RULE_ASPECTS.filter((aspect) =>
    ASPECT_FIELDS[aspect].some((field) => !same(from[field], to[field])),
  );
}

function entryChanges(from: ReadonlyMap<string, unknown>, to: ReadonlyMap<string, unknown>): EntryChanges {
  const added = [...to.keys()].filter((id) => !from.has(id)).sort();
  const removed = [...from.keys()].filter((id) => !to.has(id)).sort();
  const changed = [...to.keys()].filter((id) => from.has(id) && !same(from.get(id), to.get(id))).sort();
  return { added, removed, changed };
}

const summary = (r: RuleEntry): RuleSummary => ({ id: r.id, version: r.version, disposition: r.disposition });

export function diffKnowledgeBundles(from: KnowledgeBundle, to: KnowledgeBundle): KbDiff {
  const a = entriesOf(from.files);
  const b = entriesOf(to.files);
  const changed: RuleChange[] = [];
  for (const [id, next] of b.rules) {
    const prev = a.rules.get(id);
    if (prev === undefined) continue;
    const aspects = ruleAspects(prev, next);
    if (aspects.length === 0) continue;
    changed.push({
      id,
      fromVersion: prev.version,
      toVersion: next.version,
      aspects,
      from: prev,
      to: next,
      versionBumped: next.version > prev.version,
    });
  }
  const rules = {
    added: [...b.rules.values()].filter((r) => !a.rules.has(r.id)).map(summary),
    removed: [...a.rules.values()].filter((r) => !b.rules.has(r.id)).map(summary),
    changed,
  };
  const questions = entryChanges(a.questions, b.questions);
  const techniques = entryChanges(a.techniques, b.techniques);
  const citations = entryChanges(a.citations, b.citations);
  const nothing = (c: EntryChanges): boolean => c.added.length + c.removed.length + c.changed.length === 0;
  return {
    from: { version: a.meta?.version ?? '?', hash: from.hash },
    to: { version: b.meta?.version ?? '?', hash: to.hash },
    rules,
    questions,
    techniques,
    citations,
    same:
      rules.added.length + rules.removed.length + rules.changed.length === 0 &&
      nothing(questions) &&
      nothing(techniques) &&
      nothing(citations),
  };
}

export interface GovernanceProblem {
  /** The rule concerned; absent for a problem of the knowledge base as a whole. */
  readonly ruleId?: string;
  readonly message: string;
}

/**
 * Rule governance against an earlier release: every rule whose content changed must carry a higher
 * version (a rule never goes down a version), and the knowledge base's own version must differ from the
 * release's when anything changed. Vectors and review records are not content: they can change freely.
 */
export function versionBumpProblems(diff: KbDiff): GovernanceProblem[] {
  const problems: GovernanceProblem[] = diff.rules.changed
    .filter((c) => !c.versionBumped)
    .map((c) => ({
      ruleId: c.id,
      message: `changed (${c.aspects.join(', ')}) since release ${diff.from.version} but its version is still ${c.toVersion}: raise it to ${c.fromVersion + 1}`,
    }));
  if (!diff.same && diff.from.version === diff.to.version) {
    problems.push({
      message: `the knowledge base changed since release ${diff.from.version} but meta.version is still ${diff.to.version}: raise it`,
    });
  }
  return problems;
}
