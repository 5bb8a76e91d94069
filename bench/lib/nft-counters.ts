import { spawnSync } from 'node:child_process';

/**
 * Kernel packet counters (nftables, output hook: loopback packets pass it once) around an RTP relay: what each
 * SIPp side sends into the relay's port range and what the relay sends out to each side. They count every packet
 * independently of SIPp and of the relay under test.
 */
export interface RelayCounts {
  aToRelay: number;
  relayToB: number;
  bToRelay: number;
  relayToA: number;
}

const TABLE = 'hujiao_bench';

function nft(args: string[], input?: string): string {
  const r = spawnSync('nft', args, { encoding: 'utf8', input, timeout: 10_000 });
  if (r.status !== 0) throw new Error(`nft ${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout;
}

export function nftAvailable(): boolean {
  try {
    nft(['list', 'tables']);
    return true;
  } catch {
    return false;
  }
}

/** Creates (replacing) the counting table for relay ports `relay`, side A ports `a`, side B ports `b` ("lo-hi"). */
export function installCounters(relay: string, a: string, b: string): void {
  removeCounters();
  const rule = (comment: string, match: string): string => `    ${match} counter comment "${comment}"`;
  nft(
    ['-f', '-'],
    [
      `table inet ${TABLE} {`,
      '  chain out {',
      '    type filter hook output priority 0; policy accept;',
      rule('aToRelay', `udp sport ${a} udp dport ${relay}`),
      rule('relayToB', `udp sport ${relay} udp dport ${b}`),
      rule('bToRelay', `udp sport ${b} udp dport ${relay}`),
      rule('relayToA', `udp sport ${relay} udp dport ${a}`),
      '  }',
      '}',
      '',
    ].join('\n'),
  );
}

interface NftRule {
  rule?: { comment?: string; expr?: Array<{ counter?: { packets: number } }> };
}

export function readCounters(): RelayCounts {
  const json = JSON.parse(nft(['-j', 'list', 'table', 'inet', TABLE])) as { nftables: NftRule[] };
  const c: RelayCounts = { aToRelay: 0, relayToB: 0, bToRelay: 0, relayToA: 0 };
  for (const item of json.nftables) {
    const name = item.rule?.comment;
    const packets = item.rule?.expr?.find((e) => e.counter)?.counter?.packets;
    if (name && name in c && packets !== undefined) c[name as keyof RelayCounts] = packets;
  }
  return c;
}

export function diffCounters(a: RelayCounts, b: RelayCounts): RelayCounts {
  return {
    aToRelay: b.aToRelay - a.aToRelay,
    relayToB: b.relayToB - a.relayToB,
    bToRelay: b.bToRelay - a.bToRelay,
    relayToA: b.relayToA - a.relayToA,
  };
}

export function removeCounters(): void {
  spawnSync('nft', ['delete', 'table', 'inet', TABLE], { timeout: 10_000 });
}
