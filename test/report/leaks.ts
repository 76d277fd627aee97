/**
 * What must never reach a client: rule codes, clinicians' and therapists' texts, rule rationale and notes,
 * evidence tags and statistics. Shared by the report tests and the browser test of the self-check result.
 */
import type { KnowledgeBase, Lang } from '../../src/core/index.js';
import { messages } from '../../src/report/index.js';

/** Collapses white space, so wrapped text lines compare with the source text. */
export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The readable text of an HTML page: tags dropped, the few entities escapeHtml writes decoded. */
export function htmlText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The readable text of Markdown: escapes undone. */
export function markdownText(markdown: string): string {
  return markdown.replace(/\\([\\`*_[\]<>|#&])/g, '$1');
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Words of the pattern kind that only clinicians or the knowledge base's authors should read. */
const INTERNAL: readonly RegExp[] = [
  /\b(?:SMD|DMS) -?\d/,
  /\[(?:V|V2|G|U)\]/,
  /\bHVLA\b/,
  /\b(?:rule|règle) [A-Z][A-Z0-9-]* v\d+/,
  /recalled and still to be checked|cités de mémoire/,
  /obtain informed consent|obtenir un consentement éclairé/,
];

/** Every leak found in a client's output (already reduced to its readable text), described. */
export function clientLeaks(kb: KnowledgeBase, output: string, lang: Lang): string[] {
  const text = normalise(output);
  const leaks: string[] = [];
  for (const rule of kb.rules) {
    if (new RegExp(`(?<![\\w-])${escapeRegExp(rule.id)}(?![\\w-])`).test(text))
      leaks.push(`rule code ${rule.id}`);
    const internal = [
      ['clinician text', rule.clinician[lang]],
      ['rationale', rule.rationale],
      ['notes', rule.notes],
    ] as const;
    for (const [kind, value] of internal) {
      if (value !== undefined && text.includes(normalise(value))) leaks.push(`${kind} of ${rule.id}`);
    }
  }
  for (const p of kb.precautions)
    if (text.includes(normalise(p.text[lang]))) leaks.push(`therapist precaution ${p.id}`);
  for (const a of kb.alternatives)
    if (text.includes(normalise(a.evidenceSummary[lang]))) leaks.push(`evidence summary of ${a.id}`);
  const m = messages(lang);
  for (const e of Object.values(m.evidence))
    if (text.includes(e.explain)) leaks.push(`evidence tag ${e.label}`);
  for (const pattern of INTERNAL) {
    const match = pattern.exec(text);
    if (match !== null) leaks.push(`internal wording "${match[0]}"`);
  }
  return leaks;
}
