/** Reference checks for the descriptive collections (techniques, professions, alternatives...). */
import type { KbIssue } from './issues.js';
import type { Collection, Located, Merged } from './merge.js';
import { issueIn } from './merge.js';

type Ids = (collection: Collection) => ReadonlySet<string>;

function checkList(
  entry: Located<unknown>,
  ids: readonly string[] | undefined,
  valid: ReadonlySet<string>,
  field: string,
  what: string,
): KbIssue[] {
  return (ids ?? []).flatMap((id, i) =>
    valid.has(id) ? [] : [issueIn(entry, [field, i], `unknown ${what} "${id}"`)],
  );
}

export function checkEntries(
  merged: Merged,
  ids: Ids,
  treatmentGoals: ReadonlySet<string> | undefined,
): KbIssue[] {
  const issues: KbIssue[] = [];
  const citations = ids('citations');
  const cite = (entry: Located<{ citations: readonly string[] }>): void => {
    issues.push(...checkList(entry, entry.value.citations, citations, 'citations', 'citation'));
  };
  const forces = new Map<number, string>();
  for (const entry of merged.techniques) {
    cite(entry);
    issues.push(...checkList(entry, entry.value.risks, ids('complications'), 'risks', 'complication'));
    issues.push(...checkList(entry, entry.value.benefits, ids('indications'), 'benefits', 'indication'));
    const other = forces.get(entry.value.force);
    if (other !== undefined) {
      issues.push(
        issueIn(entry, ['force'], `same force as "${other}": techniques must be strictly ordered by force`),
      );
    }
    forces.set(entry.value.force, entry.value.id);
  }
  if (merged.techniques.length === 0)
    issues.push({ file: '(knowledge base)', message: 'no techniques defined' });
  for (const entry of merged.professions) {
    cite(entry);
    issues.push(...checkList(entry, entry.value.scope, ids('techniques'), 'scope', 'technique'));
  }
  for (const entry of merged.sites) cite(entry);
  for (const entry of merged.complications) cite(entry);
  for (const entry of merged.indications) cite(entry);
  for (const entry of merged.alternatives) {
    cite(entry);
    if (treatmentGoals !== undefined) {
      issues.push(
        ...checkList(
          entry,
          entry.value.suggestedFor,
          treatmentGoals,
          'suggestedFor',
          'treatment goal (option of "treatment_goal")',
        ),
      );
    }
  }
  for (const entry of merged.precautions) {
    const site = entry.value.site;
    if (site !== undefined && !ids('sites').has(site))
      issues.push(issueIn(entry, ['site'], `unknown site "${site}"`));
  }
  for (const entry of merged.citations) {
    const c = entry.value;
    if (c.doi === undefined && c.pmid === undefined && c.url === undefined && c.isbn === undefined) {
      issues.push(issueIn(entry, ['doi'], 'a citation needs at least one of doi, pmid, url or isbn'));
    }
  }
  return issues;
}
