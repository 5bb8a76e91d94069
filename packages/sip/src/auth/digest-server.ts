import { createHmac } from 'node:crypto';
import { randomToken } from '../message/ids.ts';
import type { SipRequest, SipResponse } from '../message/message.ts';
import { createResponse } from '../message/response.ts';
import { serializeUri } from '../message/uri.ts';
import { parseAuthValue, serializeAuthValue } from './auth-header.ts';
import { computeDigestResponse, hashName, safeEqual } from './digest.ts';

/** What the server knows about a user: the password, or H(username:realm:password) per algorithm. */
export type DigestSecret = { password: string } | { ha1: Readonly<Record<string, string>> };

export interface DigestServerOptions {
  realm: string;
  /** Key for the HMAC that signs nonces and opaque, so no nonce state is kept (≥ 32 random bytes). */
  secret: Buffer;
  /** Algorithms offered, in preference order (RFC 8760 §2.4); default SHA-256 then MD5. */
  algorithms?: readonly string[];
  /** Nonce lifetime, default 5 minutes; older nonces get stale=true. */
  nonceTtlMs?: number;
  /** Also require the credentials' uri to equal the Request-URI (RFC 2617 §3.2.2.5), default true. */
  checkUri?: boolean;
  now?: () => number;
}

/** Nonces remembered as issued by this server (their signature need not be checked again). */
const ISSUED_KEPT = 4096;
const NONCE_SLOT = 'NONCE-SLOT-7f3a';

export const DigestVerdict = {
  Ok: 'ok',
  /** No credentials for this realm: challenge. */
  Missing: 'missing',
  /** Valid signature but expired nonce: challenge with stale=true (RFC 7616 §3.3). */
  Stale: 'stale',
  /** Wrong password, malformed or forged credentials: challenge again (or 403). */
  Invalid: 'invalid',
  UnknownUser: 'unknown-user',
} as const;
export type DigestVerdict = (typeof DigestVerdict)[keyof typeof DigestVerdict];

export interface DigestResult {
  verdict: DigestVerdict;
  username?: string;
}

/**
 * Stateless Digest server side (RFC 3261 §22, RFC 7616, RFC 8760). Nonces carry their creation time and a
 * random part, signed with HMAC-SHA-256; they are verified without server state, so a nonce can be replayed
 * within its lifetime (nonce-count is not tracked).
 */
export class DigestServer {
  private readonly algorithms: readonly string[];
  private readonly ttl: number;
  private readonly now: () => number;
  private readonly opaque: string;
  private readonly issued = new Set<string>();
  private freshTemplates: Array<[string, string]> | undefined;
  private staleTemplates: Array<[string, string]> | undefined;

  constructor(private readonly options: DigestServerOptions) {
    this.algorithms = options.algorithms ?? ['SHA-256', 'MD5'];
    for (const a of this.algorithms) if (!hashName(a)) throw new Error(`unsupported algorithm ${a}`);
    this.ttl = options.nonceTtlMs ?? 300_000;
    this.now = options.now ?? Date.now;
    this.opaque = this.sign('opaque').slice(0, 22);
  }

  private sign(data: string): string {
    return createHmac('sha256', this.options.secret).update(`${this.options.realm}|${data}`).digest('base64url');
  }

  createNonce(): string {
    const body = `${this.now().toString(36)}.${randomToken(9)}`;
    const nonce = `${body}.${this.sign(body).slice(0, 22)}`;
    // Most nonces come back within seconds: remembering the last ones saves recomputing their HMAC.
    if (this.issued.size >= ISSUED_KEPT) this.issued.delete(this.issued.keys().next().value as string);
    this.issued.add(nonce);
    return nonce;
  }

  /** 'ok', 'stale' or 'invalid' for a nonce this server issued. */
  checkNonce(nonce: string): 'ok' | 'stale' | 'invalid' {
    const last = nonce.lastIndexOf('.');
    if (last <= 0) return 'invalid';
    const body = nonce.slice(0, last);
    if (!this.issued.has(nonce) && !safeEqual(nonce.slice(last + 1), this.sign(body).slice(0, 22))) return 'invalid';
    const created = Number.parseInt(body.slice(0, body.indexOf('.')), 36);
    if (!Number.isFinite(created)) return 'invalid';
    const age = this.now() - created;
    return age < 0 || age > this.ttl ? 'stale' : 'ok';
  }

