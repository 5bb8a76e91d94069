import { parseMessage, type SipRequest } from '@hujiao/sip';
import { describe, expect, it } from 'vitest';
import { failsOver } from './trunk-dial.ts';
import { didOf } from './trunk-ingress.ts';
import { addressMatches, TrunkCalls, TrunkPeers } from './trunk-peers.ts';
import type { TrunkInfo } from './trunk-types.ts';

const trunk = (over: Partial<TrunkInfo>): TrunkInfo => ({
  id: 'x',
  tenantId: 't1',
  name: 'x',
  kind: 'ip',
  host: '192.0.2.10',
  port: 5060,
  transport: 'udp',
  registerExpiresSec: 300,
  peers: [],
  codecs: ['PCMA'],
  dtmfMode: 'rfc4733',
  callerIdFormat: 'e164',
  assertIdentity: false,
  privacy: 'none',
  maxCalls: 0,
  enabled: true,
  ...over,
});

function invite(ruri: string, to: string): SipRequest {
  const text = [
    `INVITE ${ruri} SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1',
    'From: <sip:13800138000@carrier>;tag=1',
    `To: <${to}>`,
    'Call-ID: c1',
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const r = parseMessage(Buffer.from(text));
  if (!r.ok || r.message.kind !== 'request') throw new Error('bad fixture');
  return r.message as SipRequest;
}

describe('trunk peers', () => {
  it('matches IPs and IPv4 CIDRs (and IPv4-mapped IPv6 sources)', () => {
    expect(addressMatches('203.0.113.7', '203.0.113.7')).toBe(true);
    expect(addressMatches('::ffff:203.0.113.7', '203.0.113.7')).toBe(true);
    expect(addressMatches('203.0.113.8', '203.0.113.7')).toBe(false);
    expect(addressMatches('203.0.113.200', '203.0.113.0/24')).toBe(true);
    expect(addressMatches('203.0.114.1', '203.0.113.0/24')).toBe(false);
    expect(addressMatches('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(addressMatches('10.1.2.3', '10.0.0.0/33')).toBe(false);
    expect(addressMatches('10.1.2.3', 'garbage/8')).toBe(false);
  });

  it('classifies by enabled IP trunks’ peers and register trunks’ resolved registrar', async () => {
    const list = [
      trunk({ id: 'ip', peers: ['198.51.100.0/28'] }),
      trunk({ id: 'off', peers: ['198.51.100.100'], enabled: false }),
      trunk({ id: 'reg', kind: 'register', host: 'sip.carrier.example' }),
    ];
    const peers = new TrunkPeers({ listTrunks: async () => list, trunkById: async () => null }, async (h) =>
      h === 'sip.carrier.example' ? '192.0.2.55' : h,
    );
    await peers.reload();
    expect(peers.match('198.51.100.9')?.id).toBe('ip');
    expect(peers.match('198.51.100.100')).toBeNull();
    expect(peers.match('192.0.2.55')?.id).toBe('reg');
    expect(peers.match('127.0.0.1')).toBeNull();
  });

  it('counts calls against maxCalls; a release is given back once', () => {
    const calls = new TrunkCalls();
    const t = { id: 'd', maxCalls: 2 };
    const one = calls.acquire(t);
    const two = calls.acquire(t);
    expect(calls.acquire(t)).toBeNull();
    one?.();
    one?.();
    expect(calls.inUse('d')).toBe(1);
    expect(calls.acquire(t)).not.toBeNull();
    two?.();
    expect(calls.acquire({ id: 'free', maxCalls: 0 })).not.toBeNull();
  });

  it('fails over on 408, 5xx and 6xx but 600/603; not on 486, 404, 480', () => {
    expect([408, 500, 502, 503, 504, 580, 604, 606].every(failsOver)).toBe(true);
    expect([486, 600, 603, 404, 480, 484, 487, 403].some(failsOver)).toBe(false);
  });

  it('takes the DID from the Request-URI, or from To when a register trunk sends to our Contact', () => {
    const ip = trunk({});
    const reg = trunk({ kind: 'register', username: 'trunkuser' });
    expect(didOf(invite('sip:02588886666@10.0.0.1', 'sip:x@carrier'), ip)).toBe('02588886666');
    expect(didOf(invite('sip:trunkuser@10.0.0.1:5060', 'sip:02588886666@carrier'), reg)).toBe('02588886666');
    expect(didOf(invite('sip:02588886667@10.0.0.1', 'sip:02588886666@carrier'), reg)).toBe('02588886667');
  });
});
