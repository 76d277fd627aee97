/**
 * The conformance resources on the server: read by id (200, 404 as an OperationOutcome), search by url and
 * version (a searchset Bundle), 406 for XML, listed in the CapabilityStatement. And the canonical URLs
 * resolve: every canonical in what the server sends (Questionnaire, $assess output, CapabilityStatement,
 * a client's record, the conformance resources themselves) is found on this server, by its id path and,
 * for conformance resources, by ?url=, except the well-known external ones.
 */
import type { Bundle, CapabilityStatement, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../src/core/index.js';
import { CONFORMANCE_TYPES } from '../../src/fhir/conformance/index.js';
import { CANONICAL_BASE, responseFromAnswers } from '../../src/fhir/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { FhirApp } from './helpers/app.js';
import { ORIGIN, startFhirApp } from './helpers/app.js';
import { loadFhirValidator } from './helpers/validate.js';

const fhir = loadFhirValidator();
let h: FhirApp;
let clientId: string;

/** Hosts whose canonicals are HL7's, or standard code systems: not ours to serve. */
const EXTERNAL = ['hl7.org', 'terminology.hl7.org', 'loinc.org', 'snomed.info', 'unitsofmeasure.org'];

beforeAll(async () => {
  h = await startFhirApp();
  const { store, kb } = h.deps;
  const at = '2026-11-25T09:00:00.000Z';
  const client = await store.clients.create({
    clinicId: h.clinicA,
    displayName: 'Bo',
    birthYear: 1980,
    email: null,
    phone: null,
    createdAt: at,
  });
  clientId = client.id;
  const answers = withAnswers(BENIGN, { conditions: ['rheumatoid_arthritis'] });
  const assessment = assess(kb, answers, { assessedAt: at });
  const userId = (await store.users.list(h.clinicA))[0]?.id ?? '';
  await store.screenings.create({
    basedOn: null,
    clinicId: h.clinicA,
    clientId,
    moment: 'first_treatment',
    answers,
    assessment,
    disposition: assessment.disposition,
    kbVersion: kb.meta.version,
    kbHash: kb.hash,
    submittedBy: { kind: 'user', userId },
    submittedAt: at,
    validUntil: at,
  });
});
afterAll(async () => h.close());

const get = (url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  h.app.inject({ method: 'GET', url, headers });
const body = <T>(response: LightMyRequestResponse): T => JSON.parse(response.body) as T;

function expectFhir<T>(response: LightMyRequestResponse, status: number): T {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const resource = body<T>(response);
  fhir.expectValid(resource);
  return resource;
}

describe('the conformance routes', () => {
  it('read each resource by id, publicly', async () => {
    for (const [type, id] of [
      ['CodeSystem', 'answers'],
      ['ValueSet', 'answers-neuro-symptoms'],
      ['OperationDefinition', 'Questionnaire-assess'],
      ['StructureDefinition', 'clinician-override'],
    ] as const) {
      const resource = expectFhir<Resource>(await get(`/fhir/${type}/${id}`), 200);
      expect(resource).toMatchObject({ resourceType: type, id });
    }
  });

  it('answer 404 with an OperationOutcome for an unknown id', async () => {
    for (const type of CONFORMANCE_TYPES) {
      const outcome = expectFhir<OperationOutcome>(await get(`/fhir/${type}/nothing-here`), 404);
      expect(outcome.issue[0]?.code).toBe('not-found');
    }
  });

  it('search by url, url|version and version, as a searchset Bundle', async () => {
    const url = `${CANONICAL_BASE}/CodeSystem/rules`;
    const version = h.deps.kb.meta.version;
    const found = expectFhir<Bundle>(await get(`/fhir/CodeSystem?url=${encodeURIComponent(url)}`), 200);
    expect(found.type).toBe('searchset');
    expect(found.total).toBe(1);
    expect(found.entry?.[0]?.resource).toMatchObject({ resourceType: 'CodeSystem', id: 'rules', url });
    expect(found.entry?.[0]?.fullUrl).toBe(`${ORIGIN}/fhir/CodeSystem/rules`);
    expect(found.entry?.[0]?.search?.mode).toBe('match');
    expect(found.link?.[0]).toEqual({
      relation: 'self',
      url: `${ORIGIN}/fhir/CodeSystem?url=${encodeURIComponent(url)}`,
    });
    const piped = await get(`/fhir/CodeSystem?url=${encodeURIComponent(`${url}|${version}`)}`);
    expect(expectFhir<Bundle>(piped, 200).total).toBe(1);
    const both = await get(`/fhir/CodeSystem?url=${encodeURIComponent(url)}&version=${version}&_format=json`);
    expect(expectFhir<Bundle>(both, 200).total).toBe(1);
    const older = await get(`/fhir/CodeSystem?url=${encodeURIComponent(url)}&version=0.0.1`);
    const none = expectFhir<Bundle>(older, 200);
    expect([none.total, none.entry]).toEqual([0, undefined]);
    const all = expectFhir<Bundle>(await get('/fhir/StructureDefinition'), 200);
    expect(all.total).toBe(9);
  });

  it('answer 406 for XML and 400 for a malformed search', async () => {
    const xml = expectFhir<OperationOutcome>(await get('/fhir/CodeSystem/answers?_format=xml'), 406);
    expect(xml.issue[0]?.code).toBe('not-supported');
    const accept = await get('/fhir/ValueSet', { accept: 'application/fhir+xml' });
    expectFhir<OperationOutcome>(accept, 406);
    expectFhir<OperationOutcome>(await get('/fhir/CodeSystem?url='), 400);
  });

  it('are listed in the CapabilityStatement with read and search by url and version', async () => {
    const metadata = expectFhir<CapabilityStatement>(await get('/fhir/metadata'), 200);
    for (const type of CONFORMANCE_TYPES) {
      const resource = metadata.rest?.[0]?.resource?.find((r) => r.type === type);
      expect(
        resource?.interaction?.map((i) => i.code),
        type,
      ).toEqual(['read', 'search-type']);
      expect(resource?.searchParam?.map((p) => `${p.name}:${p.type}`)).toEqual(['url:uri', 'version:token']);
    }
  });
});

/** Canonical references in a resource: coding systems, extension and profile URLs, bindings, definitions. */
function canonicals(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) canonicals(item, out);
    return out;
  }
  if (typeof node !== 'object' || node === null) return out;
  const r = node as Record<string, unknown>;
  const add = (v: unknown): void => {
    if (typeof v === 'string' && /^(https?:|urn:)/.test(v)) out.add(v);
    if (Array.isArray(v)) for (const x of v) add(x);
  };
  // An Identifier's system is a namespace, not a canonical (it has a value, not a code).
  if (!('value' in r) || 'code' in r) add(r.system);
  if (
    'url' in r &&
    (Object.keys(r).some((k) => k.startsWith('value')) || 'extension' in r) &&
    !('resourceType' in r)
  )
    add(r.url);
  if (typeof r.resourceType === 'string' && r.resourceType !== 'Bundle') add(r.url);
  for (const key of [
    'valueSet',
    'answerValueSet',
    'profile',
    'baseDefinition',
    'targetProfile',
    'questionnaire',
  ])
    add(r[key]);
  if ('definition' in r && ('name' in r || 'type' in r) && !('path' in r)) add(r.definition);
  if (r.path === 'Extension.url') add(r.fixedUri);
  for (const value of Object.values(r)) canonicals(value, out);
  return out;
}

