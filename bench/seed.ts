/** What the server benchmarks store before they start: a clinic, a practitioner and one client. */
import type { Store } from '../src/store/port.js';
import type { EhrPatientRef } from '../src/store/types.js';

export interface BenchClinic {
  readonly clinicId: string;
  readonly userId: string;
  readonly clientId: string;
}

export async function seedBenchClinic(
  store: Store,
  { ehrPatient = null }: { ehrPatient?: EhrPatientRef | null } = {},
): Promise<BenchClinic> {
  const now = new Date().toISOString();
  const clinic = await store.clinics.create({ name: 'Bench clinic', createdAt: now });
  const user = await store.users.create({
    clinicId: clinic.id,
    email: 'bench@bench.test',
    name: 'Bench',
    role: 'practitioner',
    profession: null,
    disabled: false,
    passwordHash: 'unused',
    createdAt: now,
  });
  const client = await store.clients.create({
    clinicId: clinic.id,
    displayName: 'Bench client',
    birthYear: null,
    email: null,
    phone: null,
    createdAt: now,
    ehrPatient,
  });
  return { clinicId: clinic.id, userId: user.id, clientId: client.id };
}
