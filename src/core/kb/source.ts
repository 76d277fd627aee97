/**
 * Knowledge-base source files. The YAML parser keeps positions so that every issue can name its line;
 * a pre-parsed JSON bundle (used in the browser) carries no positions.
 */
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { KbIssue } from './issues.js';

export interface KbSourceText {
  readonly path: string;
  readonly text: string;
}

export interface KbSourceData {
  readonly path: string;
  readonly data: unknown;
  /** The line of a value inside the file, when known. */
  readonly locate?: (segments: readonly (string | number)[]) => number | undefined;
}

export function parseYamlSources(sources: readonly KbSourceText[]): {
  files: KbSourceData[];
  issues: KbIssue[];
} {
  const files: KbSourceData[] = [];
  const issues: KbIssue[] = [];
  for (const source of sources) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
        issues.push({ file: source.path, line, message: `YAML ${error.code}: ${firstLine(error.message)}` });
      }
      continue;
    }
    const locate = (segments: readonly (string | number)[]): number | undefined => {
      for (let depth = segments.length; depth >= 0; depth--) {
        const node = doc.getIn(segments.slice(0, depth), true);
        if (node !== undefined && node !== null && typeof node === 'object' && 'range' in node) {
          const range = (node as { range?: readonly number[] }).range;
          if (range?.[0] !== undefined) return lineCounter.linePos(range[0]).line;
        }
        if (depth === 0 && (isMap(doc.contents) || isSeq(doc.contents))) return 1;
      }
      return undefined;
    };
    files.push({ path: source.path, data: doc.toJS({ maxAliasCount: 0 }), locate });
  }
  return { files, issues };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
