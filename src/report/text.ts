/** The assessment as plain text for a terminal: the decision first, the explanation after. */
import type { Assessment, Decision, Disposition, KnowledgeBase, Lang } from '../core/index.js';
import type { CitationView } from './citations.js';
import type { HeadlineLevel } from './headline.js';
import type { Painter, Style } from './layout.js';
import { block, painter, table } from './layout.js';
import type { Messages } from './messages.js';
import { messages } from './messages.js';
import type { ReportOptions, ReportView } from './view.js';
import { buildReportView, withReview } from './view.js';

export interface TextOptions extends ReportOptions {
  /** ANSI colours and bold; off unless asked for. */
  readonly color?: boolean;
  /** Line width to wrap at; 100 by default. */
  readonly width?: number;
}

const DISPOSITION_STYLE: Readonly<Record<Disposition, readonly Style[]>> = {
  proceed: ['bold', 'green'],
  precautions: ['bold', 'yellow'],
  incomplete: ['bold', 'magenta'],
  refer: ['bold', 'red'],
  emergency: ['alarm'],
};

const DECISION_STYLE: Readonly<Record<Decision, readonly Style[]>> = {
  allowed: ['green'],
  precautions: ['yellow'],
  relative: ['magenta'],
  contraindicated: ['red'],
};

export function renderText(
  kb: KnowledgeBase,
  assessment: Assessment,
  lang: Lang,
  options: TextOptions = {},
): string {
  const view = buildReportView(kb, assessment, lang, options);
  const paint = painter(options.color === true);
  const width = options.width ?? 100;
  return [
    ...head(view, paint, width),
    ...techniques(view, paint, width),
    ...why(view, paint, width),
    ...lists(view, paint, width),
    ...footer(view, paint, width),
  ].join('\n');
}

/** The emergency instructions alone, for when the questions stop early. */
export function renderEmergencyNotice(
  lang: Lang,
  options: Pick<TextOptions, 'color' | 'width'> = {},
): string {
  const m = messages(lang);
  const paint = painter(options.color === true);
  const width = options.width ?? 100;
  return [
    paint(` ${m.disposition.emergency.label.toUpperCase()} `, ...DISPOSITION_STYLE.emergency),
    ...block(m.prompt.emergencyStop, width, ''),
    '',
    ...emergencySteps(m, m.emergency.steps, paint, width),
    '',
  ].join('\n');
}

function emergencySteps(m: Messages, steps: readonly string[], paint: Painter, width: number): string[] {
  return [
    paint(`${m.heading.whatToDo}: ${m.emergency.heading}`, 'bold', 'red'),
    ...steps.flatMap((step, i) => block(step, width, '     ', `  ${i + 1}. `)),
  ];
}

const HEADLINE_STYLE: Readonly<Record<HeadlineLevel, readonly Style[]>> = {
  proceed: DISPOSITION_STYLE.proceed,
  precautions: DISPOSITION_STYLE.precautions,
  doctor: DISPOSITION_STYLE.refer,
  soon: DISPOSITION_STYLE.refer,
  urgent: DISPOSITION_STYLE.refer,
  emergency: DISPOSITION_STYLE.emergency,
};

/** Clinicians read the disposition and its explanation; clients the one instruction with when and whom. */
function result(view: ReportView, paint: Painter, width: number): string[] {
  const { m, headline } = view;
  if (view.audience === 'client') {
    const c = m.client.heading;
    return [
      `${paint(`${c.whatToDo.toUpperCase()}:`, 'bold')} ${paint(` ${headline.label} `, ...HEADLINE_STYLE[headline.level])}`,
      ...block(headline.text, width, ''),
      ...block(`${c.when}: ${headline.when}`, width, '  ', '  '),
      ...block(`${c.whom}: ${headline.whom}`, width, '  ', '  '),
    ];
  }
  const d = m.disposition[view.disposition];
  return [
    `${paint(`${m.heading.result.toUpperCase()}:`, 'bold')} ${paint(` ${d.label} `, ...DISPOSITION_STYLE[view.disposition])}`,
    ...block(d.explain, width, ''),
  ];
}

function head(view: ReportView, paint: Painter, width: number): string[] {
  const { m } = view;
  const lines = [
    paint(view.title, 'bold'),
    '═'.repeat(Math.min(width, view.title.length)),
    '',
    ...result(view, paint, width),
  ];
  if (view.emergencySteps.length > 0) lines.push('', ...emergencySteps(m, view.emergencySteps, paint, width));
  return lines;
}

