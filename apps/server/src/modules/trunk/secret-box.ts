import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Encrypts secrets the server must give back in clear (a trunk's REGISTER password), AES-256-GCM (ADR 0011). */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

const VERSION = 'v1';

/** A box over a 32-byte key. Sealed form: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function secretBox(key: () => Buffer): SecretBox {
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key(), iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), data]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * The key file `<dataDir>/secret.key` (32 random bytes, hex, mode 0600), made on first use: away from the
 * database, so a dump or a PostgreSQL backup alone does not reveal the secrets.
 */
export function fileKey(dataDir: string): () => Buffer {
  let key: Buffer | undefined;
  return () => {
    if (key) return key;
    const file = path.join(dataDir, 'secret.key');
    try {
      key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      mkdirSync(dataDir, { recursive: true });
      const fresh = randomBytes(32);
      try {
        // 'wx': two servers starting on one data directory must not overwrite each other's key.
        writeFileSync(file, `${fresh.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
        key = fresh;
      } catch (writeErr) {
        if ((writeErr as NodeJS.ErrnoException).code !== 'EEXIST') throw writeErr;
        key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
      }
    }
    if (key.length !== 32) throw new Error(`${file} must hold 32 bytes as hex`);
    return key;
  };
}
