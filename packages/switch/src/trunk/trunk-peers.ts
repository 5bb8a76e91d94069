import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { TrunkDirectory, TrunkInfo } from './trunk-types.ts';

/** Resolves a host name to one address (an IP is returned as is). */
export type HostResolver = (host: string) => Promise<string>;

export const resolveHost: HostResolver = async (host) => {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return bare;
  return (await lookup(bare)).address;
};

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** True when `address` is `peer` (an IP) or inside it (an IPv4 CIDR such as 203.0.113.0/24). */
export function addressMatches(address: string, peer: string): boolean {
  const addr = address.replace(/^::ffff:/i, '').toLowerCase();
  const slash = peer.indexOf('/');
  if (slash < 0)
    return (
      addr ===
      peer
        .trim()
        .replace(/^::ffff:/i, '')
        .toLowerCase()
    );
  const base = ipv4ToInt(peer.slice(0, slash).trim());
  const bits = Number(peer.slice(slash + 1));
  const a = ipv4ToInt(addr);
  if (base === null || a === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  const mask = 2 ** 32 - 2 ** (32 - bits);
  return (a & mask) >>> 0 === (base & mask) >>> 0;
}

/**
 * Which enabled trunk an INVITE's source address belongs to (ADR 0009): an IP trunk's peers (IPs or CIDRs), or a
 * register trunk's registrar (its host, resolved). Built on `reload()`; a lookup is a scan of a short list.
 */
export class TrunkPeers {
  private entries: Array<{ trunk: TrunkInfo; peers: string[] }> = [];

  constructor(
    private readonly directory: TrunkDirectory,
    private readonly resolve: HostResolver = resolveHost,
  ) {}

  async reload(): Promise<void> {
    const trunks = (await this.directory.listTrunks()).filter((t) => t.enabled);
    const entries: Array<{ trunk: TrunkInfo; peers: string[] }> = [];
    for (const trunk of trunks) {
      const peers = [...trunk.peers];
      if (trunk.kind === 'register' || peers.length === 0) {
        const resolved = await this.resolve(trunk.host).catch(() => null);
        if (resolved) peers.push(resolved);
      }
      entries.push({ trunk, peers });
    }
    this.entries = entries;
  }

  /** The trunk whose peers include `address`, or null. */
  match(address: string): TrunkInfo | null {
    for (const e of this.entries) if (e.peers.some((p) => addressMatches(address, p))) return e.trunk;
    return null;
  }
}

/** Calls in progress per trunk, inbound and outbound together, against each trunk's maxCalls. */
export class TrunkCalls {
  private readonly counts = new Map<string, number>();

  /** Takes a slot; false when the trunk is at its cap. Give it back with the returned release (idempotent). */
  acquire(trunk: Pick<TrunkInfo, 'id' | 'maxCalls'>): (() => void) | null {
    const now = this.counts.get(trunk.id) ?? 0;
    if (trunk.maxCalls > 0 && now >= trunk.maxCalls) return null;
    this.counts.set(trunk.id, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.counts.get(trunk.id) ?? 1) - 1;
      if (n <= 0) this.counts.delete(trunk.id);
      else this.counts.set(trunk.id, n);
    };
  }

  inUse(trunkId: string): number {
    return this.counts.get(trunkId) ?? 0;
  }
}
