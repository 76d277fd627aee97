/**
 * GET /api/v1/screenings/:id/report.html on a stored screening: whose it is and the decisions after a
 * clinician's override (the stored assessment is unchanged); 404 for an unknown screening or another
 * clinic's.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/report/index.js';
import { recordScreening } from '../../src/server/services/screenings.js';
import type { FhirApp } from '../fhir/helpers/app.js';
import { startFhirApp } from '../fhir/helpers/app.js';
import { BENIGN } from '../helpers/answers.js';

let h: FhirApp;
let screeningId: string;

beforeAll(async () => {
  h = await startFhirApp();
  const { store } = h.deps;
  const at = h.deps.now().toISOString();
  const practitioner = await store.users.create({
    clinicId: h.clinicA,
    email: 'lea@report.test',
    name: 'Léa Martin',
    role: 'practitioner',
    profession: 'physiotherapist',
    disabled: false,
    passwordHash: 'unused',
    createdAt: at,
  });
  const client = await store.clients.create({
    clinicId: h.clinicA,
    displayName: 'Ana Pseudonym',
    birthYear: 1961,
    email: null,
    phone: null,
    createdAt: at,
  });
  const screening = await recordScreening(h.deps, store, {
    clinicId: h.clinicA,
    clientId: client.id,
    moment: 'first_treatment',
    answers: BENIGN,
    submittedBy: { kind: 'user', userId: practitioner.id },
  });
  screeningId = screening.id;
  await store.reviews.create({
    clinicId: h.clinicA,
    screeningId,
    userId: practitioner.id,
    kind: 'override',
    note: '',
    techniqueId: 'manipulation',
    decision: 'contraindicated',
    reasonCode: 'client_declined',
    reasonText: 'The client does not want any thrust technique',
    createdAt: '2026-11-25T09:30:00.000Z',
  });
});
afterAll(() => h.close());

const get = (authorization: string, id = screeningId) =>
  h.app.inject({
    method: 'GET',
    url: `/api/v1/screenings/${id}/report.html?lang=en`,
    headers: { authorization },
  });

describe('the screening report route', () => {
  it('sends a policy that allows its own inline stylesheet, by hash, and nothing else', async () => {
    const response = await get(h.tokens.adminA);
    const style = /<style>([\s\S]*?)<\/style>/.exec(response.body)?.[1];
    expect(style).toBeDefined();
    const hash = createHash('sha256')
      .update(style ?? '', 'utf8')
      .digest('base64');
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toContain(`style-src 'sha256-${hash}'`);
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('script-src');
  });

  it("names the client, clinic and practitioner and shows the override's decision", async () => {
    const response = await get(h.tokens.adminA);
    expect(response.statusCode, response.body).toBe(200);
    const html = response.body;
    expect(html).toContain('Ana Pseudonym (born 1961)');
    expect(html).toContain('Clinic A');
    expect(html).toContain(
      escapeHtml("The client's self-report: recorded by Léa Martin on 25 November 2026 at 09:00 UTC"),
    );
    const name = h.deps.kb.index.technique.get('manipulation')?.name.en ?? '';
    const row = html.slice(html.indexOf(`<tr><td>${name.replaceAll('"', '&quot;')}</td>`));
    expect(row).toMatch(/^<tr><td>[^<]*<\/td><td class="decision c-contraindicated">Contraindicated<\/td>/);
    expect(row).toContain(
      'Overridden by Léa Martin on 25 November 2026 at 09:30 UTC: from “Allowed” to “Contraindicated”.',
    );
    expect(row).toContain('Reason: the client declined. “The client does not want any thrust technique”');
    const stored = await h.deps.store.screenings.get(h.clinicA, screeningId);
    expect(stored?.assessment.techniques.find((t) => t.techniqueId === 'manipulation')?.decision).toBe(
      'allowed',
    );
  });

  it("answers 404 for another clinic's screening and an unknown one", async () => {
    expect((await get(h.tokens.adminB)).statusCode).toBe(404);
    expect((await get(h.tokens.adminA, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
