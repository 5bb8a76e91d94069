/** Why a source was banned. */
export const BanReason = {
  /** Repeated failed authentications (password guessing). */
  FailedAuth: 'failed-auth',
  /** Many distinct user names probed without ever authenticating (sipvicious svwar and the like). */
  Enumeration: 'enumeration',
} as const;
export type BanReason = (typeof BanReason)[keyof typeof BanReason];

/**
 * Bans source addresses after repeated failed authentications, or after enumerating user names (SIP scanners).
 * Failures per IP are counted in a sliding window; reaching `threshold` bans the IP for `durationMs`. Probes (a
 * request for a user name that is challenged or answered without any authentication: REGISTER or INVITE without
 * credentials, OPTIONS to a user) are counted per IP by distinct name; a name that then authenticates from that IP
 * no longer counts and is not counted again for an hour, so a phone (or an office of phones behind one NAT) that
 * registers, re-registers and sends OPTIONS keep-alives never reaches `probeThreshold`.
 */
export interface BanListOptions {
  threshold: number;
  windowMs: number;
  durationMs: number;
  /** Distinct unauthenticated user names from one IP within `probeWindowMs` that ban it (default 30 in 60 s). */
  probeThreshold?: number;
  probeWindowMs?: number;
  now?: () => number;
  /** `count`: failures, or distinct names probed. */
  onBan?: (address: string, until: number, count: number, reason: BanReason) => void;
}

/** How long a name that authenticated from an address is not counted as a probe from it (a registration's life). */
const TRUST_MS = 3600_000;
/** Addresses whose probes are counted at once (each holds fewer than probeThreshold names). */
const PROBED_ADDRESSES = 65_536;
/** Names remembered as authenticated per address (an office behind one NAT); the oldest is forgotten beyond. */
const TRUSTED_PER_ADDRESS = 4096;

export class BanList {
  private readonly failures = new Map<string, number[]>();
  private readonly banned = new Map<string, number>();
  /** address → name → last probe time. */
  private readonly probes = new Map<string, Map<string, number>>();
  /** address → name → when it last authenticated. */
  private readonly trusted = new Map<string, Map<string, number>>();
  private readonly now: () => number;
  private readonly probeThreshold: number;
  private readonly probeWindowMs: number;

  constructor(private readonly options: BanListOptions) {
    this.now = options.now ?? Date.now;
    this.probeThreshold = options.probeThreshold ?? 30;
    this.probeWindowMs = options.probeWindowMs ?? 60_000;
  }

  isBanned(address: string): boolean {
    const until = this.banned.get(address);
    if (until === undefined) return false;
    if (this.now() < until) return true;
    this.banned.delete(address);
    return false;
  }

  /** Records one failed authentication; returns true when it banned the address. */
  fail(address: string): boolean {
    const now = this.now();
    const since = now - this.options.windowMs;
    const list = (this.failures.get(address) ?? []).filter((t) => t > since);
    list.push(now);
    if (list.length >= this.options.threshold) {
      this.failures.delete(address);
      this.ban(address, list.length, BanReason.FailedAuth);
      return true;
    }
    this.failures.set(address, list);
    return false;
  }

  /** Records an unauthenticated request for user `name` (e.g. "1001@acme"); returns true when it banned the address. */
  probe(address: string, name: string): boolean {
    const now = this.now();
    const trustedAt = this.trusted.get(address)?.get(name);
    if (trustedAt !== undefined && now - trustedAt < TRUST_MS) return false;
    let names = this.probes.get(address);
    if (!names) {
      // Spoofed UDP sources could fill memory: past the cap the address counted first is forgotten.
      if (this.probes.size >= PROBED_ADDRESSES) this.probes.delete(this.probes.keys().next().value as string);
      names = new Map();
      this.probes.set(address, names);
    }
    names.set(name, now);
    if (names.size < this.probeThreshold) return false;
    const since = now - this.probeWindowMs;
    for (const [n, t] of names) if (t <= since) names.delete(n);
    if (names.size < this.probeThreshold) return false;
    this.probes.delete(address);
    this.ban(address, names.size, BanReason.Enumeration);
    return true;
  }

  /** A successful authentication clears the address's failures; `name` (who authenticated) stops counting as a probe. */
  succeed(address: string, name?: string): void {
    this.failures.delete(address);
    if (name === undefined) return;
    this.probes.get(address)?.delete(name);
    let names = this.trusted.get(address);
    if (!names) {
      names = new Map();
      this.trusted.set(address, names);
    }
    names.delete(name);
    names.set(name, this.now());
    if (names.size > TRUSTED_PER_ADDRESS) names.delete(names.keys().next().value as string);
  }

  private ban(address: string, count: number, reason: BanReason): void {
    const until = this.now() + this.options.durationMs;
    this.banned.set(address, until);
    this.options.onBan?.(address, until, count, reason);
  }

  /** Drops stale failure, probe and trust entries (call periodically). */
  sweep(): void {
    const now = this.now();
    const since = now - this.options.windowMs;
    for (const [addr, list] of this.failures) if (!list.some((t) => t > since)) this.failures.delete(addr);
    for (const [addr, until] of this.banned) if (until <= now) this.banned.delete(addr);
    const probedSince = now - this.probeWindowMs;
    for (const [addr, names] of this.probes) {
      for (const [n, t] of names) if (t <= probedSince) names.delete(n);
      if (names.size === 0) this.probes.delete(addr);
    }
    for (const [addr, names] of this.trusted) {
      for (const [n, t] of names) if (now - t >= TRUST_MS) names.delete(n);
      if (names.size === 0) this.trusted.delete(addr);
    }
  }

  unban(address: string): void {
    this.banned.delete(address);
  }
}
