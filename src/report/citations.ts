import type { CitationEntry } from '../core/index.js';

export interface CitationView {
  readonly id: string;
  /** "Stiell IG, Wells GA, Vandemheen KL, et al. 2001" */
  readonly short: string;
  /** The full reference: authors (year). Title. Source. */
  readonly full: string;
  /** "doi:10.1001/jama.286.15.1841", "PMID 12345678", or the address; empty when there is none. */
  readonly identifiers: readonly string[];
  /** Where to read it: the DOI resolver, PubMed or the recorded address. */
  readonly href: string | undefined;
}

export function citationHref(c: CitationEntry): string | undefined {
  if (c.doi !== undefined) return `https://doi.org/${c.doi}`;
  if (c.pmid !== undefined) return `https://pubmed.ncbi.nlm.nih.gov/${c.pmid}/`;
  return c.url;
}

export function citationView(c: CitationEntry): CitationView {
  const identifiers: string[] = [];
  if (c.doi !== undefined) identifiers.push(`doi:${c.doi}`);
  if (c.pmid !== undefined) identifiers.push(`PMID ${c.pmid}`);
  if (c.isbn !== undefined) identifiers.push(`ISBN ${c.isbn}`);
  if (c.doi === undefined && c.pmid === undefined && c.url !== undefined) identifiers.push(c.url);
  return {
    id: c.id,
    short: `${c.authors} ${c.year}`,
    full: `${c.authors} (${c.year}). ${c.title.replace(/\.$/, '')}. ${c.source}.`,
    identifiers,
    href: citationHref(c),
  };
}
