/**
 * The compact view (ADR 0018) over every clinical vignette and random answer sets: one language only, no
 * traces or citation bodies, the same decisions as the full assessment, and small — at most 4 KB for a
 * benign screening (issue 12), and a ceiling for the worst case (every question unanswered).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Answers, Assessment, Lang } from '../../src/core/index.js';
import { assess, LANGS } from '../../src/core/index.js';
import type { Audience, CompactAssessment } from '../../src/report/index.js';
import { AUDIENCES, compactAssessment } from '../../src/report/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import { answersArbitrary } from '../helpers/arbitraries.js';
import { kb as loadKb } from '../helpers/kb.js';

/** The figure for a typical (benign) response. */
const BENIGN_MAX_BYTES = 4096;
/** Every question unanswered comes to about 42 KB (the full assessment: about 240 KB). */
const WORST_MAX_BYTES = 48 * 1024;

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
const FULL = { method: 'POST', href: '/api/v1/assess?detail=full' } as const;
const FORMS = LANGS.flatMap((lang) => AUDIENCES.map((audience) => ({ lang, audience })));

const compact = (a: Assessment, lang: Lang, audience: Audience): CompactAssessment =>
  compactAssessment(kb, a, { lang, audience, full: FULL });
const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Every `{ en, fr }` text in the full assessment whose two languages differ. */
function bilingual(value: unknown, out: { en: string; fr: string }[] = []): { en: string; fr: string }[] {
  if (Array.isArray(value)) for (const v of value) bilingual(v, out);
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 2 && typeof record.en === 'string' && typeof record.fr === 'string') {
      if (record.en !== record.fr) out.push({ en: record.en, fr: record.fr });
    } else for (const v of Object.values(record)) bilingual(v, out);
  }
  return out;
}

function checkView(a: Assessment, lang: Lang, audience: Audience): CompactAssessment {
  const view = compact(a, lang, audience);
  const json = JSON.stringify(view);
  const other: Lang = lang === 'en' ? 'fr' : 'en';
  // Long texts only: a short word ("Acupuncture") can be the same or inside a sentence in both languages.
  for (const text of bilingual(a)) if (text[other].length >= 24) expect(json).not.toContain(text[other]);
  expect(json).not.toMatch(/"(trace|authors|doi|evidenceSummary|en|fr)":/);
  expect(view).toMatchObject({
    detail: 'compact',
    lang,
    audience,
    kb: a.kb,
    disposition: a.disposition,
    reviewNeeded: a.reviewNeeded,
  });
  expect(view.techniques.map((t) => [t.techniqueId, t.decision])).toEqual(
    a.techniques.map((t) => [t.techniqueId, t.decision]),
  );
  expect(view.findings.map((f) => [f.ruleId, f.ruleVersion, f.disposition, f.certainty])).toEqual(
    a.findings.map((f) => [f.ruleId, f.ruleVersion, f.disposition, f.certainty]),
  );
  expect(view.findings.map((f) => f.citationIds)).toEqual(
    a.findings.map((f) => f.citations.map((c) => c.id)),
  );
  expect(view.unresolved.map((u) => u.questionIds)).toEqual(a.unresolved.map((u) => u.questionIds));
  expect(view.openQuestionIds).toEqual(a.openQuestions.map((q) => q.questionId));
  expect(bytes(view)).toBeLessThanOrEqual(WORST_MAX_BYTES);
  return view;
}

/** Benign screenings that differ in what does not matter to safety: age, goals, practitioner, plans. */
function benignArbitrary(): fc.Arbitrary<Answers> {
  const options = (id: string) => (kb.index.question.get(id)?.options ?? []).map((o) => o.id);
  const some = (id: string) =>
    fc.uniqueArray(fc.constantFrom(...options(id).filter((o) => o !== 'none')), {
      minLength: 1,
      maxLength: 4,
    });
  return fc
    .record({
      age: fc.integer({ min: 18, max: 59 }),
      treatment_goal: some('treatment_goal'),
      practitioner: fc.constantFrom(...options('practitioner')),
      planned_techniques: some('planned_techniques'),
    })
    .map((changes) => withAnswers(BENIGN, changes));
}

describe('the compact assessment', () => {
  it.each(vignettes.map((v) => [v.id, v] as const))('%s: one language, ids, the same decisions', (_id, v) => {
    const a = assess(kb, v.answers);
    for (const { lang, audience } of FORMS) checkView(a, lang, audience);
  });

  it('holds for random answer sets, up to every question unanswered', () => {
    fc.assert(
      fc.property(answersArbitrary(kb), fc.constantFrom(...FORMS), (answers, { lang, audience }) => {
        checkView(assess(kb, answers), lang, audience);
      }),
      { numRuns: 150 },
    );
    for (const { lang, audience } of FORMS) checkView(assess(kb, {}), lang, audience);
  });

  it('is at most 4 KB for a benign screening, in either language and for either reader', () => {
    const benign = [
      ...vignettes.map((v) => assess(kb, v.answers)).filter((a) => a.disposition === 'proceed'),
      ...fc
        .sample(benignArbitrary(), 200)
        .map((answers) => assess(kb, answers, { assessedAt: '2026-12-03T17:53:22.123Z' }))
        .filter((a) => a.disposition === 'proceed'),
    ];
    expect(benign.length).toBeGreaterThan(100);
    const sizes = benign.flatMap((a) => FORMS.map(({ lang, audience }) => bytes(compact(a, lang, audience))));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(BENIGN_MAX_BYTES);
    // What it replaces: the full assessment of the same screenings is more than twice as large.
    expect(Math.min(...benign.map(bytes))).toBeGreaterThan(2 * BENIGN_MAX_BYTES);
  });

  it("gives the client's words to clients and the clinician's to clinicians", () => {
    const a = assess(kb, withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] }));
    const finding = a.findings.find((f) => f.disposition === 'precautions');
    expect(finding).toBeDefined();
    for (const lang of LANGS) {
      const client = compact(a, lang, 'client').findings.find((f) => f.ruleId === finding?.ruleId);
      const clinician = compact(a, lang, 'clinician').findings.find((f) => f.ruleId === finding?.ruleId);
      expect(client?.text).toBe(finding?.client[lang]);
      expect(clinician?.text).toBe(finding?.clinician[lang]);
    }
  });

  it('leaves out the words of standard care, which its precautions carry', () => {
    const a = assess(kb, BENIGN);
    const view = compact(a, 'en', 'clinician');
    const standard = view.findings.filter((f) => f.ruleId.startsWith('STD-'));
    expect(standard.length).toBeGreaterThan(0);
    for (const f of standard) expect(f.text).toBeUndefined();
    const precautions = view.precautions.map((p) => p.precautionId);
    for (const f of standard)
      for (const id of kb.index.rule.get(f.ruleId)?.precautions ?? []) expect(precautions).toContain(id);
  });

  it('leads with the headline action and says where the full explanation is', () => {
    const a = assess(kb, withAnswers(BENIGN, { neuro_symptoms: ['speech'] }));
    const view = compact(a, 'fr', 'client');
    expect(view.headline.level).toBe('emergency');
    expect(view.headline.label).not.toBe(compact(a, 'en', 'client').headline.label);
    expect(view.full).toEqual(FULL);
  });
});
