/**
 * The client information sheet of every technique, in both languages: every section, plain words (no rule
 * codes, no statistics jargon, no percentages), bounded length, natural frequencies for the risks whose
 * knowledge-base incidence has a figure, and the words "no one knows how often" where only case reports
 * exist. The knowledge base's client fields are checked too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase, Lang } from '../../src/core/index.js';
import { infoSheet, infoSheetText, techniqueRisks } from '../../src/report/index.js';
import { kb as loadKb } from '../helpers/kb.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKb();
});

const LANGS: readonly Lang[] = ['en', 'fr'];
/** Statistics words a client should not meet: confidence intervals, effect sizes, rates per person-time. */
const JARGON = [
  /%/,
  /\bSMD\b/,
  /\bDMS\b/,
  /\bCI\b/,
  /\bIC\b/,
  /\bOR\b/,
  /\bRR\b/,
  /\bLR\+/,
  /\bRV\+/,
  /person-years?/i,
  /personnes-années/i,
  /GRADE/,
  /\bp\s*[<=]/,
  /95/,
  /confidence interval/i,
  /intervalle de confiance/i,
  /odds/i,
  /incidence/i,
  /\bcertainty\b/i,
];
/** "about 1 person in 10", "13 in 10,000", "no stroke in almost 1 million"; "1 personne sur 10"... */
const NATURAL = {
  en: /\b(\d+|no \w+) (people |person )?in (about |almost )?[\d,]+( million)?\b/,
  fr: /\b(\d+|aucun \w+) (personnes? )?sur (environ |près de )?[\d\u00a0]+( millions?)?\b/,
};
const UNKNOWN = { en: /no one knows how often/i, fr: /on ne sait pas à quelle fréquence/i };

