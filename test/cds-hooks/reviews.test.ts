/**
 * Cards after a clinician's override of the linked client's stored screening: a warning card states each
 * technique's decision in force beside NeckCheck's own, who changed it, when and why; the screening's other
 * cards say so in their basis; what staff typed is escaped; every response meets the 2.0 schema. In a pure
 * call too (cardsForCall), in both languages.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Card } from '../../src/cds-hooks/index.js';
import { cardsForCall, readPrefetch } from '../../src/cds-hooks/index.js';
import { effectiveTechniques } from '../../src/clinic/index.js';
import { assess } from '../../src/core/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import { cardsOf } from './cards.js';
import type { CdsHarness } from './harness.js';
import { startCdsHarness } from './harness.js';
import { patientView, prefetchOf, SERVICE } from './payloads.js';

const h: CdsHarness = await startCdsHarness();
afterAll(() => h.close());

const AT = '2026-11-25T09:20:00.000Z';

async function overridden(patientId: string, reasonText: string) {
  const client = await h.linkedClient(h.a, patientId);
  const screening = await h.screening(h.a, client.id, BENIGN);
  await h.store.reviews.create({
    clinicId: h.a.clinicId,
    screeningId: screening.id,
    userId: h.a.userId,
    kind: 'override',
    note: '',
    techniqueId: 'deep_tissue',
    decision: 'contraindicated',
    reasonCode: 'client_declined',
    reasonText,
    createdAt: AT,
  });
  return screening;
}

const reviewCard = (cards: readonly Card[]): Card | undefined =>
  cards.find((c) => c.summary.startsWith('A clinician changed'));

describe('cards after a clinician override', () => {
  it('state the decisions in force, NeckCheck’s own, who changed them, when and why', async () => {
    const screening = await overridden('reviewed-1', 'She prefers gentle work only today');
    const body = patientView(prefetchOf({}, 'reviewed-1'), 'reviewed-1');
    const cards = cardsOf(await h.call('POST', SERVICE.patientView, { body }));
    const card = reviewCard(cards);
    expect(card).toMatchObject({
      indicator: 'warning',
      summary: "A clinician changed NeckCheck's decision for 4 techniques: check the decisions in force",
      links: [{ url: `https://neckcheck.test/app/screenings/${screening.id}` }],
    });
    const detail = card?.detail ?? '';
    const kb = h.deps.kb;
    const name = (id: string) => (kb.index.technique.get(id)?.name.en ?? id).replace(/[-.()]/g, '\\$&');
    expect(detail).toContain(
      `**${name('deep_tissue')}**: contraindicated (NeckCheck decided: allowed) — changed by Practitioner of Clinic A, 2026\\-11\\-25; reason: the client declined — “She prefers gentle work only today”`,
    );
    expect(detail).toContain(
      `**${name('stretching')}**: contraindicated (NeckCheck decided: allowed) — raised because of the decision for a gentler technique (${name('deep_tissue')})`,
    );
    expect(detail).not.toContain(`**${name('light_massage')}**`);
    const proceed = cards.find((c) => c.indicator === 'info');
    expect(proceed?.detail).toContain(
      `technique decisions changed by a clinician: ${name('deep_tissue')} → contraindicated`,
    );
  });

  it('escape what the clinician typed', async () => {
    await overridden('reviewed-2', '[click](https://evil.example) <img src=x> **bold**');
    const body = patientView(prefetchOf({}, 'reviewed-2'), 'reviewed-2');
    const detail = reviewCard(cardsOf(await h.call('POST', SERVICE.patientView, { body })))?.detail ?? '';
    expect(detail).toContain('\\[click\\]\\(https\\:');
    expect(detail).toContain('\\<img src=x\\>');
    expect(detail).not.toMatch(/[^\\]\[click\]|[^\\]<img|[^\\]\*\*bold/);
  });

  it('are the same cards as before when nobody changed anything, and in French', () => {
    const assessment = assess(h.deps.kb, withAnswers(BENIGN, {}));
    let n = 0;
    const call = (effective: ReturnType<typeof effectiveTechniques>, lang: 'en' | 'fr') =>
      cardsForCall({
        kb: h.deps.kb,
        hook: 'patient-view',
        lang,
        now: '2026-11-25T10:00:00.000Z',
        publicUrl: 'https://neckcheck.test',
        newUuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
        patientId: 'p',
        ehrSystem: 'https://ehr.example',
        linkedClientId: 'c',
        stored: {
          id: 's',
          submittedAt: '2026-11-25T09:00:00.000Z',
          validUntil: '2027-11-25T09:00:00.000Z',
          answers: BENIGN,
          assessment,
          reviews: { effective, staff: [{ id: 'u', name: 'Léa' }] },
        },
        prefetched: readPrefetch(prefetchOf({}, 'p'), 'p'),
        context: { patientId: 'p' },
        screeningValidityDays: 365,
      });
    const plain = call(effectiveTechniques(assessment, []), 'en');
    expect(plain).toHaveLength(1);
    expect(plain[0]?.detail).not.toContain('changed by a clinician');
    const review = {
      id: 'r',
      clinicId: 'k',
      screeningId: 's',
      userId: 'u',
      kind: 'override',
      note: '',
      techniqueId: 'manipulation',
      decision: 'contraindicated',
      reasonCode: 'other',
      reasonText: '',
      createdAt: AT,
    } as const;
    const fr = call(effectiveTechniques(assessment, [review]), 'fr');
    const card = fr.find((c) => c.indicator === 'warning');
    expect(card?.summary).toBe(
      'Un clinicien a modifié la décision de NeckCheck pour 1 technique : vérifiez les décisions en vigueur',
    );
    expect(card?.detail).toContain(
      'contre\\-indiquée (NeckCheck avait décidé: autorisée) — modifiée par Léa, 2026\\-11\\-25; motif: autre motif',
    );
  });
});
