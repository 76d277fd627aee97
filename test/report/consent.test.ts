/**
 * The consent text after clinicians' reviews: each technique's decision as it counts now, and an
 * overridden technique says in plain words that the therapist changed it, from what to what and why;
 * without effective decisions (or with no review) the text is the screening's own.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { effectiveTechniques } from '../../src/clinic/index.js';
import type { Answers, Assessment, KnowledgeBase } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import { consentText } from '../../src/report/index.js';
import { BENIGN } from '../helpers/answers.js';
import { kb as loadKb } from '../helpers/kb.js';
import { AT, override } from './record-fixture.js';

const LATER = '2026-11-25T10:30:00.000Z';
const REASON = 'Your GP confirmed by letter that deep tissue work is safe with your medicine';

let kb: KnowledgeBase;
let assessment: Assessment;
const name = (id: string, lang: 'en' | 'fr' = 'en') => kb.index.technique.get(id)?.name[lang] ?? id;

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

describe('consentText with effective decisions', () => {
  const ids = ['light_massage', 'deep_tissue'];

  it('is the screening’s own text without reviews', () => {
    for (const lang of ['en', 'fr'] as const)
      expect(consentText(kb, assessment, ids, lang, effectiveTechniques(assessment, []))).toBe(
        consentText(kb, assessment, ids, lang),
      );
  });

  it('states the decision after an override and says the therapist changed it, and why', () => {
    const text = consentText(kb, assessment, ids, 'en', effectiveTechniques(assessment, [clearance()]));
    expect(text).toContain(`- ${name('deep_tissue')} — screening decision: allowed with precautions\n`);
    expect(text).toContain(
      `  Your therapist changed the screening's decision for this technique from "contraindicated" to "allowed with precautions".\n  Reason: ${REASON}\n`,
    );
    expect(text).toContain(`- ${name('light_massage')} — screening decision: allowed with precautions\n-`);
    expect(consentText(kb, assessment, ids, 'en')).toContain(
      `- ${name('deep_tissue')} — screening decision: contraindicated`,
    );
  });

  it('says it in French too', () => {
    const text = consentText(kb, assessment, ids, 'fr', effectiveTechniques(assessment, [clearance()]));
    expect(text).toContain(
      `- ${name('deep_tissue', 'fr')} — décision du dépistage: autorisée avec précautions`,
    );
    expect(text).toContain(
      `  Votre thérapeute a modifié la décision du dépistage pour cette technique : de « contre-indiquée » à « autorisée avec précautions ».\n  Motif : ${REASON}`,
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
      `from "allowed" to "relative contraindication".\n  Reason: your therapist's clinical judgement of a higher risk\n`,
    );
    expect(text).toContain(
      `- ${name('stretching')} — screening decision: relative contraindication\n  This decision is stricter than the screening's because of the decision for a gentler technique (${name('light_massage')}).`,
    );
  });
});