describe('information sheets', () => {
  it('has every section for every technique in both languages', () => {
    for (const technique of kb.techniques)
      for (const lang of LANGS) {
        const sheet = infoSheet(kb, technique.id, lang);
        expect(sheet, `${technique.id} ${lang}`).toBeDefined();
        if (sheet === undefined) continue;
        const ids = sheet.sections.map((s) => s.id);
        for (const id of ['what', 'benefits', 'after', 'emergency', 'choice'] as const)
          expect(ids).toContain(id);
        expect(ids.includes('common') || ids.includes('serious')).toBe(true);
        for (const section of sheet.sections) {
          expect(section.heading.length).toBeGreaterThan(0);
          expect(section.paragraphs.length + section.items.length).toBeGreaterThan(0);
        }
        expect(sheet.title).toContain(technique.client.name[lang]);
        // Every risk of the technique appears, by its plain name.
        for (const risk of techniqueRisks(kb, technique))
          expect(infoSheetText(sheet)).toContain(risk.client.name[lang]);
      }
  });

  it('uses plain words: no rule codes, no statistics jargon, no citations', () => {
    const ruleIds = kb.rules.map((r) => r.id).filter((id) => id.length > 2);
    for (const technique of kb.techniques)
      for (const lang of LANGS) {
        const sheet = infoSheet(kb, technique.id, lang);
        if (sheet === undefined) throw new Error(technique.id);
        const text = infoSheetText(sheet);
        for (const pattern of JARGON)
          expect(text, `${technique.id} ${lang}: ${pattern}`).not.toMatch(pattern);
        for (const id of ruleIds) expect(text).not.toMatch(new RegExp(`\\b${id}\\b`));
        expect(text).not.toMatch(/\(\w+ (et al\.? )?\d{4}\)|\b(19|20)\d\d\)/);
        expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
      }
  });

  it('stays within length bounds, with short sentences', () => {
    for (const technique of kb.techniques)
      for (const lang of LANGS) {
        const sheet = infoSheet(kb, technique.id, lang);
        if (sheet === undefined) throw new Error(technique.id);
        const text = infoSheetText(sheet);
        expect(text.length, `${technique.id} ${lang}`).toBeGreaterThan(2000);
        expect(text.length, `${technique.id} ${lang}`).toBeLessThan(7500);
        const sentences = text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim() !== '');
        const words = sentences.map((s) => s.split(/\s+/).length);
        const mean = words.reduce((a, b) => a + b, 0) / words.length;
        expect(mean, `${technique.id} ${lang}: mean words per sentence`).toBeLessThan(18);
        expect(Math.max(...words), `${technique.id} ${lang}: longest sentence`).toBeLessThan(40);
      }
  });

  it('gives natural frequencies for risks with a figure, and says so where only case reports exist', () => {
    for (const c of kb.complications)
      for (const lang of LANGS) {
        const { likelihood, frequency, chance } = c.client;
        if (likelihood === 'common' || likelihood === 'rare' || likelihood === 'very_rare') {
          expect(frequency[lang], `${c.id} ${lang}`).toMatch(NATURAL[lang]);
          expect(chance[lang], `${c.id} ${lang}`).toMatch(NATURAL[lang]);
        }
        if (likelihood === 'unknown') expect(frequency[lang], `${c.id} ${lang}`).toMatch(UNKNOWN[lang]);
        for (const pattern of JARGON) {
          expect(frequency[lang], `${c.id} ${lang}`).not.toMatch(pattern);
          expect(chance[lang], `${c.id} ${lang}`).not.toMatch(pattern);
          expect(c.client.name[lang]).not.toMatch(pattern);
        }
      }
    // A figure in words must rest on the clinician incidence, which cites one.
    for (const c of kb.complications.filter(
      (x) => x.client.likelihood !== 'unknown' && x.client.likelihood !== 'not_reported',
    ))
      expect(c.incidence.en, c.id).toMatch(/\d/);
    // No rate in the clinician wording means no rate in the client wording.
    for (const c of kb.complications.filter((x) => /^(No rate|Rare; case reports only)/.test(x.incidence.en)))
      expect(c.client.likelihood, c.id).toBe('unknown');
  });

  it('says how sure the evidence is for each benefit, in plain words', () => {
    for (const indication of kb.indications)
      for (const lang of LANGS)
        for (const pattern of JARGON)
          expect(indication.clientSummary[lang], `${indication.id} ${lang}`).not.toMatch(pattern);
    const sheet = infoSheet(kb, 'light_massage', 'en');
    const benefits = sheet?.sections.find((s) => s.id === 'benefits');
    expect(benefits?.items[0]?.title).toBe('How sure we are: the evidence is very weak');
    expect(benefits?.items[0]?.text).toMatch(/a little, for a short time/);
    expect(
      sheet?.sections
        .find((s) => s.id === 'limits')
        ?.items.map((i) => i.text)
        .join(' '),
    ).toMatch(/does not “flush toxins”/);
    // No study of stretching on its own: the sheet says so rather than listing nothing.
    expect(
      infoSheet(kb, 'stretching', 'en')?.sections.find((s) => s.id === 'benefits')?.paragraphs[0],
    ).toMatch(/no good study/);
  });

  it('names stroke signs in lay words and the emergency number, and adds technique-specific warnings', () => {
    const en = infoSheet(kb, 'manipulation', 'en');
    const emergency = en?.sections.find((s) => s.id === 'emergency');
    const text = emergency?.items.map((i) => i.text).join(' ') ?? '';
    expect(text).toMatch(/face droops/);
    expect(text).toMatch(/trouble speaking/);
    expect(text).toMatch(/numbness or weakness in your arms or legs/);
    expect(emergency?.note).toMatch(/112/);
    const fr = infoSheet(kb, 'deep_tissue', 'fr');
    expect(
      fr?.sections
        .find((s) => s.id === 'after')
        ?.items.map((i) => i.text)
        .join(' '),
    ).toMatch(/urines/);
    expect(fr?.sections.find((s) => s.id === 'emergency')?.note).toMatch(/15 ou le 112/);
    expect(infoSheet(kb, 'light_massage', 'en')?.sections.find((s) => s.id === 'after')?.items).toHaveLength(
      3,
    );
  });

  it('is deterministic and undefined for an unknown technique', () => {
    expect(infoSheet(kb, 'deep_tissue', 'fr')).toEqual(infoSheet(kb, 'deep_tissue', 'fr'));
    expect(infoSheet(kb, 'reiki', 'en')).toBeUndefined();
  });
});
