/**
 * The consent text, built from the techniques' information sheets: short and plain, the date in words
 * (never a raw timestamp), each technique's decision after clinicians' reviews in words, and an overridden
 * technique says in plain words that the therapist changed it, from what to what and why. The same inputs
 * always give the same text, in both languages; the web document's text is this string.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { effectiveTechniques } from '../../src/clinic/index.js';
import type { Answers, Assessment, KnowledgeBase } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import { consentDocument, consentDocumentText, consentText, dateInWords } from '../../src/report/index.js';
import { BENIGN } from '../helpers/answers.js';
import { kb as loadKb } from '../helpers/kb.js';
import { AT, override } from './record-fixture.js';

const LATER = '2026-11-25T10:30:00.000Z';
const REASON = 'Your GP confirmed by letter that deep tissue work is safe with your medicine';
const ISO = /\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}/;

let kb: KnowledgeBase;
let assessment: Assessment;
const name = (id: string, lang: 'en' | 'fr' = 'en') => kb.index.technique.get(id)?.client.name[lang] ?? id;

beforeAll(async () => {
  kb = await loadKb();
  const file = join(import.meta.dirname, '..', '..', 'examples', 'anticoagulated-older-client.json');
  assessment = assess(kb, JSON.parse(await readFile(file, 'utf8')) as Answers, { assessedAt: AT });
});

const clearance = () =>
  override({
    techniqueId: 'deep_tissue',
    decision: 'precautions',
    reasonCode: 'medical_clearance_obtained',
    reasonText: REASON,
    createdAt: LATER,
  });

describe('consentText', () => {
  const ids = ['light_massage', 'deep_tissue'];

  it('gives the same text for the same inputs, and the web document carries exactly this text', () => {
    for (const lang of ['en', 'fr'] as const) {
      const effective = effectiveTechniques(assessment, [clearance()]);
      const text = consentText(kb, assessment, ids, lang, effective);
      expect(consentText(kb, assessment, ids, lang, effectiveTechniques(assessment, [clearance()]))).toBe(
        text,
      );
      expect(consentDocumentText(consentDocument(kb, assessment, ids, lang, effective))).toBe(text);
      // Without reviews, the effective decisions are the screening's own.
      expect(consentText(kb, assessment, ids, lang, effectiveTechniques(assessment, []))).toBe(
        consentText(kb, assessment, ids, lang),
      );
    }
  });

  it('is short and plain, in both languages', () => {
    const lengths: Record<string, number> = {};
    for (const lang of ['en', 'fr'] as const) {
      const text = consentText(kb, assessment, ids, lang, effectiveTechniques(assessment, [clearance()]));
      lengths[lang] = text.length;
      expect(text).not.toMatch(/%|\bCI\b|\bIC\b|\bOR\b|\bRR\b|SMD|person-years|personnes-années/);
      expect(text).not.toMatch(/\(\w+ \d{4}\)|et al/);
      expect(text).not.toMatch(/\b[A-Z]+\d*(-[A-Z0-9]+)+\b/); // no rule codes
    }
    // Two techniques, an override and four specific precautions (the longest case in practice).
    expect(lengths.en).toBeLessThan(2000);
    expect(lengths.fr).toBeLessThan(2300);
    // Without the override's two lines.
    expect(consentText(kb, assessment, ids, 'en').length).toBeLessThan(1800);
    expect(consentText(kb, assessment, ids, 'fr').length).toBeLessThan(2050);
    const benign = assess(kb, BENIGN, { assessedAt: AT });
    expect(consentText(kb, benign, ids, 'en').length).toBeLessThan(1800);
  });

  it('gives the screening date in words, in UTC, never a raw timestamp', () => {
    const en = consentText(kb, assessment, ids, 'en');
    const fr = consentText(kb, assessment, ids, 'fr');
    expect(en).toContain('Screening of 25 November 2026 (knowledge base');
    expect(fr).toContain('Dépistage du 25 novembre 2026 (base de connaissances');
    expect(en).not.toMatch(ISO);
    expect(fr).not.toMatch(ISO);
    expect(dateInWords('2026-12-01T23:30:00.000Z', 'fr')).toBe('1er décembre 2026');
    expect(dateInWords('2026-12-31T23:30:00.000-02:00', 'en')).toBe('1 January 2027');
    expect(dateInWords(undefined, 'en')).toBe('an unrecorded date');
  });

  it('names the techniques and their risks in plain words, with how often', () => {
    const text = consentText(kb, assessment, ids, 'en');
    expect(text).toContain(`- ${name('light_massage')}. Screening decision: allowed with precautions.`);
    expect(text).toContain(`- ${name('deep_tissue')}. Screening decision: not allowed.`);
    expect(text).toMatch(/Common, mild side effects:\n- Sore or stiff neck[^\n]*about 1 person in 10/);
    expect(text).toMatch(/Rare but serious harms:\n- Tear in a neck artery[^\n]*about 3 people in 100,000/);
    expect(text).toMatch(/only a few cases have been reported/);
    expect(text).toMatch(/Precautions your therapist will take:\n- /);
    expect(text).toMatch(/face droops/);
    expect(text).toMatch(/information sheet/);
    expect(text.endsWith('including during the session.')).toBe(true);
    const fr = consentText(kb, assessment, ids, 'fr');
    expect(fr).toContain('Techniques prévues\u00a0:\n');
    expect(fr).toMatch(/environ 1 personne sur 10/);
  });

  it('states the decision after an override and says the therapist changed it, and why', () => {
    const text = consentText(kb, assessment, ids, 'en', effectiveTechniques(assessment, [clearance()]));
    expect(text).toContain(
      `- ${name('deep_tissue')}. Screening decision: allowed with precautions.\n  Your therapist changed the screening's decision for this technique from "not allowed" to "allowed with precautions".\n  Reason: ${REASON}\n`,
    );
    expect(consentText(kb, assessment, ids, 'en')).not.toContain('Your therapist changed');
  });

  it('says it in French too', () => {
    const text = consentText(kb, assessment, ids, 'fr', effectiveTechniques(assessment, [clearance()]));
    expect(text).toContain(
      `- ${name('deep_tissue', 'fr')}. Décision du dépistage : autorisée avec précautions.`,
    );
    expect(text).toContain(
      `  Votre thérapeute a modifié la décision du dépistage pour cette technique : de « non autorisée » à « autorisée avec précautions ».\n  Motif : ${REASON}`,
    );
  });

  it('words the reason code when no text was given, and names the gentler technique that raised a decision', () => {
    const reviews = [
      override({
        techniqueId: 'light_massage',
        decision: 'relative',
        reasonCode: 'clinical_judgement_higher_risk',
        reasonText: '  ',
        createdAt: LATER,
      }),
    ];
    const benign = assess(kb, BENIGN, { assessedAt: AT });
    const text = consentText(
      kb,
      benign,
      ['light_massage', 'stretching'],
      'en',
      effectiveTechniques(benign, reviews),
    );
    expect(text).toContain(
      `from "allowed" to "only if your therapist judges it safe".\n  Reason: your therapist's clinical judgement of a higher risk\n`,
    );
    expect(text).toContain(
      `- ${name('stretching')}. Screening decision: only if your therapist judges it safe.\n  This is stricter than the screening because of the decision for ${name('light_massage')}.`,
    );
  });
});
