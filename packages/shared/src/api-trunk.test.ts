import { describe, expect, it } from 'vitest';
import { createTrunkBody, isPeerAddress, updateTrunkBody } from './api-trunk.ts';

describe('trunk contract', () => {
  it('accepts IPv4/IPv6 addresses and CIDR ranges as peers, nothing else', () => {
    for (const ok of ['10.0.0.1', '10.0.0.0/24', '0.0.0.0/0', '2001:db8::1', '2001:db8::/32', '::1']) {
      expect(isPeerAddress(ok), ok).toBe(true);
    }
    for (const bad of ['10.0.0.256', '10.0.0.0/33', '10.0.0', 'carrier.example', '2001:db8::/129', '1.2.3.4/8/8', '']) {
      expect(isPeerAddress(bad), bad).toBe(false);
    }
  });

  it('needs an account and password for a register trunk, peers for an IP trunk; defaults the rest', () => {
    const reg = createTrunkBody.safeParse({ name: 'r', kind: 'register', host: 'sip.example.cn' });
    expect(reg.success).toBe(false);
    expect(reg.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['password', 'username']);
    const ip = createTrunkBody.safeParse({ name: 'i', kind: 'ip', host: '203.0.113.1' });
    expect(ip.error?.issues.map((i) => i.path.join('.'))).toEqual(['peers']);
    const full = createTrunkBody.parse({ name: 'i', kind: 'ip', host: '203.0.113.1', peers: ['203.0.113.0/28'] });
    expect(full).toMatchObject({
      port: 5060,
      transport: 'udp',
      codecs: ['PCMA', 'PCMU'],
      dtmfMode: 'rfc4733',
      maxCalls: 0,
    });
    // An update carries no creation defaults (a partial body changes only what it names).
    expect(updateTrunkBody.parse({ maxCalls: 5 })).toEqual({ maxCalls: 5 });
  });
});
