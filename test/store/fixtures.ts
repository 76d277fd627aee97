/** Records for the storage contract: two clinics, each with staff and a client, and builders for the rest. */

import { setTimeout as sleep } from 'node:timers/promises';
import type { Answers, Assessment } from '../../src/core/index.js';
import type { Repos, Store } from '../../src/store/port.js';
import type { AuditEvent, Client, Clinic, Intake, Screening, User } from '../../src/store/types.js';

export const T0 = '2026-03-01T09:00:00.000Z';
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export const ANSWERS: Answers = {
  respondent: 'client',
  age: 47,
  weight_kg: 72.5,
  neuro_symptoms: ['numbness', 'vision_loss'],
  eye_droop: false,
  note: 'Douleur «aiguë» à la nuque — 首の痛み 😣 "quoted" \\ back\nslash',
  conditions: [],
};

export const ASSESSMENT: Assessment = {
  kb: { id: 'neckcheck', version: '1.2.0', hash: 'f'.repeat(64) },
  engineVersion: '0.1.0',
  assessedAt: T0,
  disposition: 'refer',
  reviewNeeded: true,
  techniques: [
    {
      techniqueId: 'hvla_cervical',
      name: { en: 'Cervical manipulation', fr: 'Manipulation cervicale' },
      force: 5,
      decision: 'contraindicated',
      reasons: [
        { kind: 'rule', ruleId: 'vad_signs', decision: 'contraindicated' },
        { kind: 'disposition', disposition: 'refer' },
      ],
    },
  ],
  findings: [
    {
      ruleId: 'vad_signs',
      ruleVersion: 3,
      title: { en: 'Possible arterial dissection', fr: 'Dissection artérielle possible' },
      disposition: 'refer',
      certainty: 'possible',
      evidence: 'V',
      citations: [],
      triggers: [{ questionId: 'neuro_symptoms', answer: ['numbness', 'vision_loss'] }],
      trace: {
        kind: 'all',
        result: 'unknown',
        items: [
          {
            kind: 'leaf',
            questionId: 'neuro_symptoms',
            op: 'has',
            expected: ['numbness'],
            answer: ['numbness', 'vision_loss'],
            applicable: 'true',
            result: 'true',
          },
          { kind: 'not', result: 'unknown', item: { kind: 'always', result: 'unknown' } },
        ],
      },
      client: { en: 'See a doctor today.', fr: "Consultez un médecin aujourd'hui." },
      clinician: { en: 'Refer; no manipulation.', fr: 'Orienter ; pas de manipulation.' },
      complications: ['stroke'],
    },
  ],
  unresolved: [],
  precautions: [],
  referrals: [
    {
      to: 'physician',
      name: { en: 'Physician', fr: 'Médecin' },
      urgency: 'same_day',
      ruleIds: ['vad_signs'],
    },
  ],
  alternatives: [],
  professions: [],
  openQuestions: [],
};

export interface World {
  readonly clinic: Clinic;
  readonly admin: User;
  readonly practitioner: User;
  readonly client: Client;
  readonly other: { readonly clinic: Clinic; readonly practitioner: User; readonly client: Client };
}

let counter = 0;
export const unique = (prefix: string): string =>
  `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export async function seedClinic(repos: Repos, name: string) {
  const clinic = await repos.clinics.create({ name, createdAt: T0 });
  const user = (role: User['role'], email: string) =>
    repos.users.create({
      clinicId: clinic.id,
      email,
      name: `${role} of ${name}`,
      role,
      profession: role === 'practitioner' ? 'massage_therapist' : null,
      disabled: false,
      passwordHash: `argon2id$${email}`,
      createdAt: T0,
    });
  const admin = await user('admin', `${unique('admin')}@example.org`);
  const practitioner = await user('practitioner', `${unique('pract')}@example.org`);
  const client = await repos.clients.create({
    clinicId: clinic.id,
    displayName: `Client of ${name}`,
    birthYear: 1979,
    email: null,
    phone: null,
    createdAt: T0,
  });
  return { clinic, admin, practitioner, client };
}

export async function seedWorld(repos: Repos): Promise<World> {
  const main = await seedClinic(repos, 'Clinique Étoile');
  const other = await seedClinic(repos, 'Other Clinic');
  return { ...main, other: { clinic: other.clinic, practitioner: other.practitioner, client: other.client } };
}

export function newScreening(
  clinicId: string,
  clientId: string,
  userId: string,
  submittedAt = T0,
): Omit<Screening, 'id'> {
  return {
    basedOn: null,
    clinicId,
    clientId,
    moment: 'first_treatment',
    answers: ANSWERS,
    assessment: ASSESSMENT,
    disposition: 'refer',
    kbVersion: '1.2.0',
    kbHash: 'f'.repeat(64),
    submittedBy: { kind: 'user', userId },
    submittedAt,
    validUntil: at(60 * 24 * 30),
  };
}

export function newIntake(clinicId: string, clientId: string, createdBy: string): Omit<Intake, 'id'> {
  return {
    clinicId,
    clientId,
    moment: 'later_treatment',
    tokenHash: unique('intake-hash'),
    createdBy,
    createdAt: T0,
    expiresAt: at(60 * 24),
    usedAt: null,
    screeningId: null,
  };
}

export function event(clinicId: string | null, action: string, minute = 0): AuditEvent {
  return {
    at: at(minute),
    clinicId,
    actor: 'user:someone',
    action,
    resourceType: 'client',
    resourceId: 'c-1',
    outcome: 'success',
    requestId: unique('req'),
    ip: '127.0.0.1',
  };
}

/** Appends one event at a time with a pause between, so that a concurrent writer gets its turns. */
export async function pacedAppends(store: Store, count: number, tag: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    await store.audit.append(event(null, `${tag}${i}`, i));
    await sleep(1);
  }
}
