/**
 * Bans source addresses after repeated failed authentications (SIP scanners). A failure count per IP is kept in
 * a sliding window; reaching `threshold` bans the IP for `durationMs`.
 */
export interface BanListOptions {
  threshold: number;
  windowMs: number;
  durationMs: number;
  now?: () => number;
  onBan?: (address: string, until: number, failures: number) => void;
}

export class BanList {
  private readonly failures = new Map<string, number[]>();
  private readonly banned = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: BanListOptions) {
    this.now = options.now ?? Date.now;
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
      const until = now + this.options.durationMs;
      this.banned.set(address, until);
      this.options.onBan?.(address, until, list.length);
      return true;
    }
    this.failures.set(address, list);
    return false;
  }

  /** A successful authentication clears the address's failures. */
  succeed(address: string): void {
    this.failures.delete(address);
  }

  /** Drops stale failure entries (call periodically). */
  sweep(): void {
    const since = this.now() - this.options.windowMs;
    for (const [addr, list] of this.failures) if (!list.some((t) => t > since)) this.failures.delete(addr);
    for (const [addr, until] of this.banned) if (until <= this.now()) this.banned.delete(addr);
  }

  unban(address: string): void {
    this.banned.delete(address);
  }
}
