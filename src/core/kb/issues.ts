/** A problem found while loading the knowledge base, located as precisely as the source allows. */
export interface KbIssue {
  readonly file: string;
  /** The entry concerned, e.g. `rule E3` or `question age`. */
  readonly entry?: string;
  /** The field inside the entry, e.g. `when.all[1].q`. */
  readonly field?: string;
  readonly line?: number;
  readonly message: string;
}

export function formatKbIssue(issue: KbIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  const entry = issue.entry === undefined ? '' : ` ${issue.entry}`;
  const field = issue.field === undefined || issue.field === '' ? '' : `, field "${issue.field}"`;
  return `${where}${entry}${field}: ${issue.message}`;
}

/** Renders a path such as ['when', 'all', 1, 'q'] as `when.all[1].q`. */
export function fieldPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
