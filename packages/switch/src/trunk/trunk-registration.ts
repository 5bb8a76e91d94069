import {
  type AuthValue,
  type ClientTransactionUser,
  createDigestAuthorization,
  isSipUri,
  newCallId,
  newTag,
  parseUri,
  pickChallenge,
  SipRequest,
  type SipResponse,
} from '@hujiao/sip';
import type { SwitchLogger } from '../types.ts';
import { escapeUser } from './trunk-dial.ts';
import type { HostResolver } from './trunk-peers.ts';
import type { TrunkInfo, TrunkRegistrationState, TrunkRegistrationStatus } from './trunk-types.ts';

/** Timers and clock of the registrar (tests inject fakes). */
export interface RegistrarTimers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: RegistrarTimers = {
  now: () => Date.now(),
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface RegistrationDeps {
  /** Sends a REGISTER in a client transaction to `address`:trunk.port over the trunk's transport. */
  send(request: SipRequest, trunk: TrunkInfo, address: string, user: ClientTransactionUser): void;
  /** Our Contact URI for this trunk (user = the trunk's username). */
  contactUri(trunk: TrunkInfo): string;
  resolve: HostResolver;
  timers: RegistrarTimers;
  onChange(status: TrunkRegistrationStatus & { state: TrunkRegistrationState }): void;
  logger: SwitchLogger;
  /** First retry after a failure (default 30 s), doubling up to maxRetryMs (default 10 min). */
  retryBaseMs?: number;
  maxRetryMs?: number;
  /** Refresh at this share of the granted expiry (default 0.85). */
  refreshRatio?: number;
}

/** What one REGISTER asks for. */
interface Attempt {
  expires: number;
  /** Challenges answered in this attempt (a second plain one means wrong credentials). */
  authRounds: number;
  done?: () => void;
}

/**
 * One register trunk's binding at its carrier (RFC 3261 §10.2 as a UAC): one Call-ID and rising CSeq for every
 * REGISTER (§10.2.4), digest answers to 401/407 with the challenge's realm, reused with a rising nonce count on
 * refreshes (RFC 7616 §3.4), refresh at 85 % of the granted expiry, back-off 30 s → 60 s → … → 10 min on failure,
 * Expires: 0 on stop.
 */
export class TrunkRegistration {
  state: TrunkRegistrationState = 'unregistered';
  lastError: string | null = null;
  expiresAt: number | null = null;
  lastOkAt: number | null = null;
  nextAttemptAt: number | null = null;
  private readonly callId = newCallId();
  private readonly fromTag = newTag();
  private cseq = 0;
  private challenge: { value: AuthValue; proxy: boolean; nc: number } | null = null;
  private failures = 0;
  private timer: unknown = null;
  private address: string | null = null;
  private generation = 0;
  private stopped = false;

  constructor(
    readonly trunk: TrunkInfo,
    private readonly deps: RegistrationDeps,
  ) {}

  status(): TrunkRegistrationStatus & { state: TrunkRegistrationState } {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      trunkId: this.trunk.id,
      tenantId: this.trunk.tenantId,
      name: this.trunk.name,
      state: this.state,
      lastError: this.lastError,
      expiresAt: iso(this.expiresAt),
      lastOkAt: iso(this.lastOkAt),
      nextAttemptAt: iso(this.nextAttemptAt),
    };
  }

  start(): void {
    this.stopped = false;
    void this.register({ expires: this.trunk.registerExpiresSec, authRounds: 0 });
  }

