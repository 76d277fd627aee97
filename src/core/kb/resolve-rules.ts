import type { Decision } from '../levels.js';
import { compileCondition, compileTracing, compileUnknownCollector } from '../logic/compile.js';
import { parseCondition } from '../logic/parse-condition.js';
import type { KbIssue } from './issues.js';
import type { Collection, Located, Merged } from './merge.js';
import { issueIn } from './merge.js';
import type { Question, Rule } from './model.js';
import type { CitationEntry, RuleEntry } from './schema.js';

interface Known {
  readonly questions: ReadonlyMap<string, Question>;
  readonly ids: (collection: Collection) => ReadonlySet<string>;
  readonly citations: ReadonlyMap<string, CitationEntry>;
}

/** Parses and compiles each rule's condition and checks every reference it makes. */
export function resolveRules(merged: Merged, known: Known): { rules: Rule[]; issues: KbIssue[] } {
  const issues: KbIssue[] = [];
  const rules: Rule[] = [];
  const indexOf = (id: string): number => known.questions.get(id)?.index ?? -1;
  for (const entry of merged.rules) {
    const r = entry.value;
    const parsed = parseCondition(r.when, (id) => known.questions.get(id), ['when']);
    for (const issue of parsed.issues) issues.push(issueIn(entry, issue.path, issue.message));
    issues.push(...referenceIssues(entry, known), ...effectIssues(entry), ...governanceIssues(entry));
    rules.push({
      ...r,
      disposition: r.disposition,
      when: parsed.condition,
      techniques: (r.techniques ?? {}) as Readonly<Record<string, Decision>>,
      evaluate: compileCondition(parsed.condition, indexOf),
      trace: compileTracing(parsed.condition, indexOf),
      collectUnknown: compileUnknownCollector(parsed.condition, indexOf),
      sources: r.citations.flatMap((id) => known.citations.get(id) ?? []),
    });
  }
  return { rules, issues };
}

function referenceIssues(entry: Located<RuleEntry>, known: Known): KbIssue[] {
  const r = entry.value;
  const issues: KbIssue[] = [];
  const check = (
    ids: readonly string[] | undefined,
    collection: Collection,
    field: string,
    what: string,
  ): void => {
    const valid = known.ids(collection);
    (ids ?? []).forEach((id, i) => {
      if (!valid.has(id)) issues.push(issueIn(entry, [field, i], `unknown ${what} "${id}"`));
    });
  };
  check(r.citations, 'citations', 'citations', 'citation');
  check(r.endorsedBy, 'citations', 'endorsedBy', 'citation');
  if (r.instrument !== undefined && !r.citations.includes(r.instrument.source))
    issues.push(
      issueIn(
        entry,
        ['instrument', 'source'],
        `"${r.instrument.source}" must be one of the rule's citations`,
      ),
    );
  check(r.precautions, 'precautions', 'precautions', 'precaution');
  check(r.alternatives, 'alternatives', 'alternatives', 'alternative');
  check(r.complications, 'complications', 'complications', 'complication');
  const techniques = known.ids('techniques');
  for (const id of Object.keys(r.techniques ?? {})) {
    if (!techniques.has(id)) issues.push(issueIn(entry, ['techniques', id], `unknown technique "${id}"`));
  }
  if (r.referral !== undefined && !known.ids('referralTargets').has(r.referral.to)) {
    issues.push(issueIn(entry, ['referral', 'to'], `unknown referral target "${r.referral.to}"`));
  }
  return issues;
}

/** A version above 1 says what changed; reviews name versions the rule has had. */
function governanceIssues(entry: Located<RuleEntry>): KbIssue[] {
  const r = entry.value;
  const issues: KbIssue[] = [];
  const logged = new Set<number>();
  (r.changelog ?? []).forEach((c, i) => {
    if (c.version > r.version)
      issues.push(
        issueIn(
          entry,
          ['changelog', i, 'version'],
          `version ${c.version} is after the rule's version ${r.version}`,
        ),
      );
    if (logged.has(c.version))
      issues.push(issueIn(entry, ['changelog', i, 'version'], `version ${c.version} is logged twice`));
    logged.add(c.version);
  });
  for (let v = 2; v <= r.version; v++) {
    if (!logged.has(v))
      issues.push(issueIn(entry, ['changelog'], `version ${v} needs a changelog entry saying what changed`));
  }
  (r.reviews ?? []).forEach((review, i) => {
    if (review.version > r.version)
      issues.push(
        issueIn(
          entry,
          ['reviews', i, 'version'],
          `a review of version ${review.version}, after the rule's version ${r.version}`,
        ),
      );
  });
  return issues;
}

/** Each disposition needs the effects that make it actionable. */
function effectIssues(entry: Located<RuleEntry>): KbIssue[] {
  const r = entry.value;
  const issues: KbIssue[] = [];
  const redFlag = r.disposition === 'emergency' || r.disposition === 'refer';
  if (redFlag && r.referral === undefined) {
    issues.push(
      issueIn(entry, ['referral'], `a ${r.disposition} rule must say where to refer and how urgently`),
    );
  }
  if (redFlag && r.onUnknown !== 'review') {
    issues.push(
      issueIn(
        entry,
        ['onUnknown'],
        'a red-flag rule must use "review": an unknown red flag is never applied silently',
      ),
    );
  }
  if (!redFlag && r.onUnknown !== 'apply') {
    issues.push(
      issueIn(entry, ['onUnknown'], 'a precaution rule uses "apply": when unsure, take the precaution'),
    );
  }
  if (r.disposition === 'emergency' && r.referral !== undefined && r.referral.urgency !== 'immediate') {
    issues.push(issueIn(entry, ['referral', 'urgency'], 'an emergency rule refers immediately'));
  }
  if (r.disposition === 'precautions' && r.techniques === undefined && r.precautions === undefined) {
    issues.push(
      issueIn(entry, ['techniques'], 'a precautions rule must restrict a technique or add a precaution'),
    );
  }
  if (r.evidence === 'G' && (r.notes === undefined || r.notes.trim() === '')) {
    issues.push(
      issueIn(entry, ['notes'], 'a rule resting on general knowledge [G] must say so in its notes'),
    );
  }
  return issues;
}
