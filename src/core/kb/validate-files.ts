import { Compile } from 'typebox/compile';
import type { KbIssue } from './issues.js';
import { issueAt } from './locate.js';
import type { KbFile } from './schema.js';
import { KbFileSchema } from './schema.js';
import type { KbSourceData } from './source.js';

/** Compiled on first use, so that importing this module costs nothing. */
let checker: ReturnType<typeof Compile<typeof KbFileSchema>> | undefined;

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
  checker ??= Compile(KbFileSchema);
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
