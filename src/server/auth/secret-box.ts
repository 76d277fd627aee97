/**
 * Encrypts credential data kept in the database (TOTP secrets) with a key kept outside it: AES-256-GCM,
 * bound to what it protects (the additional data names the user), so a row copied onto another user or a
 * stolen database alone reveals nothing. The key is NECKCHECK_SECRET_KEY, or else a file in the data folder
 * created on first use (0600 in a 0700 folder). See docs/adr/0014-two-factor-and-api-tokens.md.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerConfig } from '../config.js';
import { parseKey } from '../config.js';

export const SECRET_KEY_FILE = 'secret.key';
const VERSION = 'v1';

export interface SecretBox {
  seal(plain: string, context: string): string;
  /** The plain text, or undefined when the sealed text is damaged or was sealed with another key. */
  open(sealed: string, context: string): string | undefined;
}

async function keyFile(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, SECRET_KEY_FILE);
  try {
    return parseKey(await readFile(path, 'utf8'), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another instance sharing the folder created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await chmod(path, 0o600);
  return parseKey(await readFile(path, 'utf8'), path);
}

function boxWith(key: Buffer): SecretBox {
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv, body, cipher.getAuthTag()]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== VERSION || iv === undefined || body === undefined || tag === undefined)
        return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return undefined;
      }
    },
  };
}

const boxes = new WeakMap<ServerConfig, Promise<SecretBox>>();

/** The server's box, made once per configuration. */
export function secretBox(config: ServerConfig): Promise<SecretBox> {
  let box = boxes.get(config);
  if (box === undefined) {
    box = (
      config.secretKey === undefined
        ? keyFile(config.dataDir)
        : Promise.resolve(parseKey(config.secretKey, 'NECKCHECK_SECRET_KEY'))
    ).then(boxWith);
    boxes.set(config, box);
  }
  return box;
}
