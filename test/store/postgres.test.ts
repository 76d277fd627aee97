/** PostgreSQL-specific behaviour: durability refusal, first migration, and two servers starting at once. */
import { afterAll, expect, it, vi } from 'vitest';
import { StoreConfigError } from '../../src/store/errors.js';
import { MIGRATION_NAMES } from '../../src/store/migrations/index.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { connectRaw, createTestDatabase, describePostgres, type TestDatabase } from './pg-helpers.js';

describePostgres('PostgreSQL store', (adminUrl) => {
  const created: TestDatabase[] = [];
  const fresh = async (): Promise<TestDatabase> => {
    const database = await createTestDatabase(adminUrl);
    created.push(database);
    return database;
  };
  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all(created.map((d) => d.drop()));
  });

  it('refuses a server that does not flush commits, unless told it is a throwaway one', async () => {
    const { url } = await fresh();
    vi.stubEnv('NECKCHECK_ALLOW_UNSAFE_PG', '');
    const error = await openPostgresStore(url).catch((e: unknown) => e);
    vi.unstubAllEnvs();
    expect(error).toBeInstanceOf(StoreConfigError);
    expect(String(error)).toMatch(/fsync=off.*synchronous_commit=off.*full_page_writes=off.*not starting/);
    const raw = connectRaw(url);
    try {
      const tables = await raw.introspection.getTables();
      expect(tables.map((t) => t.name)).not.toContain('audit_log');
    } finally {
      await raw.destroy();
    }
  });

  it('migrates an empty database once, even when two servers start together', async () => {
    const { url } = await fresh();
    const [one, two] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    try {
      await one.ping();
      await two.ping();
      const raw = connectRaw(url);
      try {
        const applied = await raw
          .withTables<{ kysely_migration: { name: string } }>()
          .selectFrom('kysely_migration')
          .select('name')
          .execute();
        expect(applied.map((m) => m.name)).toEqual([...MIGRATION_NAMES]);
      } finally {
        await raw.destroy();
      }
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
