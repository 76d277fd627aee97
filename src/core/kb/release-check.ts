/**
 * Loading a knowledge base next to the snapshot of its previous release fails when a rule changed without a
 * new version, so an assessment's rule ids and versions always name exactly one content.
 */
import type { KnowledgeBundle } from './bundle.js';
import { diffKnowledgeBundles, versionBumpProblems } from './diff.js';
import type { KbIssue } from './issues.js';
import { compareVersions } from './versions.js';

/** The release a knowledge base of `version` is checked against: the latest one not after it. */
export function previousRelease(
  version: string,
  releases: readonly KnowledgeBundle[],
): KnowledgeBundle | undefined {
  const meta = (b: KnowledgeBundle): string =>
    b.files.find((f) => f.data.meta !== undefined)?.data.meta?.version ?? '0.0.0';
  return [...releases]
    .filter((r) => compareVersions(meta(r), version) <= 0)
    .sort((a, b) => compareVersions(meta(b), meta(a)))[0];
}

export function releaseIssues(current: KnowledgeBundle, release: KnowledgeBundle): KbIssue[] {
  const diff = diffKnowledgeBundles(release, current);
  const fileOfRule = new Map<string, string>();
  let metaFile = 'kb.yaml';
  for (const f of current.files) {
    for (const r of f.data.rules ?? []) fileOfRule.set(r.id, f.path);
    if (f.data.meta !== undefined) metaFile = f.path;
  }
  return versionBumpProblems(diff).map((p) =>
    p.ruleId === undefined
      ? { file: metaFile, entry: 'meta', field: 'version', message: p.message }
      : {
          file: fileOfRule.get(p.ruleId) ?? metaFile,
          entry: `rule ${p.ruleId}`,
          field: 'version',
          message: p.message,
        },
  );
}
