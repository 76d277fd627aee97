/** Consent with a drawn signature: a real PNG is stored exactly and shown back; anything else is a 400. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BENIGN } from '../helpers/answers.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

/** A 1×1 PNG. */
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let h: Harness;
let screeningId: string;
beforeAll(async () => {
  h = await startHarness();
  const client = json<{ id: string }>(
    await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Signing client' }),
  );
  const { respondent: _r, moment: _m, ...answers } = BENIGN;
  screeningId = json<{ id: string }>(
    await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${client.id}/screenings`, {
      moment: 'first_treatment',
      respondent: 'client',
      answers,
    }),
  ).id;
});
afterAll(async () => h.close());

const consent = (signature?: string) =>
  h.call(h.a.practitioner, 'POST', `/api/v1/screenings/${screeningId}/consents`, {
    techniques: ['light_massage'],
    lang: 'en',
    signerName: 'Signing Client',
    ...(signature === undefined ? {} : { signature }),
  });

it('stores a drawn signature with the consent and shows it back exactly', async () => {
  const created = await consent(PNG);
  expect(created.statusCode).toBe(201);
  expect(json(created).signature).toBe(PNG);
  const detail = json<{ consents: { signature: string | null }[] }>(
    await h.call(h.a.practitioner, 'GET', `/api/v1/screenings/${screeningId}`),
  );
  expect(detail.consents.map((c) => c.signature)).toContain(PNG);
});

it('records a consent without a drawn signature as before (the typed name is the signature)', async () => {
  const created = await consent();
  expect(created.statusCode).toBe(201);
  expect(json(created).signature).toBeNull();
});

it.each([
  ['a JPEG under a PNG label', 'data:image/png;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQg='],
  ['an SVG', 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4='],
  ['a remote URL', 'https://evil.example/sig.png'],
  ['text that is not base64', 'data:image/png;base64,<script>'],
  ['an image too large to be a signature', `data:image/png;base64,iVBORw0KGgo${'A'.repeat(150_000)}`],
])('refuses %s with a 400', async (_name, signature) => {
  const response = await consent(signature);
  expect(response.statusCode).toBe(400);
});