  /** WWW-Authenticate / Proxy-Authenticate values, one per algorithm (RFC 8760 §2.4). */
  challenges(stale = false): string[] {
    const nonce = this.createNonce();
    if (!this.freshTemplates) this.freshTemplates = this.templates(false);
    if (stale && !this.staleTemplates) this.staleTemplates = this.templates(true);
    const templates = (stale ? this.staleTemplates : this.freshTemplates) ?? [];
    return templates.map(([before, after]) => before + nonce + after);
  }

  // The challenge values differ only in their nonce: serialized once around a placeholder, then filled in.
  private templates(stale: boolean): Array<[string, string]> {
    return this.algorithms.map((algorithm) => {
      const params = new Map<string, string>([
        ['realm', this.options.realm],
        ['nonce', NONCE_SLOT],
        ['opaque', this.opaque],
        ['algorithm', algorithm],
        ['qop', 'auth'],
      ]);
      if (stale) params.set('stale', 'true');
      const text = serializeAuthValue({ scheme: 'Digest', params }, true);
      const at = text.indexOf(NONCE_SLOT);
      return [text.slice(0, at), text.slice(at + NONCE_SLOT.length)];
    });
  }

  /** 401 with WWW-Authenticate, or 407 with Proxy-Authenticate when `proxy` (RFC 3261 §22.1, §22.3). */
  challengeResponse(
    request: SipRequest,
    options: { proxy?: boolean; stale?: boolean; toTag?: string } = {},
  ): SipResponse {
    const name = options.proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    const headers = this.challenges(options.stale).map((v) => [name, v] as const);
    return createResponse(request, options.proxy ? 407 : 401, {
      headers,
      ...(options.toTag ? { toTag: options.toTag } : {}),
    });
  }

  /** Verifies the Authorization (or Proxy-Authorization) credentials of a request for this realm. */
  async verify(
    request: SipRequest,
    lookup: (username: string, realm: string) => Promise<DigestSecret | null> | DigestSecret | null,
    options: { proxy?: boolean } = {},
  ): Promise<DigestResult> {
    const header = options.proxy ? 'proxy-authorization' : 'authorization';
    const creds = request
      .getAll(header)
      .map(parseAuthValue)
      .find((c) => c?.scheme.toLowerCase() === 'digest' && c.params.get('realm') === this.options.realm);
    if (!creds) return { verdict: DigestVerdict.Missing };
    const p = creds.params;
    const username = p.get('username');
    const nonce = p.get('nonce');
    const uri = p.get('uri');
    const response = p.get('response');
    const algorithm = p.get('algorithm') ?? 'MD5';
    const qop = p.get('qop');
    if (!username || !nonce || !uri || !response) return { verdict: DigestVerdict.Invalid };
    if (!this.algorithms.some((a) => a.toLowerCase() === algorithm.toLowerCase()))
      return { verdict: DigestVerdict.Invalid };
    if (qop !== 'auth' || !p.get('nc') || !p.get('cnonce')) return { verdict: DigestVerdict.Invalid, username };
    const opaque = p.get('opaque');
    if (opaque !== undefined && !safeEqual(opaque, this.opaque)) return { verdict: DigestVerdict.Invalid, username };
    if (this.options.checkUri !== false && uri !== serializeUri(request.uri)) {
      return { verdict: DigestVerdict.Invalid, username };
    }
    const nonceState = this.checkNonce(nonce);
    if (nonceState === 'invalid') return { verdict: DigestVerdict.Invalid, username };
    const secret = await lookup(username, this.options.realm);
    if (!secret) return { verdict: DigestVerdict.UnknownUser, username };
    const ha1 = 'ha1' in secret ? secret.ha1[algorithm.toUpperCase()] : undefined;
    if ('ha1' in secret && !ha1) return { verdict: DigestVerdict.Invalid, username };
    const expected = computeDigestResponse({
      algorithm,
      username,
      realm: this.options.realm,
      ...('password' in secret ? { password: secret.password } : {}),
      ...(ha1 ? { ha1 } : {}),
      method: request.method,
      uri,
      nonce,
      qop: 'auth',
      nc: p.get('nc') ?? '',
      cnonce: p.get('cnonce') ?? '',
    });
    if (!safeEqual(expected, response.toLowerCase())) return { verdict: DigestVerdict.Invalid, username };
    // A correct answer to an expired nonce asks the client to retry with a fresh one (RFC 7616 §3.3 stale).
    if (nonceState === 'stale') return { verdict: DigestVerdict.Stale, username };
    return { verdict: DigestVerdict.Ok, username };
  }
}
