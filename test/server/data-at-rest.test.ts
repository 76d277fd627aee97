/**
 * Data at rest on SQLite: erased client data is readable neither in the database's free pages nor in the
 * WAL (secure_delete and a checkpoint after the erasure), and the files are the owner's only (0600 in 0700).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteConnectionOf } from '../../src/store/sqlite.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

let h: Harness;
let file: string;
beforeAll(async () => {
  h = await startHarness();
  file = sqliteConnectionOf(h.store).name;
});
afterAll(async () => h.close());

const NAME = 'Zebulon Quillfeather-Erasmus';
const EMAIL = 'zebulon.quillfeather@example.test';

function filesContain(text: string): string[] {
  return [file, `${file}-wal`]
    .filter((path) => existsSync(path) && readFileSync(path).includes(Buffer.from(text, 'utf8')))
    .map((path) => path.slice(dirname(file).length + 1));
}

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe('erasure on SQLite', () => {
  it('leaves the erased name and e-mail in neither the database file nor its WAL', async () => {
    const created = await h.call(h.a.practitioner, 'POST', '/api/v1/clients', {
      displayName: NAME,
      email: EMAIL,
      birthYear: 1970,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = json<{ id: string }>(created);
    const renamed = await h.call(h.a.practitioner, 'PATCH', `/api/v1/clients/${id}`, {
      displayName: `${NAME} Jr`,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(filesContain(NAME).length).toBeGreaterThan(0);

    const erased = await h.call(h.a.admin, 'DELETE', `/api/v1/clients/${id}`);
    expect(erased.statusCode, erased.body).toBe(204);
    expect(filesContain(NAME)).toEqual([]);
    expect(filesContain(EMAIL)).toEqual([]);
  });
});

describe('file modes', () => {
  it('keeps the database, its WAL and shared memory 0600 in a 0700 folder', () => {
    expect(mode(dirname(file))).toBe('700');
    for (const path of [file, `${file}-wal`, `${file}-shm`])
      expect([path, mode(path)]).toEqual([path, '600']);
  });
});
