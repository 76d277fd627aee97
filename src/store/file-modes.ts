/**
 * Files the server keeps (the database, its WAL, backups, keys, checkpoints) are readable by their owner
 * only: 0600, in folders of mode 0700. SQLite gives the -wal and -shm files the mode of the database file,
 * so creating that file 0600 before SQLite opens it covers all three.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Creates the folder (and missing parents) with mode 0700, and narrows an existing one to 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  chmodSync(dir, DIR_MODE);
}

/** Creates an empty file with mode 0600 if it is missing, and narrows an existing one to 0600. */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', FILE_MODE));
  chmodSync(file, FILE_MODE);
}
