/**
 * Compact cards (ADR 0018) over every clinical vignette, from a stored screening and from the EHR's
 * QuestionnaireResponse, in both languages: the same cards as the full detail (summaries, indicators,
 * sources, links, suggestions), valid CDS Hooks 2.0, and each text once — no heading repeating the
 * summary, no rule link repeating `links`, references by short name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Card, CardDetail, ServiceCall } from '../../src/cds-hooks/index.js';
import { CdsResponseSchema, cardsForCall, readPrefetch } from '../../src/cds-hooks/index.js';
import type { Answers } from '../../src/core/index.js';
import { assess, LANGS } from '../../src/core/index.js';
import { kb as loadKb } from '../helpers/kb.js';
import { PATIENT_ID, prefetchOf, questionnaireResponse } from './payloads.js';

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
const check = Compile(CdsResponseSchema);
const ORIGIN = 'https://neckcheck.test';

function uuids(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
}

function calls(answers: Answers): Omit<ServiceCall, 'lang' | 'detail' | 'newUuid'>[] {
  const base = {
    kb,
    hook: 'patient-view',
    now: '2026-11-25T09:00:00.000Z',
    publicUrl: ORIGIN,
    patientId: PATIENT_ID,
    ehrSystem: 'https://ehr.example',
    context: { patientId: PATIENT_ID, userId: 'Practitioner/1' },
    screeningValidityDays: 90,
  } as const;
  const qr = questionnaireResponse(kb, 'qr-1', answers, '2026-11-20T10:00:00Z');
  return [
    {
      ...base,
      linkedClientId: 'c-1',
      stored: {
        id: 's-1',
        submittedAt: '2026-11-20T10:00:00.000Z',
        validUntil: '2027-02-18T10:00:00.000Z',
        answers,
        assessment: assess(kb, answers),
      },
      prefetched: readPrefetch(prefetchOf(), PATIENT_ID),
    },
    {
      ...base,
      linkedClientId: null,
      stored: undefined,
      prefetched: readPrefetch(prefetchOf({ screenings: [qr] }), PATIENT_ID),
    },
  ];
}

const cardsOf = (
  call: Omit<ServiceCall, 'lang' | 'detail' | 'newUuid'>,
  lang: 'en' | 'fr',
  detail: CardDetail,
) => cardsForCall({ ...call, lang, detail, newUuid: uuids() });
const withoutDetail = ({ detail: _detail, ...rest }: Card) => rest;
const bytes = (cards: readonly Card[]) => Buffer.byteLength(JSON.stringify({ cards }), 'utf8');

describe('compact CDS cards', () => {
  let compactBytes = 0;
  let fullBytes = 0;

  it.each(vignettes.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    for (const call of calls(v.answers))
      for (const lang of LANGS) {
        const compact = cardsOf(call, lang, 'compact');
        const full = cardsOf(call, lang, 'full');
        expect([...check.Errors({ cards: compact })]).toEqual([]);
        expect(compact.map(withoutDetail)).toEqual(full.map(withoutDetail));
        for (const card of compact) {
          const detail = card.detail ?? '';
          expect(detail).not.toContain('doi.org');
          // The card of red flags not excluded links each of them: only the first is in `links`.
          if (!/^(Screening incomplete|Dépistage incomplet)/.test(card.summary))
            expect(detail).not.toContain(`(<${ORIGIN}/kb/rules/`);
          const title = card.source.topic?.display;
          if (title !== undefined && title.length > 20)
            expect(detail.replaceAll('\\', '')).not.toContain(`: ${title}**`);
        }
        compactBytes += bytes(compact);
        fullBytes += bytes(full);
      }
  });

  it('are at least a quarter smaller than the full detail over all the vignettes', () => {
    expect(compactBytes).toBeGreaterThan(0);
    expect(compactBytes).toBeLessThan(0.75 * fullBytes);
  });
});
