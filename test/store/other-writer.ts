/**
 * A second process writing to a SQLite store, for the contract's concurrency test:
 * `node --import tsx other-writer.ts <file> <appends>` prints "ready", then on any input appends
 * (paced, so that the two processes take turns) and exits 0 once everything is committed.
 */
import { openSqliteStore } from '../../src/store/sqlite.js';
import { pacedAppends } from './fixtures.js';

const [file, appends] = process.argv.slice(2);
if (file === undefined || appends === undefined) throw new Error('usage: other-writer.ts <file> <appends>');
const store = await openSqliteStore(file);
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  pacedAppends(store, Number(appends), 'other')
    .then(() => store.close())
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
});
