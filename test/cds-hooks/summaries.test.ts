/**
 * CS-10, the card contract: every summary the knowledge base can produce fits in 139 characters in English
 * and in French without clipping; and for any screening, the cards built from it meet the 2.0 schema
 * (summary, indicator, source with the rule page, suggestions ⇒ selectionBehavior, detail with triggers).
 */
import fc from 'fast-check';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import {
  CdsResponseSchema,
  cardsForCall,
  everySummary,
  readPrefetch,
  SUMMARY_MAX_LENGTH,
  summaryOf,
} from '../../src/cds-hooks/index.js';
import type { Answers } from '../../src/core/index.js';
import { assess, LANGS } from '../../src/core/index.js';
import { answersArbitrary } from '../helpers/arbitraries.js';
import { kb as loadKb } from '../helpers/kb.js';
import { prefetchOf } from './payloads.js';

const kb = await loadKb();
const check = Compile(CdsResponseSchema);
let n = 0;
const newUuid = (): string => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

describe('card summaries', () => {
  it('all fit in 139 characters, in English and French, for every rule and the longest numbers and dates', () => {
    const all = everySummary(kb);
    expect(all.length).toBeGreaterThan(2 * kb.rules.filter((r) => r.disposition !== 'proceed').length);
    const tooLong = all.filter((s) => s.text.length > SUMMARY_MAX_LENGTH).map((s) => `${s.lang}: ${s.text}`);
    expect(tooLong).toEqual([]);
    for (const lang of LANGS) expect(all.some((s) => s.lang === lang)).toBe(true);
  });

  it('are clipped, never longer, when a stored title from another knowledge base is too long', () => {
    const summary = summaryOf({ kind: 'refer', title: 'x'.repeat(400) }, 'fr');
    expect(summary).toHaveLength(SUMMARY_MAX_LENGTH);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('cards of any screening meet the 2.0 schema, in both languages', () => {
    fc.assert(
      fc.property(
        answersArbitrary(kb),
        fc.constantFrom(...LANGS),
        fc.boolean(),
        (answers: Answers, lang, expired) => {
          const assessment = assess(kb, answers);
          const cards = cardsForCall({
            kb,
            hook: 'patient-view',
            lang,
            now: expired ? '2027-06-01T00:00:00.000Z' : '2026-11-25T09:00:00.000Z',
            publicUrl: 'https://neckcheck.test',
            newUuid,
            patientId: 'p',
            ehrSystem: 'https://ehr.example',
            linkedClientId: 'c',
            stored: {
              id: 's',
              submittedAt: '2026-11-24T09:00:00.000Z',
              validUntil: '2026-12-24T09:00:00.000Z',
              answers,
              assessment,
            },
            prefetched: readPrefetch(prefetchOf({}, 'p'), 'p'),
            context: { patientId: 'p', userId: 'u' },
            screeningValidityDays: 30,
          });
          expect([...check.Errors({ cards })]).toEqual([]);
          expect(cards.length).toBeGreaterThan(0);
          const ruleCards = expired ? [] : cards.filter((c) => c.indicator !== 'info');
          for (const card of ruleCards) {
            expect(card.source.url).toMatch(/^https:\/\/neckcheck\.test\/kb\/rules\/[\w-]+$/);
            expect(card.detail).toMatch(
              /\*\*(Answers that triggered this|Réponses en cause|Red flags not excluded|Signaux d’alerte non exclus)/,
            );
          }
          if (
            !expired &&
            assessment.findings.every((f) => f.disposition === 'proceed') &&
            assessment.unresolved.length === 0
          )
            expect(cards.map((c) => c.indicator)).toEqual(['info']);
        },
      ),
      { numRuns: 300 },
    );
  });
});