  /** Removes the binding (Expires: 0) if there is one; resolves when the carrier answered or after `waitMs`. */
  stop(waitMs = 2000): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    const bound = this.state === 'registered' || (this.expiresAt !== null && this.expiresAt > this.deps.timers.now());
    if (!bound) {
      this.setState('unregistered', null);
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const t = this.deps.timers.set(() => finish(), waitMs);
      const finish = () => {
        this.deps.timers.clear(t);
        this.expiresAt = null;
        this.nextAttemptAt = null;
        this.setState('unregistered', null);
        resolve();
      };
      void this.register({ expires: 0, authRounds: 0, done: finish });
    });
  }

  private get requestUri(): string {
    const t = this.trunk;
    return `sip:${t.host}:${t.port}${t.transport === 'tcp' ? ';transport=tcp' : ''}`;
  }

  private aor(): string {
    const t = this.trunk;
    return `<sip:${escapeUser(t.username ?? '')}@${t.host}>`;
  }

  private build(attempt: Attempt): SipRequest | null {
    const uri = parseUri(this.requestUri);
    if (!uri) return null;
    const req = new SipRequest('REGISTER', uri);
    req.append('max-forwards', '70');
    req.append('from', `${this.aor()};tag=${this.fromTag}`);
    req.append('to', this.aor());
    req.append('call-id', this.callId);
    req.append('cseq', `${++this.cseq} REGISTER`);
    req.append('contact', `<${this.deps.contactUri(this.trunk)}>`);
    req.append('expires', String(attempt.expires));
    const c = this.challenge;
    if (c) {
      c.nc += 1;
      const value = createDigestAuthorization(c.value, {
        username: this.trunk.authUsername || this.trunk.username || '',
        password: this.trunk.password ?? '',
        method: 'REGISTER',
        uri: this.requestUri,
        nc: c.nc,
      });
      req.append(c.proxy ? 'proxy-authorization' : 'authorization', value);
    }
    return req;
  }

  private async register(attempt: Attempt): Promise<void> {
    const generation = ++this.generation;
    this.clearTimer();
    // A refresh keeps showing 'registered' while the binding lasts; a first try or a retry shows 'registering'.
    if (attempt.expires > 0 && this.state !== 'registered') this.setState('registering', this.lastError);
    if (!this.address) {
      try {
        this.address = await this.deps.resolve(this.trunk.host);
      } catch (err) {
        this.failed(`cannot resolve ${this.trunk.host}: ${String(err)}`, attempt);
        return;
      }
    }
    if (generation !== this.generation) return;
    this.send(attempt, generation);
  }

  private send(attempt: Attempt, generation: number): void {
    const req = this.build(attempt);
    const address = this.address;
    if (!req || !address) {
      this.failed(`bad registrar address ${this.requestUri}`, attempt);
      return;
    }
    const nonce = this.challenge?.value.params.get('nonce') ?? null;
    this.deps.send(req, this.trunk, address, {
      onResponse: (res) => {
        if (generation === this.generation) this.onResponse(res, attempt, generation, nonce);
      },
      onTimeout: () => {
        if (generation === this.generation) this.failed('timeout (no answer from the registrar)', attempt);
      },
      onTransportError: (err) => {
        if (generation === this.generation) this.failed(`transport error: ${err.message}`, attempt);
      },
    });
  }

  private onResponse(res: SipResponse, attempt: Attempt, generation: number, sentNonce: string | null): void {
    const status = res.status;
    if (status < 200) return;
    if (status < 300) {
      this.ok(res, attempt);
      return;
    }
    if (status === 401 || status === 407) {
      const proxy = status === 407;
      const value = pickChallenge(res.getAll(proxy ? 'proxy-authenticate' : 'www-authenticate'));
      const stale = value?.params.get('stale')?.toLowerCase() === 'true';
      // Credentials made for a challenge of this attempt refused (and not for staleness): they are wrong. Ones
      // reused from an earlier challenge (a refresh, a retry) get one more try with the new challenge.
      const refused = sentNonce !== null && attempt.authRounds > 0 && !stale;
      if (!value || refused || attempt.authRounds >= 3) {
        this.failed(value ? `${status} authentication failed` : `${status} without a usable digest challenge`, attempt);
        return;
      }
      this.challenge = { value, proxy, nc: 0 };
      attempt.authRounds += 1;
      this.send(attempt, generation);
      return;
    }
    if (status === 423 && attempt.expires > 0) {
      const min = Number(res.get('min-expires'));
      if (Number.isFinite(min) && min > attempt.expires && min <= 86_400) {
        this.send({ ...attempt, expires: min }, generation);
        return;
      }
    }
    this.failed(`${status} ${res.reason}`.trim(), attempt);
  }

  /** The granted expiry: our Contact's expires param in the 200, else its Expires header, else what we asked. */
  private granted(res: SipResponse, asked: number): number {
    const mine = parseUri(this.deps.contactUri(this.trunk));
    const contacts = res.contacts;
    if (mine && isSipUri(mine) && Array.isArray(contacts)) {
      for (const c of contacts) {
        const u = c.uri;
        if (!isSipUri(u) || u.host.toLowerCase() !== mine.host.toLowerCase()) continue;
        if ((u.port ?? 5060) !== (mine.port ?? 5060) || (u.user ?? '') !== (mine.user ?? '')) continue;
        const e = Number(c.params.get('expires'));
        if (Number.isFinite(e) && c.params.has('expires')) return e;
      }
    }
    const header = res.get('expires');
    const e = header === undefined ? Number.NaN : Number(header.trim());
    return Number.isFinite(e) ? e : asked;
  }

  private ok(res: SipResponse, attempt: Attempt): void {
    const now = this.deps.timers.now();
    if (attempt.expires === 0) {
      attempt.done?.();
      return;
    }
    if (this.stopped) return;
    const granted = this.granted(res, attempt.expires);
    if (granted <= 0) {
      this.failed('200 without a binding (expires 0)', attempt);
      return;
    }
    this.failures = 0;
    this.lastOkAt = now;
    this.expiresAt = now + granted * 1000;
    const ratio = this.deps.refreshRatio ?? 0.85;
    const refreshMs = Math.max(1000, Math.floor(granted * 1000 * ratio));
    this.schedule(refreshMs, { expires: this.trunk.registerExpiresSec, authRounds: 0 });
    this.setState('registered', null);
    this.deps.logger.info({ trunkId: this.trunk.id, granted }, 'trunk registered');
  }

  private failed(error: string, attempt: Attempt): void {
    if (attempt.expires === 0) {
      attempt.done?.();
      return;
    }
    if (this.stopped) return;
    const base = this.deps.retryBaseMs ?? 30_000;
    const max = this.deps.maxRetryMs ?? 600_000;
    const delay = Math.min(max, base * 2 ** Math.min(this.failures, 20));
    this.failures += 1;
    // A name may resolve elsewhere next time.
    this.address = null;
    this.schedule(delay, { expires: this.trunk.registerExpiresSec, authRounds: 0 });
    this.setState('failed', error);
    this.deps.logger.warn({ trunkId: this.trunk.id, error, retryInMs: delay }, 'trunk registration failed');
  }

  private schedule(ms: number, attempt: Attempt): void {
    this.clearTimer();
    this.nextAttemptAt = this.deps.timers.now() + ms;
    this.timer = this.deps.timers.set(() => {
      this.timer = null;
      void this.register(attempt);
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.timers.clear(this.timer);
    this.timer = null;
  }

  private setState(state: TrunkRegistrationState, error: string | null): void {
    this.state = state;
    this.lastError = error;
    this.deps.onChange(this.status());
  }
}