function heading(text: string, paint: Painter): string[] {
  return ['', paint(text, 'bold'), paint('─'.repeat(text.length), 'dim')];
}

function techniques(view: ReportView, paint: Painter, width: number): string[] {
  const { m } = view;
  const nameWidth = 34;
  const decisionWidth = 26;
  const reasonWidth = Math.max(20, width - nameWidth - decisionWidth - 6);
  const rows = view.techniques.map((t) => [t.name, t.label, withReview(t)]);
  return [
    ...heading(m.heading.techniques, paint),
    ...table(
      [
        { header: m.table.technique, width: nameWidth },
        { header: m.table.decision, width: decisionWidth },
        { header: m.table.reason, width: reasonWidth },
      ],
      rows,
      '  ',
      (row, column, text) => {
        const decision = view.techniques[row]?.decision;
        return column === 1 && decision !== undefined ? paint(text, ...DECISION_STYLE[decision]) : text;
      },
    ),
  ];
}

function sources(citations: readonly CitationView[], label: string, width: number): string[] {
  if (citations.length === 0) return [];
  return [
    `    ${label}:`,
    ...citations.flatMap((c) => block([c.short, ...c.identifiers].join(', '), width, '        ', '      - ')),
  ];
}

function why(view: ReportView, paint: Painter, width: number): string[] {
  const { m } = view;
  if (view.findings.length === 0) return [];
  const lines = heading(view.headings.why, paint);
  for (const f of view.findings) {
    lines.push(...block(paint(f.title, 'bold'), width, '    ', '  • '));
    if (f.meta !== undefined) lines.push(...block(f.meta, width, '    ').map((l) => paint(l, 'dim')));
    lines.push(...block(f.message, width, '    '));
    if (f.triggers.length > 0) {
      lines.push(`    ${m.finding.answers}:`);
      for (const t of f.triggers)
        lines.push(...block(`${t.question} → ${t.answer}`, width, '        ', '      - '));
    }
    lines.push(...sources(f.citations, m.finding.sources, width));
  }
  return lines;
}

function bullets(items: readonly string[], width: number): string[] {
  return items.flatMap((item) => block(item, width, '    ', '  - '));
}

function lists(view: ReportView, paint: Painter, width: number): string[] {
  const { m } = view;
  const lines: string[] = [];
  if (view.unresolved.length > 0) {
    lines.push(...heading(view.headings.unresolved, paint));
    for (const u of view.unresolved) {
      lines.push(...block(paint(u.title, 'bold'), width, '    ', '  ! '));
      if (u.meta !== undefined) lines.push(paint(`    ${u.meta}`, 'dim'));
      lines.push(...block(u.message, width, '    '));
      lines.push(`    ${m.finding.questions}:`);
      for (const q of u.questions) lines.push(...block(q, width, '        ', '      - '));
      lines.push(...sources(u.citations, m.finding.sources, width));
    }
  }
  if (view.casePrecautions.length + view.standardPrecautions.length > 0) {
    lines.push(...heading(m.heading.precautions, paint));
    if (view.casePrecautions.length > 0) {
      lines.push(`  ${paint(m.heading.casePrecautions, 'bold')}`, ...bullets(view.casePrecautions, width));
    }
    if (view.standardPrecautions.length > 0) {
      lines.push(
        `  ${paint(m.heading.standardPrecautions, 'bold')}`,
        ...bullets(view.standardPrecautions, width),
      );
    }
  }
  if (view.referrals.length > 0) {
    lines.push(...heading(view.headings.referrals, paint));
    lines.push(...bullets(view.referrals, width));
  }
  if (view.alternatives.length > 0) {
    lines.push(...heading(view.headings.alternatives, paint));
    for (const a of view.alternatives) {
      lines.push(
        ...block(`${a.name} (${a.certainty})`, width, '    ', '  - '),
        ...block(a.summary, width, '    '),
      );
    }
  }
  lines.push(...heading(view.headings.professions, paint), ...bullets(view.professions, width));
  if (view.openQuestions.length > 0) {
    lines.push(...heading(view.headings.openQuestions, paint), ...bullets(view.openQuestions, width));
  }
  return lines;
}

function footer(view: ReportView, paint: Painter, width: number): string[] {
  const { m } = view;
  return [
    ...heading(m.heading.about, paint),
    ...view.about.map((a) => `  ${a.label}: ${a.value}`),
    '',
    ...block(view.disclaimer, width, '').map((l) => paint(l, 'dim')),
    '',
  ];
}
