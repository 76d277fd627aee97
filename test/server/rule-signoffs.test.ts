/**
 * Clinic sign-off of rules: an admin designates a practitioner clinical lead, who alone signs a rule's
 * current version for the clinic; every sign-off is kept and audited, each clinic sees only its own, and the
 * clinician report says which fired rules the clinic has not signed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BENIGN } from '../helpers/answers.js';
import type { Actor, Harness } from './harness.js';
import { addStaff, json, startHarness } from './harness.js';

interface RuleState {
  ruleId: string;
  version: number;
  state: string;
  current: { id: string; verdict: string; comment: string; signerName: string | null } | null;
}
interface Listing {
  kb: { version: string; hash: string };
  rules: RuleState[];
  signoffs: { id: string; ruleId: string; supersedes: string | null }[];
}

let h: Harness;
let lead: Actor;
/** A rule in a version after its first, so that an older version can have been signed. */
let rule: { id: string; version: number };

const stateOf = async (actor: Actor, ruleId: string): Promise<RuleState | undefined> =>
  json<Listing>(await h.call(actor, 'GET', '/api/v1/rule-signoffs')).rules.find((r) => r.ruleId === ruleId);
const actions = async (clinicId: string): Promise<string[]> =>
  (await h.store.audit.listForClinic(clinicId, { limit: 500 })).map((e) => e.action);

beforeAll(async () => {
  h = await startHarness();
  lead = await addStaff(h, h.a.admin, {
    email: 'lead@clinic-a.test',
    name: 'Léa Lead',
    role: 'practitioner',
  });
  const r = h.deps.kb.rules.find((x) => x.version >= 2);
  if (r === undefined) throw new Error('no rule after its first version');
  rule = { id: r.id, version: r.version };
});
afterAll(async () => h.close());

