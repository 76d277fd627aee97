/** Which driver errors mean "the database cannot serve right now" (503) rather than a bad request or a bug. */
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/store/errors.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['SQLite disk full', coded('SQLITE_FULL')],
    ['SQLite I/O error', coded('SQLITE_IOERR_WRITE')],
    ['SQLite busy after the timeout', coded('SQLITE_BUSY')],
    ['SQLite read-only file system', coded('SQLITE_READONLY')],
    ['PostgreSQL shutting down', coded('57P01')],
    ['PostgreSQL starting up', coded('57P03')],
    ['PostgreSQL disk full', coded('53100')],
    ['PostgreSQL connection failure', coded('08006')],
    ['connection refused', coded('ECONNREFUSED')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a wrapped cause', new Error('migration failed', { cause: coded('ECONNRESET') })],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', coded('23505')],
    ['a SQLite constraint', coded('SQLITE_CONSTRAINT_UNIQUE')],
    ['a syntax error', coded('42601')],
    ['a plain bug', new TypeError('undefined is not a function')],
    ['not an error', 'SQLITE_FULL'],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
