/**
 * Setting up a real clinic without the demo: a clinic and its first admin, and a new one-time password for
 * a user who lost theirs. Both print a one-time password, which must be changed at the first login; both are
 * audited with the actor `cli` (the operator at the server's console).
 */
import { randomInt } from 'node:crypto';
import type { Store } from '../../store/port.js';
import type { Clinic, User } from '../../store/types.js';
import { hashPassword } from '../auth/secrets.js';

export type SetupProblem = 'bad_name' | 'bad_email' | 'clinic_exists' | 'email_exists' | 'no_such_user';

export class ClinicSetupError extends Error {
  readonly problem: SetupProblem;
  constructor(problem: SetupProblem, message: string) {
    super(message);
    this.name = 'ClinicSetupError';
    this.problem = problem;
  }
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password of 20 characters in 4 groups: about 99 bits, easy to type once. */
export function oneTimePassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s.]+$/;

export function normalEmail(email: string): string {
  const normal = email.trim().toLowerCase();
  if (normal.length > 254 || !EMAIL.test(normal))
    throw new ClinicSetupError('bad_email', `"${email}" is not an e-mail address`);
  return normal;
}

function audited(at: string, clinicId: string, action: string, resourceType: string, resourceId: string) {
  return {
    at,
    clinicId,
    actor: 'cli',
    action,
    resourceType,
    resourceId,
    outcome: 'success' as const,
    requestId: null,
    ip: null,
  };
}

export interface ClinicCreated {
  readonly clinic: Clinic;
  readonly admin: User;
  readonly oneTimePassword: string;
}

export async function createClinic(
  store: Store,
  input: {
    readonly name: string;
    readonly adminEmail: string;
    readonly adminName: string;
    readonly now: Date;
  },
): Promise<ClinicCreated> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 120)
    throw new ClinicSetupError('bad_name', 'the clinic name must have 1 to 120 characters');
  const adminName = input.adminName.trim();
  if (adminName.length === 0 || adminName.length > 120)
    throw new ClinicSetupError('bad_name', "the admin's name must have 1 to 120 characters");
  const email = normalEmail(input.adminEmail);
  if ((await store.clinics.findByName(name)) !== undefined)
    throw new ClinicSetupError('clinic_exists', `a clinic named "${name}" already exists`);
  if ((await store.users.findByEmailWithSecret(email)) !== undefined)
    throw new ClinicSetupError('email_exists', `a user with the e-mail ${email} already exists`);
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const at = input.now.toISOString();
  return store.transaction(async (tx) => {
    const clinic = await tx.clinics.create({ name, createdAt: at });
    const admin = await tx.users.create({
      clinicId: clinic.id,
      email,
      name: adminName,
      role: 'admin',
      profession: null,
      disabled: false,
      passwordHash,
      mustChangePassword: true,
      createdAt: at,
    });
    await tx.audit.append(audited(at, clinic.id, 'clinic.create', 'clinic', clinic.id));
    await tx.audit.append(audited(at, clinic.id, 'user.create', 'user', admin.id));
    return { clinic, admin, oneTimePassword: password };
  });
}

/**
 * Gives the user a new one-time password: their sessions end and their account is unlocked (the count of
 * failed attempts they will hear about stays).
 */
export async function resetPassword(
  store: Store,
  input: { readonly email: string; readonly now: Date },
): Promise<{ readonly user: User; readonly oneTimePassword: string }> {
  const email = normalEmail(input.email);
  const found = await store.users.findByEmailWithSecret(email);
  if (found === undefined) throw new ClinicSetupError('no_such_user', `no user has the e-mail ${email}`);
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const at = input.now.toISOString();
  const user = await store.transaction(async (tx) => {
    const updated = await tx.users.update(found.clinicId, found.id, {
      passwordHash,
      mustChangePassword: true,
    });
    await tx.sessions.deleteForUser(found.id);
    const attempts = await tx.loginAttempts.get(email);
    if (attempts !== undefined) await tx.loginAttempts.put({ ...attempts, failures: 0, lockedUntil: null });
    await tx.audit.append(audited(at, found.clinicId, 'user.password_reset', 'user', found.id));
    return updated;
  });
  if (user === undefined) throw new ClinicSetupError('no_such_user', `no user has the e-mail ${email}`);
  return { user, oneTimePassword: password };
}
