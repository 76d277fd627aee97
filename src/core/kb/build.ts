import type { Result } from '../result.js';
import { fail } from '../result.js';
import type { BuildOutput } from './assemble.js';
import { assembleKnowledgeBase } from './assemble.js';
import { hashSources } from './hash.js';
import type { KbIssue } from './issues.js';
import type { KbSourceData, KbSourceText } from './source.js';
import { parseYamlSources } from './source.js';
import { validateFiles } from './validate-files.js';

export type { BuildOutput } from './assemble.js';
export { hashSources } from './hash.js';

/** Loads the knowledge base from YAML texts (the CLI and server read them from knowledge/). */
export function loadKnowledgeBase(sources: readonly KbSourceText[]): Result<BuildOutput, KbIssue> {
  const parsed = parseYamlSources(sources);
  if (parsed.issues.length > 0) return fail(parsed.issues);
  return buildKnowledgeBase(parsed.files);
}

/**
 * Validates, resolves and compiles parsed source files. Refuses (returns every issue) on any schema
 * error, dangling reference, malformed condition or failing rule vector: a knowledge base that does not
 * pass its own checks must never screen anyone.
 */
export function buildKnowledgeBase(files: readonly KbSourceData[]): Result<BuildOutput, KbIssue> {
  const { valid, issues } = validateFiles(files);
  if (issues.length > 0) return fail(issues);
  return assembleKnowledgeBase(valid, hashSources(files), { runVectors: true });
}
