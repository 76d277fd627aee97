/** The Markdown `detail` of the cards: what triggered a finding, where each answer came from, the references. */
import type { AnswerValue, CitationEntry, KnowledgeBase, Lang, LocalizedText } from '../core/index.js';
import { bullets, md, mdLink, paragraphs, section } from './markdown.js';
import type { Provenance } from './record-answers.js';
import { T } from './texts.js';

export function ruleUrl(publicUrl: string, ruleId: string): string {
  return `${publicUrl}/kb/rules/${encodeURIComponent(ruleId)}`;
}

export function answerText(
  kb: KnowledgeBase,
  questionId: string,
  answer: AnswerValue | null,
  lang: Lang,
): string {
  if (answer === null) return T.notAnswered[lang];
  if (answer === 'unknown') return T.unknown[lang];
  if (typeof answer === 'boolean') return (answer ? T.yes : T.no)[lang];
  const question = kb.index.question.get(questionId);
  if (typeof answer === 'number')
    return question?.unit === undefined ? String(answer) : `${answer} ${question.unit[lang]}`;
  const option = (id: string): string => question?.options?.find((o) => o.id === id)?.text[lang] ?? id;
  return typeof answer === 'string' ? option(answer) : answer.map(option).join('; ');
}

export function questionLabel(kb: KnowledgeBase, questionId: string, lang: Lang): string {
  return kb.index.question.get(questionId)?.clinicianLabel[lang] ?? questionId;
}

/** " — from the EHR record: Condition/1 (Osteoporosis)" for the record items behind this answer. */
function fromRecord(
  provenance: readonly Provenance[],
  questionId: string,
  answer: AnswerValue | null,
  lang: Lang,
): string {
  const given = Array.isArray(answer) ? answer : [];
  const behind = provenance.filter(
    (p) => p.questionId === questionId && (p.optionId === undefined || given.includes(p.optionId)),
  );
  if (behind.length === 0) return '';
  const items = behind.map((p) => `${md(p.source, 120)} (${md(p.display, 120)})`).join(', ');
  return ` — _${md(T.fromRecord[lang])}: ${items}_`;
}

export function triggerLines(
  kb: KnowledgeBase,
  triggers: readonly { questionId: string; answer: AnswerValue | null }[],
  provenance: readonly Provenance[],
  lang: Lang,
): string {
  return bullets(
    triggers.map(
      (t) =>
        `${md(questionLabel(kb, t.questionId, lang))}: ${md(answerText(kb, t.questionId, t.answer, lang))}` +
        fromRecord(provenance, t.questionId, t.answer, lang),
    ),
  );
}

export function provenanceLines(kb: KnowledgeBase, provenance: readonly Provenance[], lang: Lang): string {
  return bullets(
    provenance.map((p) => {
      const answer = p.optionId === undefined ? null : answerText(kb, p.questionId, p.optionId, lang);
      const what =
        answer === null
          ? questionLabel(kb, p.questionId, lang)
          : `${questionLabel(kb, p.questionId, lang)}: ${answer}`;
      return `${md(what)} — ${md(p.source, 120)} (${md(p.display, 120)})`;
    }),
  );
}

function citationLine(c: CitationEntry): string {
  const text = md(`${c.authors} (${c.year}). ${c.title}. ${c.source}.`, 400);
  if (c.doi !== undefined) return `${text} ${mdLink(`doi:${c.doi}`, `https://doi.org/${c.doi}`)}`;
  if (c.url?.startsWith('https://') === true) return `${text} ${mdLink(c.url, c.url)}`;
  return c.pmid === undefined ? text : `${text} PMID ${md(c.pmid)}`;
}

/** Each citation once, in the order first cited, at most 12. */
function distinct(citations: readonly CitationEntry[]): CitationEntry[] {
  return [...new Map(citations.map((c) => [c.id, c] as const)).values()].slice(0, 12);
}

export function referencesSection(citations: readonly CitationEntry[], lang: Lang): string {
  return section(T.references[lang], bullets(distinct(citations).map(citationLine)));
}

/** "Liu H, Zhang T, …" → "Liu"; an organisation keeps its name; no authors, the title. */
function shortName(c: CitationEntry): string {
  if (c.authors.startsWith('[')) return c.title;
  const first = c.authors.split(/,|;| and | et /)[0]?.trim() ?? c.authors;
  return first.replace(/\s+(?:[A-Z]{1,3}|[A-Z]\.(?:\s?[A-Z]\.)*)$/, '');
}

/** One line: "References: Liu 2021; Cohen 2016 (in full on the rule page)". */
export function shortReferences(citations: readonly CitationEntry[], lang: Lang): string {
  const names = distinct(citations).map((c) => md(`${shortName(c)} ${c.year}`, 80));
  return names.length === 0
    ? ''
    : `_${md(T.references[lang])}:_ ${names.join('; ')} (${md(T.inFullOnRulePage[lang])})`;
}

export function heading(level: LocalizedText, title: string, lang: Lang, ruleId?: string): string {
  return `**${md(level[lang])}: ${md(title)}**${ruleId === undefined ? '' : ` (${md(ruleId)})`}`;
}

export { bullets, md, mdLink, paragraphs, section };