describe('every canonical the server sends', () => {
  it('resolves on this server, by id and by ?url=, unless it is HL7’s or a standard code system', async () => {
    const response = responseFromAnswers(h.deps.kb, withAnswers(BENIGN, { conditions: ['migraine'] }));
    const assessed = await h.app.inject({
      method: 'POST',
      url: '/fhir/Questionnaire/neckcheck/$assess',
      headers: { 'content-type': 'application/fhir+json', host: 'neckcheck.test', origin: ORIGIN },
      payload: JSON.stringify(response),
    });
    const record = await get(`/fhir/Patient/${clientId}/$everything`, { authorization: h.tokens.adminA });
    const served = [
      await get('/fhir/metadata'),
      await get('/fhir/Questionnaire/neckcheck'),
      await get('/fhir/Questionnaire/neckcheck?lang=fr'),
      assessed,
      record,
      ...(await Promise.all(CONFORMANCE_TYPES.map((type) => get(`/fhir/${type}`)))),
    ].map((r) => expectFhir<Resource>(r, 200));
    const found = new Set<string>();
    for (const resource of served) canonicals(resource, found);
    const external = [...found].filter((url) => {
      const host = /^https?:\/\/([^/|]+)/.exec(url)?.[1];
      return (host !== undefined && EXTERNAL.includes(host)) || url.startsWith('urn:ietf:');
    });
    const local = [...found].filter((url) => !external.includes(url));
    // Guard against a walk that finds nothing: our systems, extensions, operation and value sets are there.
    for (const part of [
      '/CodeSystem/',
      '/ValueSet/',
      '/StructureDefinition/',
      '/OperationDefinition/',
      '/Questionnaire/',
    ])
      expect(
        local.some((url) => url.includes(part)),
        part,
      ).toBe(true);
    const unresolved: string[] = [];
    for (const canonical of local) {
      const [url = '', version] = canonical.split('|');
      if (!url.startsWith(`${CANONICAL_BASE}/`)) {
        unresolved.push(`${canonical} (not under ${CANONICAL_BASE})`);
        continue;
      }
      const [type = '', id = ''] = url.slice(CANONICAL_BASE.length + 1).split('/');
      const read = await get(`/fhir/${type}/${id}`);
      const resource = read.statusCode === 200 ? body<{ url?: string; version?: string }>(read) : undefined;
      if (resource?.url !== url || (version !== undefined && resource.version !== version)) {
        unresolved.push(`${canonical} (GET /fhir/${type}/${id}: ${read.statusCode})`);
        continue;
      }
      if ((CONFORMANCE_TYPES as readonly string[]).includes(type)) {
        const search = await get(`/fhir/${type}?url=${encodeURIComponent(canonical)}`);
        if (body<Bundle>(search).total !== 1)
          unresolved.push(`${canonical} (?url= found ${body<Bundle>(search).total})`);
      }
    }
    expect(unresolved).toEqual([]);
    expect(local.length).toBeGreaterThan(20);
  });
});
