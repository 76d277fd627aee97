/**
 * The demo clinic created on an empty database, so a newcomer can log in at once. Passwords are random and
 * saved next to the database (readable by the owner only); `serve` shows them on a terminal only, never in a
 * log (ADR 0013). Nothing secret is in the repo.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Answers } from '../core/index.js';
import type { Role } from '../store/types.js';
import { hashPassword, newToken } from './auth/secrets.js';
import type { AppDeps } from './deps.js';
import { recordScreening } from './services/screenings.js';

export interface DemoCredentials {
  readonly clinic: string;
  readonly users: readonly { email: string; role: Role; password: string }[];
  readonly file: string;
}

const DEMO_USERS: readonly { email: string; name: string; role: Role; profession: string | null }[] = [
  { email: 'admin@demo.neckcheck.test', name: 'Alex Admin', role: 'admin', profession: null },
  {
    email: 'practitioner@demo.neckcheck.test',
    name: 'Dr Pat Physio',
    role: 'practitioner',
    profession: 'physiotherapist',
  },
  { email: 'reception@demo.neckcheck.test', name: 'Robin Reception', role: 'reception', profession: null },
];

const BENIGN: Answers = {
  respondent: 'client',
  moment: 'first_treatment',
  neuro_symptoms: ['none'],
  eye_droop: false,
  headache: false,
  progressive_weakness: false,
  bladder_bowel: false,
  fever: false,
  neck_stiffness_severe: false,
  dizziness: false,
  pulsatile_tinnitus: false,
  recent_neck_strain: ['none'],
  hearing_change: false,
  age: 34,
  sex: 'female',
  pregnancy: 'not_pregnant',
  neck_pain: true,
  neck_pain_onset: 'long_standing',
  neck_pain_night: false,
  neck_pain_worsening: false,
  neck_pain_trend: 'settling',
  no_improvement: false,
  arm_symptoms: 'no_arm',
  myelopathy_symptoms: ['none'],
  instability_symptoms: ['none'],
  treatment_goal: ['neck_pain'],
  trauma: false,
  conditions: ['none'],
  bp_very_high: false,
  weight_loss: false,
  infection_risk: ['none'],
  neck_surgery_recent: false,
  recent_infection: false,
  smoking: false,
  smoking_past: false,
  family_dissection: false,
  local_neck: ['none'],
  medications: ['none'],
  practitioner: 'physiotherapist',
  planned_techniques: ['light_massage', 'mobilisation'],
  self_manipulation_habit: false,
  recent_manipulation: false,
};

/** Creates the demo clinic when the database has no clinic yet; returns its credentials, or undefined. */
export async function seedDemo(deps: AppDeps): Promise<DemoCredentials | undefined> {
  if ((await deps.store.clinics.count()) > 0) return undefined;
  const now = deps.now().toISOString();
  const passwords = DEMO_USERS.map(() => newToken().slice(0, 16));
  const hashes = await Promise.all(passwords.map(hashPassword));
  const clinic = await deps.store.transaction(async (tx) => {
    const created = await tx.clinics.create({ name: 'Demo Clinic', createdAt: now });
    const users = [];
    for (const [i, user] of DEMO_USERS.entries()) {
      users.push(
        await tx.users.create({
          ...user,
          clinicId: created.id,
          disabled: false,
          passwordHash: hashes[i] as string,
          createdAt: now,
        }),
      );
    }
    const practitioner = users[1];
    const clients = [
      { name: 'Demo client — desk worker', answers: BENIGN },
      {
        name: 'Demo client — on blood thinners',
        answers: { ...BENIGN, age: 74, medications: ['anticoagulant'] },
      },
    ];
    for (const demo of clients) {
      const client = await tx.clients.create({
        clinicId: created.id,
        displayName: demo.name,
        birthYear: null,
        email: null,
        phone: null,
        createdAt: now,
      });
      await recordScreening(deps, tx, {
        clinicId: created.id,
        clientId: client.id,
        moment: 'first_treatment',
        answers: demo.answers,
        submittedBy: { kind: 'user', userId: practitioner?.id ?? '' },
      });
    }
    await tx.audit.append({
      at: now,
      clinicId: created.id,
      actor: 'system',
      action: 'demo.seed',
      resourceType: 'clinic',
      resourceId: created.id,
      outcome: 'success',
      requestId: null,
      ip: null,
    });
    return created;
  });
  const users = DEMO_USERS.map((u, i) => ({
    email: u.email,
    role: u.role,
    password: passwords[i] as string,
  }));
  await mkdir(deps.config.dataDir, { recursive: true });
  const file = join(deps.config.dataDir, 'demo-credentials.txt');
  const lines = [
    `NeckCheck demo clinic "${clinic.name}" — created ${now}`,
    ...users.map((u) => `${u.role.padEnd(12)} ${u.email}  ${u.password}`),
    '',
  ];
  await writeFile(file, lines.join('\n'), { mode: 0o600 });
  await chmod(file, 0o600);
  return { clinic: clinic.name, users, file };
}
