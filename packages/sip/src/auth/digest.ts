import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type AuthValue, parseAuthValue, serializeAuthValue } from './auth-header.ts';

export const DigestAlgorithm = {
  Md5: 'MD5',
  Md5Sess: 'MD5-sess',
  Sha256: 'SHA-256',
  Sha256Sess: 'SHA-256-sess',
  Sha512256: 'SHA-512-256',
  Sha512256Sess: 'SHA-512-256-sess',
} as const;
export type DigestAlgorithm = (typeof DigestAlgorithm)[keyof typeof DigestAlgorithm];

const HASHES: Readonly<Record<string, string>> = {
  md5: 'md5',
  'sha-256': 'sha256',
  'sha-512-256': 'sha512-256',
};

/** Node hash name for a digest algorithm (RFC 7616 §3.2, RFC 8760 §2.3), or null if unsupported. */
export function hashName(algorithm: string): string | null {
  const base = algorithm.toLowerCase().replace(SESS, '');
  return HASHES[base] ?? null;
}

const SESS = /-sess$/;

export function digestHash(algorithm: string, data: string): string {
  const name = hashName(algorithm);
  if (!name) throw new Error(`unsupported digest algorithm ${algorithm}`);
  // crypto.hash (Node >= 20.12; engines asks for 20.19) hashes without making a Hash object: half the cost.
  return hash(name, data, 'hex');
}

export interface DigestInput {
  algorithm: string;
  username: string;
  realm: string;
  /** Either the password or a precomputed H(username:realm:password) for the same algorithm. */
  password?: string;
  ha1?: string;
  method: string;
  uri: string;
  nonce: string;
  qop?: 'auth' | 'auth-int';
  nc?: string;
  cnonce?: string;
  body?: Buffer;
}

/** request-digest (RFC 7616 §3.4.1, RFC 2617 §3.2.2.1). */
export function computeDigestResponse(input: DigestInput): string {
  const alg = input.algorithm;
  const H = (s: string): string => digestHash(alg, s);
  let ha1 = input.ha1 ?? H(`${input.username}:${input.realm}:${input.password ?? ''}`);
  if (SESS.test(alg)) ha1 = H(`${ha1}:${input.nonce}:${input.cnonce ?? ''}`);
  const a2 =
    input.qop === 'auth-int'
      ? `${input.method}:${input.uri}:${digestHashBytes(alg, input.body ?? Buffer.alloc(0))}`
      : `${input.method}:${input.uri}`;
  const ha2 = H(a2);
  if (!input.qop) return H(`${ha1}:${input.nonce}:${ha2}`);
  return H(`${ha1}:${input.nonce}:${input.nc ?? '00000001'}:${input.cnonce ?? ''}:${input.qop}:${ha2}`);
}

function digestHashBytes(algorithm: string, data: Buffer): string {
  return createHash(hashName(algorithm) ?? 'md5')
    .update(data)
    .digest('hex');
}

/** Constant-time comparison of two hex/text strings. */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

const PREFERENCE = ['SHA-512-256', 'SHA-256', 'MD5'];

/** Picks the strongest supported Digest challenge among WWW-/Proxy-Authenticate values (RFC 8760 §2.4). */
export function pickChallenge(values: readonly string[]): AuthValue | null {
  let best: AuthValue | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const v of values) {
    const c = parseAuthValue(v);
    if (c?.scheme.toLowerCase() !== 'digest') continue;
    const alg = (c.params.get('algorithm') ?? 'MD5').toUpperCase().replace('-SESS', '');
    const rank = PREFERENCE.indexOf(alg);
    if (rank >= 0 && rank < bestRank) {
      best = c;
      bestRank = rank;
    }
  }
  return best;
}

export interface ClientCredentials {
  username: string;
  password: string;
  method: string;
  /** The Request-URI as sent. */
  uri: string;
  body?: Buffer;
  /** Nonce count, default 1. */
  nc?: number;
  cnonce?: string;
}

/** Authorization / Proxy-Authorization value answering a challenge (RFC 3261 §22.2, RFC 7616 §3.4). */
export function createDigestAuthorization(challenge: AuthValue, creds: ClientCredentials): string {
  const realm = challenge.params.get('realm') ?? '';
  const nonce = challenge.params.get('nonce') ?? '';
  const algorithm = challenge.params.get('algorithm') ?? 'MD5';
  const offered = (challenge.params.get('qop') ?? '').split(',').map((q) => q.trim());
  const qop = offered.includes('auth') ? 'auth' : offered.includes('auth-int') ? 'auth-int' : undefined;
  const nc = (creds.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = creds.cnonce ?? randomBytes(12).toString('base64url');
  const response = computeDigestResponse({
    algorithm,
    username: creds.username,
    realm,
    password: creds.password,
    method: creds.method,
    uri: creds.uri,
    nonce,
    ...(qop ? { qop, nc, cnonce } : {}),
    ...(creds.body ? { body: creds.body } : {}),
  });
  const params = new Map<string, string>([
    ['username', creds.username],
    ['realm', realm],
    ['nonce', nonce],
    ['uri', creds.uri],
    ['response', response],
    ['algorithm', algorithm],
  ]);
  const opaque = challenge.params.get('opaque');
  if (opaque !== undefined) params.set('opaque', opaque);
  if (qop) {
    params.set('qop', qop);
    params.set('nc', nc);
    params.set('cnonce', cnonce);
  }
  return serializeAuthValue({ scheme: 'Digest', params });
}
