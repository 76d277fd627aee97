import { describe, expect, it } from 'vitest';
import type { KbIssue } from '../../src/core/index.js';
import { formatKbIssue, isReviewed, loadKnowledgeBase } from '../../src/core/index.js';
import { MINI_KB, miniSources } from '../helpers/mini-kb.js';

const withE1 = (lines: string): Record<string, string> => ({
  'rules.yaml': (MINI_KB['rules.yaml'] ?? '').replace('  - id: E1\n    version: 1\n', `  - id: E1\n${lines}`),
});
function issues(changes: Record<string, string>): string[] {
  const result = loadKnowledgeBase(miniSources(changes));
  return result.ok ? [] : result.errors.map((e: KbIssue) => formatKbIssue(e));
}

describe('rule governance in the knowledge base', () => {
  it('requires a changelog entry for every version after the first', () => {
    expect(
      issues(
        withE1(
          '    version: 3\n    changelog:\n      - { version: 2, kb: 1.0.0, change: "Narrower condition." }\n',
        ),
      ),
    ).toEqual([
      expect.stringMatching(/rules\.yaml:\d+ rule E1, field "changelog": version 3 needs a changelog entry/),
    ]);
    expect(
      issues(
        withE1(
          '    version: 2\n    changelog:\n      - { version: 2, kb: 1.0.0, change: "Narrower condition." }\n',
        ),
      ),
    ).toEqual([]);
  });

  it('refuses a changelog entry or a review of a version the rule never had', () => {
    const found = issues(
      withE1(
        '    version: 1\n    changelog:\n      - { version: 2, kb: 1.0.0, change: "From the future." }\n    reviews:\n      - { version: 4, reviewer: Dr A, profession: physician, date: 2026-01-02, verdict: approved }\n',
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(/field "changelog\[0\]\.version": version 2 is after the rule's version 1/),
      expect.stringMatching(
        /field "reviews\[0\]\.version": a review of version 4, after the rule's version 1/,
      ),
    ]);
  });

  it('counts a rule as reviewed only when a clinician approved its current version', () => {
    const approved = {
      reviewer: 'Dr A',
      profession: 'physician',
      date: '2026-01-02',
      verdict: 'approved' as const,
    };
    expect(isReviewed({ version: 2 })).toBe(false);
    expect(isReviewed({ version: 2, reviews: [{ ...approved, version: 1 }] })).toBe(false);
    expect(
      isReviewed({ version: 2, reviews: [{ ...approved, version: 2, verdict: 'changes_requested' }] }),
    ).toBe(false);
    expect(isReviewed({ version: 2, reviews: [{ ...approved, version: 2 }] })).toBe(true);
  });
});
