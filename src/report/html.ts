/** The assessment as a standalone, printable HTML5 page: no script, no external resource. */
import type { Assessment, KnowledgeBase, Lang } from '../core/index.js';
import type { CitationView } from './citations.js';
import type { RecordView } from './record.js';
import type { ReportOptions, ReportView } from './view.js';
import { buildReportView } from './view.js';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const h = escapeHtml;

const CSS = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #1a1a1a; }
h1 { font-size: 1.5rem; margin-bottom: 0.5rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin-bottom: 0.2rem; }
.result { border: 3px solid; border-radius: 6px; padding: 0.8rem 1rem; }
.result p { margin: 0.3rem 0 0; }
.d-proceed { border-color: #2e7d32; } .d-precautions { border-color: #f9a825; }
.d-incomplete { border-color: #6a1b9a; } .d-refer { border-color: #c62828; }
.d-emergency { border-color: #b71c1c; background: #ffebee; }
.h-proceed { border-color: #2e7d32; } .h-precautions { border-color: #f9a825; }
.h-doctor, .h-soon, .h-urgent { border-color: #c62828; }
.h-emergency { border-color: #b71c1c; background: #ffebee; }
.emergency li { font-weight: 600; margin: 0.3rem 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.c-allowed { color: #1b5e20; } .c-precautions { color: #8d6e00; }
.c-relative { color: #6a1b9a; } .c-contraindicated { color: #b71c1c; }
.decision { font-weight: 600; }
.meta { color: #555; font-size: 0.9rem; margin: 0; }
.finding { margin-bottom: 1rem; break-inside: avoid; }
.disclaimer { margin-top: 2rem; padding: 0.8rem 1rem; background: #f5f5f5; font-size: 0.9rem; }
code { font-size: 0.85rem; word-break: break-all; }
.record { margin-bottom: 1.5rem; }
.record th { width: 14rem; }
.review p { margin: 0 0 0.3rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  a { color: inherit; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
}
`;

export function renderHtml(
  kb: KnowledgeBase,
  assessment: Assessment,
  lang: Lang,
  options: ReportOptions = {},
): string {
  const view = buildReportView(kb, assessment, lang, options);
  const { m } = view;
  const d = m.disposition[view.disposition];
  const body = [
    `<h1>${h(view.title)}</h1>`,
    ...(view.record === undefined ? [] : record(view, view.record)),
    ...result(view),
    ...techniques(view),
    ...why(view),
    ...lists(view),
    `<h2>${h(m.heading.about)}</h2>`,
    '<ul>',
    ...view.about.map((a) => `<li>${h(a.label)}: <code>${h(a.value)}</code></li>`),
    '</ul>',
    `<p class="disclaimer"><strong>${h(m.heading.disclaimer)}:</strong> ${h(view.disclaimer)}</p>`,
  ];
  return [
    '<!DOCTYPE html>',
    `<html lang="${view.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(view.title)}: ${h(view.audience === 'client' ? view.headline.label : d.label)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Clinicians read the disposition and its explanation; clients the one instruction with when and whom. */
function result(view: ReportView): string[] {
  const { m, headline } = view;
  if (view.audience === 'client') {
    const c = m.client.heading;
    return [
      `<section class="result h-${headline.level}">`,
      `<h2>${h(c.whatToDo)}: ${h(headline.label)}</h2>`,
      `<p class="headline"><strong>${h(headline.text)}</strong></p>`,
      `<p>${h(c.when)}: ${h(headline.when)}</p>`,
      `<p>${h(c.whom)}: ${h(headline.whom)}</p>`,
      ...emergency(view),
      '</section>',
    ];
  }
  const d = m.disposition[view.disposition];
  return [
    `<section class="result d-${view.disposition}">`,
    `<h2>${h(m.heading.result)}: ${h(d.label)}</h2>`,
    `<p>${h(d.explain)}</p>`,
    ...emergency(view),
    '</section>',
  ];
}

function meta(text: string | undefined): string[] {
  return text === undefined ? [] : [`<p class="meta">${h(text)}</p>`];
}

function emergency(view: ReportView): string[] {
  if (view.emergencySteps.length === 0) return [];
  const { m } = view;
  return [
    `<h3>${h(m.heading.whatToDo)}: ${h(m.emergency.heading)}</h3>`,
    '<ol class="emergency">',
    ...view.emergencySteps.map((s) => `<li>${h(s)}</li>`),
    '</ol>',
  ];
}

function record(view: ReportView, r: RecordView): string[] {
  const m = view.m.record;
  const items = (list: readonly string[]): string[] => [
    '<ul>',
    ...list.map((i) => `<li>${h(i)}</li>`),
    '</ul>',
  ];
  return [
    '<section class="record">',
    `<h2>${h(m.heading)}</h2>`,
    '<table>',
    '<tbody>',
    ...r.facts.map((f) => `<tr><th scope="row">${h(f.label)}</th><td>${h(f.value)}</td></tr>`),
    '</tbody>',
    '</table>',
    `<h3>${h(m.steps)}</h3>`,
    '<ol>',
    ...r.steps.map((s) => `<li>${h(s)}</li>`),
    '</ol>',
    ...(r.changes.length === 0 ? [] : [`<h3>${h(m.changes)}</h3>`, ...items(r.changes)]),
    `<h3>${h(m.signoffs)}</h3>`,
    ...(r.signoffs.length === 0 ? [`<p>${h(m.noSignoff)}</p>`] : items(r.signoffs)),
    `<h3>${h(m.consents)}</h3>`,
    ...(r.consents.length === 0 ? [`<p>${h(m.noConsent)}</p>`] : items(r.consents)),
    '</section>',
  ];
}

function techniques(view: ReportView): string[] {
  const { m } = view;
  const reviewed = view.record !== undefined;
  const review = (lines: readonly string[]): string =>
    lines.length === 0
      ? `<td class="review">${h(m.record.unchanged)}</td>`
      : `<td class="review">${lines.map((l) => `<p>${h(l)}</p>`).join('')}</td>`;
  return [
    `<h2>${h(m.heading.techniques)}</h2>`,
    '<table>',
    `<thead><tr><th>${h(m.table.technique)}</th><th>${h(m.table.decision)}</th><th>${h(m.table.reason)}</th>${reviewed ? `<th>${h(m.record.review)}</th>` : ''}</tr></thead>`,
    '<tbody>',
    ...view.techniques.map(
      (t) =>
        `<tr><td>${h(t.name)}</td><td class="decision c-${t.decision}">${h(t.label)}</td><td>${h(t.reason)}</td>${reviewed ? review(t.review ?? []) : ''}</tr>`,
    ),
    '</tbody>',
    '</table>',
  ];
}

function citations(view: ReportView, list: readonly CitationView[]): string[] {
  if (list.length === 0) return [];
  const item = (c: CitationView): string => {
    const text = h([c.full, ...c.identifiers].join(' '));
    return c.href === undefined ? `<li>${text}</li>` : `<li><a href="${h(c.href)}">${text}</a></li>`;
  };
  return [`<p class="meta">${h(view.m.finding.sources)}:</p>`, '<ul>', ...list.map(item), '</ul>'];
}

function why(view: ReportView): string[] {
  const { m } = view;
  if (view.findings.length === 0) return [];
  const out = [`<h2>${h(view.headings.why)}</h2>`];
  for (const f of view.findings) {
    out.push('<div class="finding">', `<h3>${h(f.title)}</h3>`, ...meta(f.meta));
    out.push(`<p>${h(f.message)}</p>`);
    if (f.triggers.length > 0) {
      out.push(`<p class="meta">${h(m.finding.answers)}:</p>`, '<ul>');
      out.push(...f.triggers.map((t) => `<li>${h(t.question)} → <strong>${h(t.answer)}</strong></li>`));
      out.push('</ul>');
    }
    out.push(...citations(view, f.citations), '</div>');
  }
  return out;
}

function list(title: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  return [`<h2>${h(title)}</h2>`, '<ul>', ...items.map((i) => `<li>${h(i)}</li>`), '</ul>'];
}

function lists(view: ReportView): string[] {
  const { m } = view;
  const out: string[] = [];
  if (view.unresolved.length > 0) {
    out.push(`<h2>${h(view.headings.unresolved)}</h2>`);
    for (const u of view.unresolved) {
      out.push('<div class="finding">', `<h3>${h(u.title)}</h3>`, ...meta(u.meta));
      out.push(`<p>${h(u.message)}</p>`, `<p class="meta">${h(m.finding.questions)}:</p>`, '<ul>');
      out.push(
        ...u.questions.map((q) => `<li>${h(q)}</li>`),
        '</ul>',
        ...citations(view, u.citations),
        '</div>',
      );
    }
  }
  if (view.casePrecautions.length + view.standardPrecautions.length > 0) {
    out.push(`<h2>${h(m.heading.precautions)}</h2>`);
    if (view.casePrecautions.length > 0) {
      out.push(`<h3>${h(m.heading.casePrecautions)}</h3>`, '<ul>');
      out.push(...view.casePrecautions.map((p) => `<li>${h(p)}</li>`), '</ul>');
    }
    if (view.standardPrecautions.length > 0) {
      out.push(`<h3>${h(m.heading.standardPrecautions)}</h3>`, '<ul>');
      out.push(...view.standardPrecautions.map((p) => `<li>${h(p)}</li>`), '</ul>');
    }
  }
  out.push(...list(view.headings.referrals, view.referrals));
  if (view.alternatives.length > 0) {
    out.push(`<h2>${h(view.headings.alternatives)}</h2>`, '<ul>');
    for (const a of view.alternatives) {
      out.push(`<li><strong>${h(a.name)}</strong> (${h(a.certainty)}): ${h(a.summary)}</li>`);
    }
    out.push('</ul>');
  }
  out.push(...list(view.headings.professions, view.professions));
  out.push(...list(view.headings.openQuestions, view.openQuestions));
  return out;
}
