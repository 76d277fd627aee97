/** The assessment as Markdown (CommonMark with GFM tables): the same content as the text report. */
import type { Assessment, KnowledgeBase, Lang } from '../core/index.js';
import type { CitationView } from './citations.js';
import type { ReportOptions, ReportView } from './view.js';
import { buildReportView, withReview } from './view.js';

/** Escapes the characters that Markdown (or HTML inside Markdown) would interpret. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#&]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, ' ');
}

const e = escapeMarkdown;

export function renderMarkdown(
  kb: KnowledgeBase,
  assessment: Assessment,
  lang: Lang,
  options: ReportOptions = {},
): string {
  const view = buildReportView(kb, assessment, lang, options);
  const { m } = view;
  const out: string[] = [`# ${e(view.title)}`, '', ...result(view)];
  if (view.emergencySteps.length > 0) {
    out.push('', `### ${e(m.heading.whatToDo)}: ${e(m.emergency.heading)}`, '');
    view.emergencySteps.forEach((step, i) => {
      out.push(`${i + 1}. **${e(step)}**`);
    });
  }
  out.push('', `## ${e(m.heading.techniques)}`, '');
  out.push(
    `| ${e(m.table.technique)} | ${e(m.table.decision)} | ${e(m.table.reason)} |`,
    '| --- | --- | --- |',
  );
  for (const t of view.techniques) {
    out.push(`| ${e(t.name)} | **${e(t.label)}** | ${e(withReview(t))} |`);
  }
  out.push(...why(view), ...lists(view));
  out.push('', `## ${e(m.heading.about)}`, '', ...view.about.map((a) => `- ${e(a.label)}: \`${a.value}\``));
  out.push('', `> ${e(view.disclaimer)}`, '');
  return out.join('\n');
}

/** Clinicians read the disposition and its explanation; clients the one instruction with when and whom. */
function result(view: ReportView): string[] {
  const { m, headline } = view;
  if (view.audience === 'client') {
    const c = m.client.heading;
    return [
      `## ${e(c.whatToDo)}: ${e(headline.label)}`,
      '',
      `**${e(headline.text)}**`,
      '',
      `- ${e(c.when)}: ${e(headline.when)}`,
      `- ${e(c.whom)}: ${e(headline.whom)}`,
    ];
  }
  const d = m.disposition[view.disposition];
  return [`## ${e(m.heading.result)}: ${e(d.label)}`, '', e(d.explain)];
}

function citation(c: CitationView): string {
  const text = e([c.short, ...c.identifiers].join(', '));
  return c.href === undefined ? `  - ${text}` : `  - [${text}](<${c.href}>)`;
}

function why(view: ReportView): string[] {
  const { m } = view;
  if (view.findings.length === 0) return [];
  const out = ['', `## ${e(view.headings.why)}`];
  for (const f of view.findings) {
    out.push('', `### ${e(f.title)}`, ...meta(f.meta), '', e(f.message));
    if (f.triggers.length > 0) {
      out.push(
        '',
        `- ${e(m.finding.answers)}:`,
        ...f.triggers.map((t) => `  - ${e(t.question)} → ${e(t.answer)}`),
      );
    }
    if (f.citations.length > 0) out.push(`- ${e(m.finding.sources)}:`, ...f.citations.map(citation));
  }
  return out;
}

function meta(text: string | undefined): string[] {
  return text === undefined ? [] : ['', `*${e(text)}*`];
}

function section(title: string, items: readonly string[]): string[] {
  return items.length === 0 ? [] : ['', `## ${e(title)}`, '', ...items.map((i) => `- ${e(i)}`)];
}

function lists(view: ReportView): string[] {
  const { m } = view;
  const out: string[] = [];
  if (view.unresolved.length > 0) {
    out.push('', `## ${e(view.headings.unresolved)}`);
    for (const u of view.unresolved) {
      out.push('', `### ${e(u.title)}`, ...meta(u.meta), '', e(u.message), '');
      out.push(`- ${e(m.finding.questions)}:`, ...u.questions.map((q) => `  - ${e(q)}`));
      if (u.citations.length > 0) out.push(`- ${e(m.finding.sources)}:`, ...u.citations.map(citation));
    }
  }
  if (view.casePrecautions.length + view.standardPrecautions.length > 0) {
    out.push('', `## ${e(m.heading.precautions)}`);
    if (view.casePrecautions.length > 0) {
      out.push(
        '',
        `### ${e(m.heading.casePrecautions)}`,
        '',
        ...view.casePrecautions.map((p) => `- ${e(p)}`),
      );
    }
    if (view.standardPrecautions.length > 0) {
      out.push(
        '',
        `### ${e(m.heading.standardPrecautions)}`,
        '',
        ...view.standardPrecautions.map((p) => `- ${e(p)}`),
      );
    }
  }
  out.push(...section(view.headings.referrals, view.referrals));
  if (view.alternatives.length > 0) {
    out.push('', `## ${e(view.headings.alternatives)}`, '');
    for (const a of view.alternatives) out.push(`- **${e(a.name)}** (${e(a.certainty)}): ${e(a.summary)}`);
  }
  out.push(...section(view.headings.professions, view.professions));
  out.push(...section(view.headings.openQuestions, view.openQuestions));
  return out;
}
