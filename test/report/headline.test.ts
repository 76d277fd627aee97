/**
 * One instruction per result, and client outputs that agree with it and leak nothing internal: over every
 * clinical vignette (test/vignettes/*.yaml) and random answer sets, in English and French, for the text,
 * Markdown and HTML reports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Answers, Assessment, KnowledgeBase, Lang } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import { inSentence } from '../../src/report/client.js';
import type { HeadlineLevel } from '../../src/report/headline.js';
import { rank, sendsToCare, unresolvedLevel, urgencyLevel } from '../../src/report/headline.js';
import { buildReportView, messages, renderHtml, renderMarkdown, renderText } from '../../src/report/index.js';
import { answersArbitrary } from '../helpers/arbitraries.js';
import { kb as loadKb } from '../helpers/kb.js';
import { clientLeaks, htmlText, markdownText, normalise } from './leaks.js';

const DIR = resolve(import.meta.dirname, '..', 'vignettes');
const vignettes = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap(
    (file) =>
      (parse(readFileSync(join(DIR, file), 'utf8')) as { vignettes: { id: string; answers: Answers }[] })
        .vignettes,
  );
const kb = await loadKb();
const LANGS: readonly Lang[] = ['en', 'fr'];

/** The client's three outputs, reduced to their readable text. */
function clientOutputs(a: Assessment, lang: Lang): Record<'text' | 'markdown' | 'html', string> {
  const options = { audience: 'client' } as const;
  return {
    text: normalise(renderText(kb, a, lang, options)),
    markdown: normalise(markdownText(renderMarkdown(kb, a, lang, options))),
    html: normalise(htmlText(renderHtml(kb, a, lang, options))),
  };
}

/** Words that tell the person to call for emergency help now: the emergency steps and emergency rules' texts. */
function emergencyWording(knowledge: KnowledgeBase, lang: Lang): string[] {
  const m = messages(lang);
  return [
    m.emergency.steps[0] ?? '',
    m.emergency.heading,
    ...knowledge.rules.filter((r) => r.disposition === 'emergency').map((r) => normalise(r.client[lang])),
  ];
}

/** The least urgent level the assessment allows the headline to be. */
function floor(a: Assessment): HeadlineLevel {
  const levels: HeadlineLevel[] = ['proceed'];
  if (a.disposition === 'emergency') levels.push('emergency');
  if (a.disposition === 'refer' || a.disposition === 'incomplete') levels.push('doctor');
  for (const r of a.referrals) levels.push(urgencyLevel(r.urgency));
  for (const u of a.unresolved)
    levels.push(u.disposition === 'emergency' ? 'urgent' : unresolvedLevel(kb, u));
  return levels.reduce((x, y) => (rank(y) > rank(x) ? y : x));
}

/** Every check, as a list of failures, so one property covers vignettes and random answers alike. */
function problems(a: Assessment, lang: Lang): string[] {
  const m = messages(lang);
  const view = buildReportView(kb, a, lang, { audience: 'client' });
  const { headline } = view;
  const out: string[] = [];
  if (rank(headline.level) < rank(floor(a))) out.push(`headline ${headline.level} below ${floor(a)}`);
  if ((headline.level === 'emergency') !== (a.disposition === 'emergency'))
    out.push(`headline ${headline.level} with disposition ${a.disposition}`);
  if (sendsToCare(headline.level)) {
    if (!view.referrals.some((r) => r.includes(headline.when))) out.push('"when to see a doctor" disagrees');
    if (view.professions[0] !== headline.whom) out.push('"who can help" does not start with the headline');
  }
  const wording = emergencyWording(kb, lang);
  const notFact = [
    ...a.findings.filter((f) => f.certainty === 'possible').map((f) => ({ id: f.ruleId, title: f.title })),
    ...a.unresolved.map((u) => ({ id: u.ruleId, title: u.title })),
  ];
  for (const [format, text] of Object.entries(clientOutputs(a, lang))) {
    out.push(...clientLeaks(kb, text, lang).map((l) => `${format}: ${l}`));
    const urgent = wording.some((w) => text.includes(w));
    if (urgent !== (headline.level === 'emergency'))
      out.push(`${format}: emergency wording ${urgent} with headline ${headline.level}`);
    const at = text.indexOf(normalise(headline.text));
    if (at < 0 || at > text.indexOf(m.heading.techniques)) out.push(`${format}: headline not first`);
    if (sendsToCare(headline.level) && text.includes(m.noneSuitable)) out.push(`${format}: "none" for care`);
    for (const { id, title } of notFact) {
      const rule = kb.index.rule.get(id);
      if (rule !== undefined && text.includes(normalise(rule.client[lang])))
        out.push(`${format}: ${id} stated as a fact`);
      if (!text.includes(normalise(inSentence(title[lang])))) out.push(`${format}: ${id} not mentioned`);
    }
  }
  return out;
}

describe('the headline and the client outputs', () => {
  it('has vignettes to run over', () => {
    expect(vignettes.length).toBeGreaterThanOrEqual(40);
  });

  for (const lang of LANGS) {
    it.each(vignettes.map((v) => [v.id, v.answers] as const))(`${lang}: %s`, (_id, answers) => {
      expect(problems(assess(kb, answers), lang)).toEqual([]);
    });
  }

  it('hold for random answer sets, in both languages', () => {
    fc.assert(
      fc.property(answersArbitrary(kb), fc.constantFrom(...LANGS), (answers, lang) => {
        expect(problems(assess(kb, answers), lang)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('word an undecided emergency sign as a question, checked today, with no call to the emergency number now', () => {
    const v = vignettes.find((x) => x.id === 'thunderclap-question-unknown');
    const a = assess(kb, v?.answers ?? {});
    const view = buildReportView(kb, a, 'en', { audience: 'client' });
    expect(view.headline).toMatchObject({ level: 'urgent', cause: 'unknown', label: 'See a doctor today' });
    const e3 = view.unresolved.find((u) => u.ruleId === 'E3');
    expect(e3?.message).toMatch(/^You did not know whether you have this: /);
    expect(e3?.meta).toBeUndefined();
    expect(view.referrals).toEqual([`${view.headline.when}: ${view.headline.whom}`]);
    expect(view.professions).not.toContain(messages('en').noneSuitable);
  });

  it('keep everything for the clinician: rule codes, clinician texts, evidence summaries and precautions', () => {
    const v = vignettes.find((x) => x.id === 'thunderclap-question-unknown');
    const a = assess(kb, { ...(v?.answers ?? {}), medications: 'unknown', conditions: 'unknown' });
    const text = normalise(renderText(kb, a, 'en'));
    for (const f of a.findings) {
      expect(text).toContain(messages('en').finding.rule(f.ruleId, f.ruleVersion));
      expect(text).toContain(normalise(f.clinician.en));
    }
    for (const u of a.unresolved) expect(text).toContain(normalise(u.clinician.en));
    for (const alt of a.alternatives) expect(text).toContain(normalise(alt.evidenceSummary.en));
    for (const p of a.precautions) expect(text).toContain(normalise(p.text.en));
  });
});
