/** Conditions (rule `when`, question `enableWhen`) in words, as an indented outline. */
import type { Condition, KnowledgeBase, Lang, Leaf } from '../core/index.js';
import { optionText } from './answers.js';
import { block } from './layout.js';
import { messages } from './messages.js';

export interface ConditionLine {
  readonly depth: number;
  readonly text: string;
}

export function conditionLines(kb: KnowledgeBase, condition: Condition, lang: Lang): ConditionLine[] {
  const m = messages(lang).condition;
  const lines: ConditionLine[] = [];
  const walk = (c: Condition, depth: number): void => {
    switch (c.kind) {
      case 'leaf':
        lines.push({ depth, text: leafText(kb, c, lang) });
        return;
      case 'always':
        lines.push({ depth, text: m.always });
        return;
      case 'not':
        if (c.item.kind === 'leaf') {
          lines.push({ depth, text: `${m.not} ${leafText(kb, c.item, lang)}` });
          return;
        }
        lines.push({ depth, text: m.not });
        walk(c.item, depth + 1);
        return;
      case 'all':
      case 'any':
      case 'atLeast':
        lines.push({ depth, text: c.kind === 'atLeast' ? m.atLeast(c.n) : m[c.kind] });
        for (const item of c.items) walk(item, depth + 1);
        return;
    }
  };
  walk(condition, 0);
  return lines;
}

/** The outline as plain text: nested nodes indented and bulleted, long lines wrapped at `width`. */
export function conditionText(
  lines: readonly ConditionLine[],
  indent = '',
  width = Number.POSITIVE_INFINITY,
): string {
  return lines
    .flatMap((l) => {
      const lead = l.depth === 0 ? indent : `${indent}${'  '.repeat(l.depth - 1)}- `;
      return block(l.text, width, ' '.repeat(lead.length), lead);
    })
    .join('\n');
}

function leafText(kb: KnowledgeBase, leaf: Leaf, lang: Lang): string {
  const question = kb.index.question.get(leaf.questionId);
  const label = question?.clinicianLabel[lang] ?? leaf.questionId;
  const answer = messages(lang).answer;
  const value = leaf.value;
  let shown: string;
  if (typeof value === 'boolean') shown = value ? answer.yes : answer.no;
  else if (typeof value === 'number') {
    const unit = question?.unit?.[lang];
    shown = unit === undefined ? String(value) : `${value} ${unit}`;
  } else {
    const ids = typeof value === 'string' ? [value] : value;
    shown = ids.map((id) => `"${optionText(question, id, lang)}"`).join(', ');
  }
  return `${label} [${leaf.questionId}] ${messages(lang).condition[leaf.op]} ${shown}`;
}
