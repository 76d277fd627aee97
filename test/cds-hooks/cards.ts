/** Checks every CDS response a test receives against the 2.0 response schema, and reads its cards. */
import type { LightMyRequestResponse } from 'fastify';
import { Compile } from 'typebox/compile';
import { expect } from 'vitest';
import type { Card } from '../../src/cds-hooks/index.js';
import { CdsResponseSchema } from '../../src/cds-hooks/index.js';

const check = Compile(CdsResponseSchema);

export function cardsOf(response: LightMyRequestResponse): Card[] {
  expect(response.statusCode, response.body).toBe(200);
  const body: unknown = response.json();
  expect([...check.Errors(body)]).toEqual([]);
  const { cards } = body as { cards: Card[] };
  for (const card of cards) {
    expect(card.summary.length).toBeLessThanOrEqual(139);
    expect(card.source.label).toBe('NeckCheck');
    expect(card.source.url).toMatch(/^https:\/\/neckcheck\.test\/kb(\/rules\/[^/]+)?$/);
    expect(card.uuid).toMatch(/^[0-9a-f-]{36}$/);
    if (card.suggestions !== undefined) expect(card.selectionBehavior).toBeDefined();
  }
  return cards;
}
