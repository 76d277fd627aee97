/**
 * The knowledge base as shipped to browsers: the parsed files of a knowledge base that the build has
 * already validated (schema, references, vectors), without the rules' test vectors, and the content hash
 * of the full sources. Loading it compiles the conditions without validating again.
 */

import { assembleKnowledgeBase } from './assemble.js';
import { formatKbIssue } from './issues.js';
import type { KnowledgeBase } from './model.js';
import type { KbFile } from './schema.js';

export interface KnowledgeBundle {
  readonly format: 'neckcheck-knowledge-bundle';
  /** Content hash of the full validated sources (vectors included), as recorded in assessments. */
  readonly hash: string;
  readonly files: readonly { readonly path: string; readonly data: KbFile }[];
}

/** Builds a bundle from files that passed `buildKnowledgeBase` (the caller has checked that). */
export function toKnowledgeBundle(
  hash: string,
  files: readonly { readonly path: string; readonly data: unknown }[],
): KnowledgeBundle {
  const strip = (data: KbFile): KbFile =>
    data.rules === undefined
      ? data
      : { ...data, rules: data.rules.map((rule) => ({ ...rule, vectors: [] })) };
  return {
    format: 'neckcheck-knowledge-bundle',
    hash,
    files: files.map((f) => ({ path: f.path, data: strip(f.data as KbFile) })),
  };
}

export function loadKnowledgeBundle(bundle: KnowledgeBundle): KnowledgeBase {
  const result = assembleKnowledgeBase(
    bundle.files.map((f) => ({ source: { path: f.path, data: f.data }, data: f.data })),
    bundle.hash,
    { runVectors: false },
  );
  if (!result.ok) throw new Error(`invalid knowledge bundle: ${result.errors.map(formatKbIssue).join('; ')}`);
  return result.value.kb;
}
