import { type ClientTransactionUser, newCallId, newTag, parseUri, SipRequest } from '@hujiao/sip';
import type { SwitchLogger } from '../types.ts';
import type { HostResolver } from './trunk-peers.ts';
import type { RegistrarTimers } from './trunk-registration.ts';
import type { TrunkDirectory, TrunkInfo, TrunkPeerState, TrunkRegistrationStatus } from './trunk-types.ts';

/** Seconds between two OPTIONS to an IP trunk's peer when the switch is not told otherwise. */
export const DEFAULT_TRUNK_KEEPALIVE_SEC = 30;

/**
 * Whether a final response to our OPTIONS shows the peer up (ADR 0009, "IP-trunk keep-alive"): any final
 * response does — the peer's SIP stack answered (RFC 3261 §11.2: 200 with capabilities, but a carrier that
 * refuses OPTIONS with 403/404/405 is still there) — except 408 (Request Timeout: the peer, or what it forwards
 * to, did not answer) and 503 (Service Unavailable: overloaded or in maintenance, RFC 3261 §21.5.4; it would
 * refuse our calls too).
 */
export function peerAnswered(status: number): boolean {
  return status >= 200 && status !== 408 && status !== 503;
}

export interface KeepaliveDeps {
  /** Sends a request in a client transaction to `address`:trunk.port over the trunk's transport. */
  send(request: SipRequest, trunk: TrunkInfo, address: string, user: ClientTransactionUser): void;
  /** Our URI (From and Contact) towards this trunk. */
  localUri(trunk: TrunkInfo): string;
  resolve: HostResolver;
  timers: RegistrarTimers;
  /** Time from one probe's outcome to the next OPTIONS. */
  intervalMs: number;
  /** Called when the state (or its error) changes. */
  onChange(status: TrunkRegistrationStatus): void;
  logger: SwitchLogger;
}

/**
 * One IP trunk's keep-alive (RFC 3261 §11.1 as a UAC): an OPTIONS outside any dialog to the peer's host:port,
 * a new Call-ID each (as Kamailio's dispatcher and Asterisk's qualify do), a rising CSeq; online on a final response that `peerAnswered`, offline on 408/503, the
 * transaction's timeout (Timer F, 64×T1), a transport error or a name that does not resolve. The next OPTIONS
 * goes `intervalMs` after the outcome, so probes never overlap. No state until the first outcome.
 */
export class TrunkKeepalive {
  state: TrunkPeerState | null = null;
  lastError: string | null = null;
  lastOkAt: number | null = null;
  nextAttemptAt: number | null = null;
  private readonly fromTag = newTag();
  private cseq = 0;
  private timer: unknown = null;
  private generation = 0;
  private stopped = false;

  constructor(
    readonly trunk: TrunkInfo,
    private readonly deps: KeepaliveDeps,
  ) {}