describe('clinical lead designation', () => {
  it('is granted by an admin to a practitioner only, audited, and stays inside the clinic', async () => {
    const granted = await h.call(h.a.admin, 'PATCH', `/api/v1/users/${lead.userId}`, { clinicalLead: true });
    expect(granted.statusCode).toBe(200);
    expect(json(granted)).toMatchObject({ clinicalLead: true, role: 'practitioner' });
    expect(await actions(h.a.id)).toContain('user.clinical_lead.grant');

    const reception = await h.call(h.a.admin, 'PATCH', `/api/v1/users/${h.a.reception.userId}`, {
      clinicalLead: true,
    });
    expect(reception.statusCode).toBe(409);
    expect(reception.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Another clinic's admin cannot touch A's users; a practitioner cannot designate anyone.
    expect(
      (await h.call(h.b.admin, 'PATCH', `/api/v1/users/${lead.userId}`, { clinicalLead: false })).statusCode,
    ).toBe(404);
    expect(
      (
        await h.call(h.a.practitioner, 'PATCH', `/api/v1/users/${h.a.practitioner.userId}`, {
          clinicalLead: true,
        })
      ).statusCode,
    ).toBe(403);
    const me = json<{ user: { clinicalLead: boolean } }>(await h.call(lead, 'GET', '/api/v1/me'));
    expect(me.user.clinicalLead).toBe(true);
  });

  it('ends when the lead stops being a practitioner', async () => {
    const other = await addStaff(h, h.a.admin, {
      email: 'second@clinic-a.test',
      name: 'Second Lead',
      role: 'practitioner',
    });
    await h.call(h.a.admin, 'PATCH', `/api/v1/users/${other.userId}`, { clinicalLead: true });
    const demoted = await h.call(h.a.admin, 'PATCH', `/api/v1/users/${other.userId}`, { role: 'reception' });
    expect(json(demoted)).toMatchObject({ role: 'reception', clinicalLead: false });
    expect(await actions(h.a.id)).toContain('user.clinical_lead.revoke');
  });
});

describe('signing rules', () => {
  it('refuses everyone but the clinical lead (403), an unknown rule (404) and another version (422)', async () => {
    const body = { ruleId: rule.id, ruleVersion: rule.version, verdict: 'approved' };
    for (const actor of [h.a.practitioner, h.a.admin, h.a.reception, h.b.admin]) {
      const refused = await h.call(actor, 'POST', '/api/v1/rule-signoffs', body);
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const unknown = await h.call(lead, 'POST', '/api/v1/rule-signoffs', { ...body, ruleId: 'NOPE' });
    expect(unknown.statusCode).toBe(404);
    const older = await h.call(lead, 'POST', '/api/v1/rule-signoffs', {
      ...body,
      ruleVersion: rule.version - 1,
    });
    expect(older.statusCode).toBe(422);
    expect(json(older)).toMatchObject({ code: 'rule_version_not_current' });
    for (const bad of [
      { ...body, verdict: 'maybe' },
      { ...body, ruleVersion: 0 },
      { ...body, extra: true },
      { ruleId: rule.id, verdict: 'approved' },
    ]) {
      const response = await h.call(lead, 'POST', '/api/v1/rule-signoffs', bad);
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect(json<Listing>(await h.call(lead, 'GET', '/api/v1/rule-signoffs')).signoffs).toEqual([]);
  });

  it('records a sign-off, audited, that the next one supersedes; each clinic sees only its own', async () => {
    expect((await stateOf(lead, rule.id))?.state).toBe('unsigned');
    const first = await h.call(lead, 'POST', '/api/v1/rule-signoffs', {
      ruleId: rule.id,
      ruleVersion: rule.version,
      verdict: 'changes_requested',
      comment: '  Le seuil d’âge est trop bas.  ',
    });
    expect(first.statusCode).toBe(201);
    const signed = json<{ id: string; kbHash: string; comment: string; signerName: string }>(first);
    expect(signed).toMatchObject({ kbHash: h.deps.kb.hash, comment: 'Le seuil d’âge est trop bas.' });
    expect(signed.signerName).toBe('Léa Lead');
    expect((await stateOf(h.a.reception, rule.id))?.state).toBe('changes_requested');
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);

    const second = json<{ id: string; supersedes: string }>(
      await h.call(lead, 'POST', '/api/v1/rule-signoffs', {
        ruleId: rule.id,
        ruleVersion: rule.version,
        verdict: 'approved',
      }),
    );
    expect(second.supersedes).toBe(signed.id);
    const state = await stateOf(h.a.admin, rule.id);
    expect(state).toMatchObject({ state: 'approved', current: { id: second.id, verdict: 'approved' } });
    const listing = json<Listing>(await h.call(h.a.admin, 'GET', '/api/v1/rule-signoffs'));
    expect(listing.signoffs.map((s) => s.id)).toEqual([signed.id, second.id]);
    expect(listing.kb.hash).toBe(h.deps.kb.hash);

    const audited = (await h.store.audit.listForClinic(h.a.id, { limit: 500 })).filter((e) =>
      e.action.startsWith('rule.signoff.'),
    );
    expect(audited.map((e) => [e.action, e.resourceId, e.actor]).reverse()).toEqual([
      ['rule.signoff.changes_requested', signed.id, `user:${lead.userId}`],
      ['rule.signoff.approved', second.id, `user:${lead.userId}`],
    ]);
    // Clinic B: nothing signed, nothing audited.
    expect((await stateOf(h.b.admin, rule.id))?.state).toBe('unsigned');
    expect(json<Listing>(await h.call(h.b.practitioner, 'GET', '/api/v1/rule-signoffs')).signoffs).toEqual(
      [],
    );
    expect((await actions(h.b.id)).filter((a) => a.startsWith('rule.signoff.'))).toEqual([]);
  });

  it('says a rule signed in an older version needs signing again', async () => {
    const other = h.deps.kb.rules.find((x) => x.version >= 2 && x.id !== rule.id);
    if (other === undefined) throw new Error('no second rule after its first version');
    await h.store.ruleSignoffs.create({
      clinicId: h.a.id,
      ruleId: other.id,
      ruleVersion: other.version - 1,
      kbHash: 'sha256:older',
      userId: lead.userId,
      verdict: 'approved',
      comment: '',
      signedAt: h.clock.now.toISOString(),
      supersedes: null,
    });
    expect((await stateOf(lead, other.id))?.state).toBe('outdated');
  });

  it('requires a login', async () => {
    expect((await h.call(null, 'GET', '/api/v1/rule-signoffs')).statusCode).toBe(401);
  });
});

describe('clinician report', () => {
  it('marks the fired rules the clinic has not signed, in English and French', async () => {
    const answers = JSON.parse(
      readFileSync(new URL('../../examples/thunderclap-headache.json', import.meta.url), 'utf8'),
    ) as typeof BENIGN;
    const client = json<{ id: string }>(
      await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Report client' }),
    );
    const screening = json<{ id: string }>(
      await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${client.id}/screenings`, {
        moment: 'first_treatment',
        respondent: 'client',
        answers,
      }),
    );
    const fired = (await h.store.screenings.get(h.a.id, screening.id))?.assessment.findings ?? [];
    expect(fired.length).toBeGreaterThan(0);
    const [signed, ...rest] = fired;
    if (signed === undefined) throw new Error('no finding');
    await h.call(lead, 'POST', '/api/v1/rule-signoffs', {
      ruleId: signed.ruleId,
      ruleVersion: signed.ruleVersion,
      verdict: 'approved',
    });
    const report = async (lang: string) =>
      (await h.call(h.a.practitioner, 'GET', `/api/v1/screenings/${screening.id}/report.html?lang=${lang}`))
        .body;
    const en = await report('en');
    /** The finding's line of rule, version, certainty and evidence. */
    const meta = (html: string, label: string): string => {
      const at = html.indexOf(label);
      expect(at, label).toBeGreaterThan(-1);
      return html.slice(at, html.indexOf('</p>', at));
    };
    expect(rest.length).toBeGreaterThan(0);
    expect(meta(en, `rule ${signed.ruleId} v${signed.ruleVersion}`)).not.toContain(
      'not signed by this clinic',
    );
    for (const f of rest)
      expect(meta(en, `rule ${f.ruleId} v${f.ruleVersion}`)).toContain('not signed by this clinic');
    const fr = await report('fr');
    expect(meta(fr, `règle ${signed.ruleId} v${signed.ruleVersion}`)).not.toContain('non signée');
    for (const f of rest)
      expect(meta(fr, `règle ${f.ruleId} v${f.ruleVersion}`)).toContain(
        'non signée par ce cabinet dans cette version',
      );
  });
});
