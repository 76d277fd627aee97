import type { KbIssue } from './issues.js';
import { issueAt } from './locate.js';
import type { LocatedMapping } from './record-mapping.js';
import type { KbFile, MetaEntry } from './schema.js';
import type { KbSourceData } from './source.js';
import type { LocatedTerminology } from './terminology.js';

export const COLLECTIONS = [
  'sections',
  'questions',
  'rules',
  'techniques',
  'sites',
  'professions',
  'precautions',
  'referralTargets',
  'complications',
  'indications',
  'alternatives',
  'citations',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

type EntryOf<C extends Collection> = NonNullable<KbFile[C]>[number];

/** An entry with where it came from, so later checks can point at it. */
export interface Located<T> {
  readonly value: T;
  readonly file: KbSourceData;
  readonly at: readonly [Collection, number];
}

export type Merged = { readonly [C in Collection]: readonly Located<EntryOf<C>>[] } & {
  readonly meta: MetaEntry | undefined;
  readonly recordMapping: LocatedMapping | undefined;
  readonly terminology: LocatedTerminology | undefined;
};

/** Locates a field inside an entry: `located.at` + the field's path. */
export function issueIn<T>(entry: Located<T>, field: readonly (string | number)[], message: string): KbIssue {
  return issueAt(entry.file, [...entry.at, ...field], message);
}

/** Concatenates the collections of all files (in path order) and reports duplicate ids. */
export function mergeFiles(files: readonly { source: KbSourceData; data: KbFile }[]): {
  merged: Merged;
  issues: KbIssue[];
} {
  const issues: KbIssue[] = [];
  const sorted = [...files].sort((a, b) => (a.source.path < b.source.path ? -1 : 1));
  const merged: Record<string, Located<unknown>[]> = {};
  let meta: MetaEntry | undefined;
  let recordMapping: LocatedMapping | undefined;
  let terminology: LocatedTerminology | undefined;
  for (const { source, data } of sorted) {
    if (data.meta !== undefined) {
      if (meta !== undefined)
        issues.push(issueAt(source, ['meta'], 'the knowledge base has more than one "meta" block'));
      meta = data.meta;
    }
    if (data.recordMapping !== undefined) {
      if (recordMapping !== undefined)
        issues.push(
          issueAt(
            source,
            ['recordMapping'],
            `the knowledge base has more than one "recordMapping" block (first in ${recordMapping.file.path})`,
          ),
        );
      recordMapping = { value: data.recordMapping, file: source };
    }
    if (data.terminology !== undefined) {
      if (terminology !== undefined)
        issues.push(
          issueAt(
            source,
            ['terminology'],
            `the knowledge base has more than one "terminology" block (first in ${terminology.file.path})`,
          ),
        );
      terminology = { value: data.terminology, file: source };
    }
    for (const collection of COLLECTIONS) {
      const list = data[collection] ?? [];
      merged[collection] ??= [];
      list.forEach((value, index) => {
        merged[collection]?.push({ value, file: source, at: [collection, index] });
      });
    }
  }
  for (const collection of COLLECTIONS) {
    const seen = new Map<string, Located<unknown>>();
    for (const entry of merged[collection] ?? []) {
      const id = (entry.value as { id: string }).id;
      const first = seen.get(id);
      if (first === undefined) seen.set(id, entry);
      else issues.push(issueIn(entry, ['id'], `duplicate id "${id}" (first defined in ${first.file.path})`));
    }
  }
  if (meta === undefined)
    issues.push({ file: '(knowledge base)', message: 'no file defines the "meta" block' });
  return {
    merged: {
      ...(merged as unknown as Omit<Merged, 'meta' | 'recordMapping' | 'terminology'>),
      meta,
      recordMapping,
      terminology,
    },
    issues,
  };
}