  status(): TrunkRegistrationStatus | null {
    if (this.state === null) return null;
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      trunkId: this.trunk.id,
      tenantId: this.trunk.tenantId,
      name: this.trunk.name,
      state: this.state,
      lastError: this.lastError,
      expiresAt: null,
      lastOkAt: iso(this.lastOkAt),
      nextAttemptAt: iso(this.nextAttemptAt),
    };
  }

  start(): void {
    this.stopped = false;
    void this.probe();
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    this.clearTimer();
  }

  private build(): SipRequest | null {
    const t = this.trunk;
    const target = `sip:${t.host}:${t.port}${t.transport === 'tcp' ? ';transport=tcp' : ''}`;
    const uri = parseUri(target);
    if (!uri) return null;
    const local = this.deps.localUri(t);
    const req = new SipRequest('OPTIONS', uri);
    req.append('max-forwards', '70');
    req.append('from', `<${local}>;tag=${this.fromTag}`);
    req.append('to', `<sip:${t.host}:${t.port}>`);
    req.append('call-id', newCallId());
    req.append('cseq', `${++this.cseq} OPTIONS`);
    req.append('contact', `<${local}>`);
    req.append('accept', 'application/sdp');
    return req;
  }

  private async probe(): Promise<void> {
    const generation = ++this.generation;
    this.clearTimer();
    this.nextAttemptAt = null;
    let address: string;
    try {
      address = await this.deps.resolve(this.trunk.host);
    } catch (err) {
      this.outcome(generation, 'offline', `cannot resolve ${this.trunk.host}: ${String(err)}`);
      return;
    }
    if (generation !== this.generation) return;
    const req = this.build();
    if (!req) {
      this.outcome(generation, 'offline', `bad peer address ${this.trunk.host}:${this.trunk.port}`);
      return;
    }
    this.deps.send(req, this.trunk, address, {
      onResponse: (res) => {
        if (res.status < 200) return;
        if (peerAnswered(res.status)) this.outcome(generation, 'online', null);
        else this.outcome(generation, 'offline', `${res.status} ${res.reason}`.trim());
      },
      onTimeout: () => this.outcome(generation, 'offline', 'timeout (no answer to OPTIONS)'),
      onTransportError: (err) => this.outcome(generation, 'offline', `transport error: ${err.message}`),
    });
  }

  private outcome(generation: number, state: TrunkPeerState, error: string | null): void {
    if (generation !== this.generation || this.stopped) return;
    const now = this.deps.timers.now();
    const changed = state !== this.state || error !== this.lastError;
    if (state === 'online') this.lastOkAt = now;
    if (changed) {
      const log = { trunkId: this.trunk.id, state, error };
      if (state === 'online') this.deps.logger.info(log, 'trunk peer online');
      else this.deps.logger.warn(log, 'trunk peer offline');
    }
    this.state = state;
    this.lastError = error;
    this.nextAttemptAt = now + this.deps.intervalMs;
    this.timer = this.deps.timers.set(() => {
      this.timer = null;
      void this.probe();
    }, this.deps.intervalMs);
    if (changed) this.deps.onChange(this.status() as TrunkRegistrationStatus);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.timers.clear(this.timer);
    this.timer = null;
  }
}

/** What a change of these fields means: the probe starts again (its state forgotten). */
const keepaliveKey = (t: TrunkInfo) => JSON.stringify([t.tenantId, t.name, t.host, t.port, t.transport]);

/**
 * The keep-alives of every enabled IP trunk (register trunks show their registration instead). `reload()` reads
 * the directory again: new trunks start probing, changed ones start again, removed or disabled ones stop.
 */
export class TrunkKeepalives {
  private readonly probes = new Map<string, { key: string; probe: TrunkKeepalive }>();
  private reloading: Promise<void> = Promise.resolve();

  constructor(
    private readonly directory: TrunkDirectory,
    private readonly deps: KeepaliveDeps,
  ) {}

  reload(): Promise<void> {
    this.reloading = this.reloading
      .then(() => this.doReload())
      .catch((err: unknown) => this.deps.logger.error({ err: String(err) }, 'trunk keep-alive reload failed'));
    return this.reloading;
  }

  private async doReload(): Promise<void> {
    const wanted = new Map<string, TrunkInfo>();
    for (const t of await this.directory.listTrunks()) if (t.enabled && t.kind === 'ip') wanted.set(t.id, t);
    for (const [id, entry] of this.probes) {
      const next = wanted.get(id);
      if (next && keepaliveKey(next) === entry.key) continue;
      entry.probe.stop();
      this.probes.delete(id);
    }
    for (const [id, trunk] of wanted) {
      if (this.probes.has(id)) continue;
      const probe = new TrunkKeepalive(trunk, this.deps);
      this.probes.set(id, { key: keepaliveKey(trunk), probe });
      probe.start();
    }
  }

  status(): TrunkRegistrationStatus[] {
    const out: TrunkRegistrationStatus[] = [];
    for (const { probe } of this.probes.values()) {
      const s = probe.status();
      if (s) out.push(s);
    }
    return out;
  }

  async stop(): Promise<void> {
    await this.reloading;
    for (const { probe } of this.probes.values()) probe.stop();
    this.probes.clear();
  }
}
