/** Citations as FHIR sees them: a resolvable address (DOI, then PubMed, then the recorded URL) and a text. */
import type { Annotation, Reference } from '@medplum/fhirtypes';
import type { CitationEntry } from '../core/index.js';
import { SYSTEMS } from './constants.js';

export function citationUrl(c: CitationEntry): string | undefined {
  if (c.doi !== undefined) return `https://doi.org/${c.doi}`;
  if (c.pmid !== undefined) return `https://pubmed.ncbi.nlm.nih.gov/${c.pmid}/`;
  return c.url;
}

/** "Authors (year). Title. Source. https://doi.org/…" */
export function citationText(c: CitationEntry): string {
  const url = citationUrl(c);
  return `${c.authors} (${c.year}). ${c.title.replace(/\.$/, '')}. ${c.source}.${url === undefined ? '' : ` ${url}`}`;
}

/** A citation as a Reference to a non-FHIR document: its text, and its address as a URI identifier. */
export function citationReference(c: CitationEntry): Reference {
  const url = citationUrl(c);
  return {
    display: citationText(c),
    ...(url === undefined ? {} : { identifier: { system: SYSTEMS.uri, value: url } }),
  };
}

export function citationNotes(citations: readonly CitationEntry[]): Annotation[] {
  return uniqueCitations(citations).map((c) => ({ text: citationText(c) }));
}

export function uniqueCitations(citations: readonly CitationEntry[]): CitationEntry[] {
  const seen = new Map<string, CitationEntry>();
  for (const c of citations) if (!seen.has(c.id)) seen.set(c.id, c);
  return [...seen.values()];
}
