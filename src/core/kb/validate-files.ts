import { Compile } from 'typebox/compile';
import type { KbIssue } from './issues.js';
import { fieldPath } from './issues.js';
import type { KbFile } from './schema.js';
import { KbFileSchema } from './schema.js';
import type { KbSourceData } from './source.js';

const checker = Compile(KbFileSchema);

const SINGULAR: Readonly<Record<string, string>> = {
  sections: 'section',
  questions: 'question',
  rules: 'rule',
  techniques: 'technique',
  sites: 'site',
  professions: 'profession',
  precautions: 'precaution',
  referralTargets: 'referral target',
  complications: 'complication',
  indications: 'indication',
  alternatives: 'alternative',
  citations: 'citation',
};

/** Names an entry for messages: `rule E3`, or `rule #4` when it has no usable id. */
export function entryName(data: unknown, collection: string, index: number): string {
  const list = (data as Record<string, unknown> | null)?.[collection];
  const entry = Array.isArray(list) ? (list[index] as Record<string, unknown> | undefined) : undefined;
  const id = entry?.id;
  return `${SINGULAR[collection] ?? collection} ${typeof id === 'string' ? id : `#${index + 1}`}`;
}

/** Locates a path inside a file as an issue: file, entry, field and line. */
export function issueAt(
  file: KbSourceData,
  segments: readonly (string | number)[],
  message: string,
): KbIssue {
  const [collection, index, ...rest] = segments;
  const line = file.locate?.(segments);
  const located = line === undefined ? {} : { line };
  if (typeof collection === 'string' && typeof index === 'number') {
    return {
      file: file.path,
      entry: entryName(file.data, collection, index),
      field: fieldPath(rest),
      ...located,
      message,
    };
  }
  return { file: file.path, field: fieldPath(segments), ...located, message };
}

function segmentsOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Validates each file against the schema; returns the typed files and the issues of the others. */
export function validateFiles(files: readonly KbSourceData[]): {
  valid: { source: KbSourceData; data: KbFile }[];
  issues: KbIssue[];
} {
  const valid: { source: KbSourceData; data: KbFile }[] = [];
  const issues: KbIssue[] = [];
  for (const file of files) {
    if (checker.Check(file.data)) {
      valid.push({ source: file, data: file.data as KbFile });
      continue;
    }
    const seen = new Set<string>();
    for (const error of checker.Errors(file.data)) {
      // A union reports one error per branch; the path and the first message are enough for a reader.
      const key = error.instancePath;
      if (seen.has(key)) continue;
      seen.add(key);
      const extra = (error.params as { additionalProperties?: readonly string[] }).additionalProperties;
      const message =
        extra !== undefined
          ? `unexpected field(s): ${extra.join(', ')}`
          : schemaMessage(error.message, error.params);
      if (error.keyword === 'boolean' && error.message === 'schema is false') continue;
      issues.push(issueAt(file, segmentsOf(error.instancePath), message));
    }
  }
  return { valid, issues };
}

function schemaMessage(message: string, params: unknown): string {
  const p = params as { allowedValue?: unknown; requiredProperties?: readonly string[] };
  if (p.requiredProperties !== undefined)
    return `missing required field(s): ${p.requiredProperties.join(', ')}`;
  return message;
}
