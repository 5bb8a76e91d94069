import { randomBytes } from 'node:crypto';
import { BRANCH_MAGIC_COOKIE } from './via.ts';

const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/** `n` random octets as base64url text, from a pool refilled 4 KiB at a time (one randomBytes call each was costly). */
export function randomToken(n: number): string {
  if (offset + n > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const s = pool.toString('base64url', offset, offset + n);
  offset += n;
  return s;
}

/** A branch parameter that starts with the magic cookie (RFC 3261 §8.1.1.7). */
export function newBranch(): string {
  return BRANCH_MAGIC_COOKIE + randomToken(12);
}

/** A From/To tag with at least 32 bits of randomness (RFC 3261 §19.3). */
export function newTag(): string {
  return randomToken(9);
}

export function newCallId(host?: string): string {
  return host ? `${randomToken(15)}@${host}` : randomToken(18);
}
