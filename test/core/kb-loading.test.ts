import { describe, expect, it } from 'vitest';
import type { KbIssue } from '../../src/core/index.js';
import { formatKbIssue, loadKnowledgeBase } from '../../src/core/index.js';
import { MINI_KB, miniSources } from '../helpers/mini-kb.js';

function issuesFor(changes: Record<string, string>): KbIssue[] {
  const result = loadKnowledgeBase(miniSources(changes));
  if (result.ok) throw new Error('expected the knowledge base to be refused');
  return [...result.errors];
}

const replace = (file: keyof typeof MINI_KB & string, from: string, to: string): Record<string, string> => {
  const original = MINI_KB[file];
  if (original === undefined || !original.includes(from)) throw new Error(`"${from}" not in ${file}`);
  return { [file]: original.replace(from, to) };
};

describe('loading the knowledge base', () => {
  it('loads a valid knowledge base with its version, a content hash and every vector run', () => {
    const result = loadKnowledgeBase(miniSources());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.kb.meta.version).toBe('1.0.0');
    expect(result.value.kb.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.value.vectors).toHaveLength(6);
    expect(result.value.vectors.every((v) => v.actual === v.expected)).toBe(true);
  });

  it('orders techniques by force whatever the file order', () => {
    const swapped = replace('techniques.yaml', `  - { id: light, force: 1,`, `  - { id: light, force: 3,`);
    const result = loadKnowledgeBase(miniSources(swapped));
    expect(result.ok && result.value.kb.techniques.map((t) => t.id)).toEqual(['thrust', 'light']);
  });

  it('gives the same hash for the same data however it is formatted, and a new hash when content changes', () => {
    const base = loadKnowledgeBase(miniSources());
    const reformatted = loadKnowledgeBase(
      miniSources({
        'kb.yaml': `# a comment\n${(MINI_KB['kb.yaml'] ?? '').replace('id: mini', 'id:    mini')}`,
      }),
    );
    const changed = loadKnowledgeBase(miniSources(replace('rules.yaml', 'gte: 65', 'gte: 66')));
    expect(base.ok && reformatted.ok && base.value.kb.hash === reformatted.value.kb.hash).toBe(true);
    expect(base.ok && changed.ok && base.value.kb.hash !== changed.value.kb.hash).toBe(true);
  });

  it('reports YAML syntax errors with file and line', () => {
    const issues = issuesFor({ 'rules.yaml': 'rules:\n  - id: E1\n   version: 1\n' });
    expect(issues[0]?.file).toBe('rules.yaml');
    expect(issues[0]?.line).toBeGreaterThan(0);
    expect(formatKbIssue(issues[0] as KbIssue)).toMatch(/^rules\.yaml:3: YAML/);
  });

  it('names file, entry, field and line for a schema error', () => {
    const issues = issuesFor(
      replace('rules.yaml', '    version: 1\n    title', '    version: zero\n    title'),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ file: 'rules.yaml', entry: 'rule E1', field: 'version' }),
    );
    expect(issues.find((i) => i.field === 'version')?.line).toBe(4);
  });

  it('refuses unknown fields (a typo is never silently ignored)', () => {
    const issues = issuesFor(
      replace('rules.yaml', '    rationale: Sudden', '    rationel: x\n    rationale: Sudden'),
    );
    expect(issues.map(formatKbIssue).join('\n')).toMatch(/rule E1.*unexpected field\(s\): rationel/);
  });

  it('refuses a condition on a question that does not exist', () => {
    const issues = issuesFor(
      replace('rules.yaml', '{ q: pain_sudden, is: true }', '{ q: pain_sudenn, is: true }'),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        entry: 'rule E1',
        field: 'when.all[1].q',
        message: 'unknown question "pain_sudenn"',
      }),
    );
  });

  it('refuses a comparison that does not fit the question type', () => {
    const issues = issuesFor(replace('rules.yaml', '{ q: age, gte: 65 }', '{ q: age, is: old }'));
    expect(issues.map(formatKbIssue).join('\n')).toMatch(/rule P1, field "when.is": "age" is a number/);
  });

  it('refuses dangling references to citations, precautions, techniques and referral targets', () => {
    const messages = [
      issuesFor(
        replace(
          'rules.yaml',
          'citations: [smith-2020]\n    rationale: Sudden',
          'citations: [nobody-1999]\n    rationale: Sudden',
        ),
      ),
      issuesFor(replace('rules.yaml', 'precautions: [gentle]', 'precautions: [careful]')),
      issuesFor(replace('rules.yaml', '{ thrust: contraindicated }', '{ hvla: contraindicated }')),
      issuesFor(replace('rules.yaml', 'to: emergency_services', 'to: ambulance')),
    ].map((issues) => issues.map(formatKbIssue).join('\n'));
    expect(messages[0]).toMatch(/rule E1, field "citations\[0\]": unknown citation "nobody-1999"/);
    expect(messages[1]).toMatch(/rule P1, field "precautions\[0\]": unknown precaution "careful"/);
    expect(messages[2]).toMatch(/rule P1, field "techniques.hvla": unknown technique "hvla"/);
    expect(messages[3]).toMatch(/rule E1, field "referral.to": unknown referral target "ambulance"/);
  });

  it('refuses duplicate ids, naming where the first one is', () => {
    const duplicate = `${MINI_KB['questions.yaml']}\n` as string;
    const issues = issuesFor({
      'questions.yaml': duplicate.replace('  - id: age', '  - id: pain'),
    });
    expect(issues.map(formatKbIssue).join('\n')).toMatch(
      /duplicate id "pain" \(first defined in questions\.yaml\)/,
    );
  });

  it('refuses an enableWhen that refers to a later question', () => {
    const issues = issuesFor(
      replace('questions.yaml', 'enableWhen: { q: pain, is: true }', 'enableWhen: { q: age, gte: 1 }'),
    );
    expect(issues.map(formatKbIssue).join('\n')).toMatch(
      /question pain_sudden.*may only refer to questions asked earlier/,
    );
  });

  it('requires "I don\'t know" on questions read by red-flag rules', () => {
    const issues = issuesFor(
      replace(
        'questions.yaml',
        'allowUnknown: true\n    text: { en: "Pain?"',
        'allowUnknown: false\n    text: { en: "Pain?"',
      ),
    );
    expect(issues).toContainEqual(expect.objectContaining({ entry: 'question pain', field: 'allowUnknown' }));
  });

  it('requires a referral on emergency rules and "review" for unknown red flags', () => {
    const noReferral = issuesFor(
      replace('rules.yaml', '    referral: { to: emergency_services, urgency: immediate }\n', ''),
    );
    const apply = issuesFor(replace('rules.yaml', 'onUnknown: review', 'onUnknown: apply'));
    expect(noReferral.map(formatKbIssue).join('\n')).toMatch(/must say where to refer/);
    expect(apply.map(formatKbIssue).join('\n')).toMatch(/an unknown red flag is never applied silently/);
  });

  it('refuses a rule whose own vector fails, and a rule missing a kind of vector', () => {
    const failing = issuesFor(
      replace(
        'rules.yaml',
        '{ name: old, answers: { age: 70 }, expect: true }',
        '{ name: old, answers: { age: 60 }, expect: true }',
      ),
    );
    const missing = issuesFor(
      replace('rules.yaml', '      - { name: unknown, answers: { age: unknown }, expect: unknown }\n', ''),
    );
    expect(failing.map(formatKbIssue).join('\n')).toMatch(
      /rule P1, field "vectors\[0\]": vector "old" expects true but the rule gives false/,
    );
    expect(missing.map(formatKbIssue).join('\n')).toMatch(
      /rule P1, field "vectors": needs a vector that expects unknown/,
    );
  });

  it('refuses a vector with invalid answers', () => {
    const issues = issuesFor(
      replace(
        'rules.yaml',
        '{ name: young, answers: { age: 30 }',
        '{ name: young, answers: { age: "thirty" }',
      ),
    );
    expect(issues.map(formatKbIssue).join('\n')).toMatch(
      /vector "young" has invalid answers: "age" takes a number/,
    );
  });

  it('requires notes on rules that rest on general knowledge', () => {
    const issues = issuesFor(
      replace(
        'rules.yaml',
        '    evidence: V\n    citations: [smith-2020]\n    rationale: Older',
        '    evidence: G\n    citations: [smith-2020]\n    rationale: Older',
      ),
    );
    expect(issues).toContainEqual(expect.objectContaining({ entry: 'rule P1', field: 'notes' }));
  });

  it('requires an identifier on every citation', () => {
    const issues = issuesFor(replace('techniques.yaml', ', doi: 10.1000/test', ''));
    expect(issues).toContainEqual(expect.objectContaining({ entry: 'citation smith-2020' }));
  });
});
