/**
 * The secret keys of the audit chain, kept outside the database: whoever can edit the database but not
 * read the key cannot recompute the chain after an edit. Every entry records the id of the key that
 * chained it, so keys can be rotated: the current key signs new entries, retired keys still verify old ones.
 *
 * Where keys come from (loadAuditKeyring): NECKCHECK_AUDIT_KEY (64 hex digits) or the file `audit.key` in
 * the audit folder (created with a random key, mode 0600, when missing); retired keys are the files
 * `audit-<id>.key` beside it. Rotating = renaming `audit.key` to `audit-<its id>.key` and restarting.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreConfigError } from './errors.js';
import { ensurePrivateDir, ensurePrivateFile, FILE_MODE } from './file-modes.js';

export interface AuditKey {
  /** 16 hex digits derived from the secret; recorded in every entry the key chains. */
  readonly id: string;
  readonly secret: Buffer;
}

export interface AuditKeyring {
  /** The key that chains new entries; absent when only verifying with retired keys. */
  readonly current: AuditKey | undefined;
  readonly byId: ReadonlyMap<string, AuditKey>;
  /** True for the built-in key of tests and library use: it is public, so it protects nothing. */
  readonly development: boolean;
}

export const CURRENT_KEY_FILE = 'audit.key';
const RETIRED_KEY_FILE = /^audit-([0-9a-f]{16})\.key$/;

export function auditKey(secret: Buffer): AuditKey {
  const id = createHash('sha256')
    .update('neckcheck audit key id\n')
    .update(secret)
    .digest('hex')
    .slice(0, 16);
  return { id, secret };
}

export function keyring(current: AuditKey | undefined, retired: readonly AuditKey[] = []): AuditKeyring {
  const byId = new Map<string, AuditKey>();
  for (const key of [...retired, ...(current === undefined ? [] : [current])]) byId.set(key.id, key);
  return { current, byId, development: false };
}

/** A public key for tests and embedded use without configuration (openStore without a keyring). */
export const DEVELOPMENT_KEYRING: AuditKeyring = {
  ...keyring(auditKey(Buffer.from('neckcheck development audit key: not secret', 'utf8'))),
  development: true,
};

function parseSecret(text: string, where: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64,}$/.test(hex) || hex.length % 2 !== 0)
    throw new StoreConfigError(`${where} must hold at least 64 hexadecimal digits (32 bytes)`);
  return Buffer.from(hex, 'hex');
}

function readKeyFile(file: string): AuditKey {
  return auditKey(parseSecret(readFileSync(file, 'utf8'), file));
}

export interface KeyringSource {
  /** The folder of audit.key, the retired keys and the checkpoint. */
  readonly dir: string;
  /** NECKCHECK_AUDIT_KEY, which takes the place of audit.key. */
  readonly secret?: string | undefined;
  /** Create audit.key when it is missing (the server does; verifying commands do not). */
  readonly create: boolean;
}

export function loadAuditKeyring({ dir, secret, create }: KeyringSource): AuditKeyring {
  const file = join(dir, CURRENT_KEY_FILE);
  if (create) ensurePrivateDir(dir);
  let current: AuditKey | undefined;
  if (secret !== undefined && secret.trim() !== '')
    current = auditKey(parseSecret(secret, 'NECKCHECK_AUDIT_KEY'));
  else if (existsSync(file)) {
    ensurePrivateFile(file);
    current = readKeyFile(file);
  } else if (create) {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: FILE_MODE, flag: 'wx' });
    current = readKeyFile(file);
  }
  const retired = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => RETIRED_KEY_FILE.test(name))
        .map((name) => readKeyFile(join(dir, name)))
    : [];
  return keyring(current, retired);
}
