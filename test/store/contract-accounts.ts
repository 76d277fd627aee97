/** Contract: clinics, users, sessions and API tokens, each also seen from a second clinic. */
import { describe, expect, it } from 'vitest';
import { StoreConstraintError } from '../../src/store/errors.js';
import { at, seedWorld, T0, unique } from './fixtures.js';
import type { CurrentTarget } from './target.js';

export function accountsContract(current: CurrentTarget): void {
  describe('clinics', () => {
    it('creates, gets and counts clinics', async () => {
      const { store } = current();
      expect(await store.clinics.count()).toBe(0);
      const clinic = await store.clinics.create({ name: 'Cabinet Hélène', createdAt: T0 });
      expect(clinic).toEqual({ id: expect.any(String), name: 'Cabinet Hélène', createdAt: T0 });
      expect(await store.clinics.get(clinic.id)).toEqual(clinic);
      expect(await store.clinics.findByName('  cabinet HÉLÈNE ')).toEqual(clinic);
      expect(await store.clinics.findByName('Cabinet Hélène ')).toEqual(clinic);
      expect(await store.clinics.findByName('Cabinet')).toBeUndefined();
      expect(await store.clinics.get('no-such-clinic')).toBeUndefined();
      await store.clinics.create({ name: 'Second', createdAt: T0 });
      expect(await store.clinics.count()).toBe(2);
    });
  });

  describe('users', () => {
    it('creates, gets, lists and finds users by email, case-insensitively', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const user = await store.users.create({
        clinicId: w.clinic.id,
        email: 'Anna.Muller@Example.ORG',
        name: 'Anna Müller',
        role: 'reception',
        profession: null,
        disabled: false,
        passwordHash: 'argon2id$secret',
        createdAt: at(1),
      });
      expect(user).toEqual({
        id: expect.any(String),
        clinicId: w.clinic.id,
        email: 'anna.muller@example.org',
        name: 'Anna Müller',
        role: 'reception',
        profession: null,
        disabled: false,
        mustChangePassword: false,
        clinicalLead: false,
        createdAt: at(1),
      });
      expect(user).not.toHaveProperty('passwordHash');
      expect(await store.users.get(w.clinic.id, user.id)).toEqual(user);
      expect(await store.users.findByEmailWithSecret('ANNA.muller@example.org')).toEqual({
        ...user,
        passwordHash: 'argon2id$secret',
      });
      expect(await store.users.findByEmailWithSecret('nobody@example.org')).toBeUndefined();
      expect((await store.users.list(w.clinic.id)).map((u) => u.id).sort()).toEqual(
        [w.admin.id, w.practitioner.id, user.id].sort(),
      );
    });

    it('keeps whether a user must change a one-time password, and changes it in their clinic only', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const user = await store.users.create({
        clinicId: w.clinic.id,
        email: unique('otp@example.org'),
        name: 'One Time',
        role: 'practitioner',
        profession: null,
        disabled: false,
        passwordHash: 'h',
        mustChangePassword: true,
        createdAt: at(1),
      });
      expect(user.mustChangePassword).toBe(true);
      expect(
        await store.users.update(w.other.clinic.id, user.id, { mustChangePassword: false }),
      ).toBeUndefined();
      expect(
        (await store.users.update(w.clinic.id, user.id, { mustChangePassword: false }))?.mustChangePassword,
      ).toBe(false);
    });

    it('keeps emails unique across clinics, whatever their case', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const again = {
        ...w.admin,
        email: w.admin.email.toUpperCase(),
        passwordHash: 'x',
        clinicId: w.other.clinic.id,
      };
      const { id: _id, ...newUser } = again;
      const error = await store.users.create(newUser).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreConstraintError);
      expect(error).toMatchObject({ kind: 'unique' });
      expect(await store.users.list(w.other.clinic.id)).toHaveLength(2);
    });

    it('updates only the fields given, and only in the user’s clinic', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const updated = await store.users.update(w.clinic.id, w.practitioner.id, {
        name: 'Dr Ödön',
        disabled: true,
        passwordHash: 'argon2id$new',
      });
      expect(updated).toEqual({ ...w.practitioner, name: 'Dr Ödön', disabled: true });
      expect((await store.users.findByEmailWithSecret(w.practitioner.email))?.passwordHash).toBe(
        'argon2id$new',
      );
      expect(await store.users.update(w.clinic.id, w.practitioner.id, {})).toEqual(updated);
      expect(
        await store.users.update(w.clinic.id, w.practitioner.id, { profession: null, role: 'admin' }),
      ).toEqual({
        ...updated,
        profession: null,
        role: 'admin',
      });

      expect(await store.users.get(w.other.clinic.id, w.practitioner.id)).toBeUndefined();
      expect(await store.users.list(w.other.clinic.id)).not.toContainEqual(
        expect.objectContaining({ id: w.admin.id }),
      );
      expect(await store.users.update(w.other.clinic.id, w.admin.id, { name: 'hijacked' })).toBeUndefined();
      expect(await store.users.update(w.other.clinic.id, w.admin.id, {})).toBeUndefined();
      expect((await store.users.get(w.clinic.id, w.admin.id))?.name).toBe(w.admin.name);
    });
  });

  describe('sessions', () => {
    it('creates, gets, touches and deletes sessions', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const session = {
        tokenHash: unique('session'),
        userId: w.admin.id,
        clinicId: w.clinic.id,
        createdAt: T0,
        lastSeenAt: T0,
        expiresAt: at(30),
      };
      await store.sessions.create(session);
      expect(await store.sessions.get(session.tokenHash)).toEqual(session);
      await store.sessions.touch(session.tokenHash, at(10), at(40));
      expect(await store.sessions.get(session.tokenHash)).toEqual({
        ...session,
        lastSeenAt: at(10),
        expiresAt: at(40),
      });
      await expect(store.sessions.create(session)).rejects.toMatchObject({ kind: 'unique' });
      await store.sessions.delete(session.tokenHash);
      expect(await store.sessions.get(session.tokenHash)).toBeUndefined();
      await store.sessions.touch(session.tokenHash, at(10), at(40));
      expect(await store.sessions.get(session.tokenHash)).toBeUndefined();
    });

    it('deletes a user’s sessions and the expired ones', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const open = (userId: string, clinicId: string, expiresAt: string) =>
        store.sessions.create({
          tokenHash: unique('s'),
          userId,
          clinicId,
          createdAt: T0,
          lastSeenAt: T0,
          expiresAt,
        });
      await open(w.admin.id, w.clinic.id, at(5));
      await open(w.admin.id, w.clinic.id, at(50));
      await open(w.practitioner.id, w.clinic.id, at(10));
      await open(w.other.practitioner.id, w.other.clinic.id, at(100));
      expect(await store.sessions.deleteExpired(at(10))).toBe(2);
      expect(await store.sessions.deleteForUser(w.admin.id)).toBe(1);
      expect(await store.sessions.deleteForUser(w.admin.id)).toBe(0);
      expect(await store.sessions.deleteExpired(at(99))).toBe(0);
    });

    it('ends all of a user’s sessions but the one kept', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const kept = unique('s');
      const other = unique('s');
      for (const tokenHash of [kept, other])
        await store.sessions.create({
          tokenHash,
          userId: w.admin.id,
          clinicId: w.clinic.id,
          createdAt: T0,
          lastSeenAt: T0,
          expiresAt: at(50),
        });
      expect(await store.sessions.deleteForUser(w.admin.id, kept)).toBe(1);
      expect(await store.sessions.get(kept)).toBeDefined();
      expect(await store.sessions.get(other)).toBeUndefined();
    });

    it('refuses a session whose user belongs to another clinic', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const session = { tokenHash: unique('s'), userId: w.admin.id, clinicId: w.other.clinic.id };
      await expect(
        store.sessions.create({ ...session, createdAt: T0, lastSeenAt: T0, expiresAt: at(1) }),
      ).rejects.toMatchObject({ kind: 'reference' });
    });
  });

  describe('API tokens', () => {
    it('creates, finds, lists and revokes tokens, once, in their clinic only', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const token = await store.apiTokens.create({
        clinicId: w.clinic.id,
        name: 'EHR',
        role: 'practitioner',
        tokenHash: unique('token'),
        createdBy: w.admin.id,
        createdAt: T0,
        revokedAt: null,
        expiresAt: '2100-01-01T00:00:00.000Z',
      });
      expect(await store.apiTokens.findByHash(token.tokenHash)).toEqual(token);
      expect(await store.apiTokens.list(w.clinic.id)).toEqual([token]);
      expect(await store.apiTokens.list(w.other.clinic.id)).toEqual([]);
      expect(await store.apiTokens.revoke(w.other.clinic.id, token.id, at(1))).toBe(false);
      expect((await store.apiTokens.findByHash(token.tokenHash))?.revokedAt).toBeNull();
      expect(await store.apiTokens.revoke(w.clinic.id, token.id, at(2))).toBe(true);
      expect(await store.apiTokens.revoke(w.clinic.id, token.id, at(3))).toBe(false);
      expect((await store.apiTokens.findByHash(token.tokenHash))?.revokedAt).toBe(at(2));
      const { id: _id, ...copy } = token;
      await expect(store.apiTokens.create({ ...copy, revokedAt: null })).rejects.toMatchObject({
        kind: 'unique',
      });
    });
  });
}
