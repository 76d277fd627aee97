/**
 * The storage contract on PostgreSQL, on NECKCHECK_TEST_PG_URL's server: every test gets a fresh database,
 * a copy of one migrated when this file starts, and it is dropped after.
 */
import { afterAll } from 'vitest';
import { migrateToLatest } from '../../src/store/migrations/index.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { storeContract } from './contract.js';
import { event } from './fixtures.js';
import type { TestDatabase } from './pg-helpers.js';
import { connectRaw, createTestDatabase, databaseSupply, describePostgres } from './pg-helpers.js';

describePostgres('PostgreSQL', (adminUrl) => {
  let template: Promise<TestDatabase> | undefined;
  const migratedTemplate = (): Promise<TestDatabase> => {
    template ??= createTestDatabase(adminUrl).then(async (database) => {
      await (await openPostgresStore(database.url)).close();
      return database;
    });
    return template;
  };
  const databases = databaseSupply(adminUrl, migratedTemplate);
  afterAll(async () => {
    await databases.dispose();
    await (await template)?.drop();
  });

  storeContract('PostgreSQL', async () => {
    const database = await databases.take();
    const store = await openPostgresStore(database.url);
    const raw = connectRaw(database.url);
    return {
      store,
      raw,
      async otherWriter(appends) {
        const other = await openPostgresStore(database.url);
        return {
          async go() {
            try {
              await Promise.all(
                Array.from({ length: appends }, (_, i) => other.audit.append(event(null, `other${i}`, i))),
              );
            } finally {
              await other.close();
            }
          },
        };
      },
      migrate: () => migrateToLatest(raw),
      async cleanup() {
        await Promise.all([store.close(), raw.destroy()]);
        databases.release(database);
      },
    };
  });
});
