/** Where a problem is: file, entry (`rule E3`), field (`when.all[1].q`) and line when the source had one. */
import type { KbIssue } from './issues.js';
import { fieldPath } from './issues.js';
import { mappingIssue } from './record-mapping.js';
import type { KbSourceData } from './source.js';
import { terminologyIssue } from './terminology.js';

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
  if (collection === 'recordMapping') return mappingIssue(file, segments.slice(1), message);
  if (collection === 'terminology') return terminologyIssue(file, segments.slice(1), message);
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
