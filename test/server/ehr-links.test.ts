/** Linking a client to a patient of an EHR, so that CDS Hooks calls about that patient find the client. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

const EHR = 'https://ehr.example/fhir';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

interface ClientView {
  id: string;
  ehrPatient: { system: string; patientId: string } | null;
}

it('creates a client linked to an EHR patient, shows the link, and the store finds the client by it', async () => {
  const created = await h.call(h.a.practitioner, 'POST', '/api/v1/clients', {
    displayName: 'Linked client',
    ehrPatient: { system: EHR, patientId: 'pat-1' },
  });
  expect(created.statusCode).toBe(201);
  const client = json<ClientView>(created);
  expect(client.ehrPatient).toEqual({ system: EHR, patientId: 'pat-1' });
  expect((await h.store.clients.findByEhrPatient(h.a.id, EHR, 'pat-1'))?.id).toBe(client.id);

  const read = await h.call(h.a.practitioner, 'GET', `/api/v1/clients/${client.id}`);
  expect(json<{ client: ClientView }>(read).client.ehrPatient).toEqual({ system: EHR, patientId: 'pat-1' });
});

it('leaves a client unlinked by default, links and unlinks it later', async () => {
  const created = await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Later linked' });
  const client = json<ClientView>(created);
  expect(client.ehrPatient).toBeNull();

  const linked = await h.call(h.a.practitioner, 'PATCH', `/api/v1/clients/${client.id}`, {
    ehrPatient: { system: EHR, patientId: 'pat-2' },
  });
  expect(linked.statusCode).toBe(200);
  expect(json<ClientView>(linked).ehrPatient).toEqual({ system: EHR, patientId: 'pat-2' });

  const unlinked = await h.call(h.a.practitioner, 'PATCH', `/api/v1/clients/${client.id}`, {
    ehrPatient: null,
  });
  expect(json<ClientView>(unlinked).ehrPatient).toBeNull();
  expect(await h.store.clients.findByEhrPatient(h.a.id, EHR, 'pat-2')).toBeUndefined();
});

it('refuses to link a second client of the clinic to the same patient, with a clear 409', async () => {
  await h.call(h.a.practitioner, 'POST', '/api/v1/clients', {
    displayName: 'First',
    ehrPatient: { system: EHR, patientId: 'pat-3' },
  });
  const second = await h.call(h.a.practitioner, 'POST', '/api/v1/clients', {
    displayName: 'Second',
    ehrPatient: { system: EHR, patientId: 'pat-3' },
  });
  expect(second.statusCode).toBe(409);
  expect(json(second).detail).toMatch(/already linked to this EHR patient/);

  const other = json<ClientView>(
    await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Third' }),
  );
  const patched = await h.call(h.a.practitioner, 'PATCH', `/api/v1/clients/${other.id}`, {
    ehrPatient: { system: EHR, patientId: 'pat-3' },
  });
  expect(patched.statusCode).toBe(409);
});

it('lets another clinic link its own client to the same patient id', async () => {
  const created = await h.call(h.b.practitioner, 'POST', '/api/v1/clients', {
    displayName: 'Clinic B client',
    ehrPatient: { system: EHR, patientId: 'pat-3' },
  });
  expect(created.statusCode).toBe(201);
  expect((await h.store.clients.findByEhrPatient(h.b.id, EHR, 'pat-3'))?.id).toBe(
    json<ClientView>(created).id,
  );
});

it.each([
  ['an empty patient id', { system: EHR, patientId: '' }],
  ['a patient id that is not a FHIR id', { system: EHR, patientId: 'a/b' }],
  ['a system with spaces', { system: 'my ehr', patientId: 'p1' }],
  ['half a link', { system: EHR }],
  ['an unknown key', { system: EHR, patientId: 'p1', mrn: '123' }],
])('refuses %s with a 400', async (_name, ehrPatient) => {
  const response = await h.call(h.a.practitioner, 'POST', '/api/v1/clients', {
    displayName: 'Bad link',
    ehrPatient,
  });
  expect(response.statusCode).toBe(400);
});

it("lets reception keep a client's details but never link or unlink them to an EHR patient", async () => {
  const linked = json<ClientView>(
    await h.call(h.a.practitioner, 'POST', '/api/v1/clients', {
      displayName: 'Linked by a clinician',
      ehrPatient: { system: EHR, patientId: 'pat-r1' },
    }),
  );
  const create = await h.call(h.a.reception, 'POST', '/api/v1/clients', {
    displayName: 'Linked by reception',
    ehrPatient: { system: EHR, patientId: 'pat-r2' },
  });
  const relink = await h.call(h.a.reception, 'PATCH', `/api/v1/clients/${linked.id}`, {
    ehrPatient: { system: EHR, patientId: 'pat-r3' },
  });
  const unlink = await h.call(h.a.reception, 'PATCH', `/api/v1/clients/${linked.id}`, { ehrPatient: null });
  expect([create.statusCode, relink.statusCode, unlink.statusCode]).toEqual([403, 403, 403]);
  expect(json(relink).code).toBe('forbidden');
  expect(await h.store.clients.findByEhrPatient(h.a.id, EHR, 'pat-r2')).toBeUndefined();
  expect((await h.store.clients.findByEhrPatient(h.a.id, EHR, 'pat-r1'))?.id).toBe(linked.id);
  const rename = await h.call(h.a.reception, 'PATCH', `/api/v1/clients/${linked.id}`, {
    phone: '+41 21 000 00 00',
  });
  expect(rename.statusCode).toBe(200);
});
