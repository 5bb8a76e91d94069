import { G711Law } from '@hujiao/media';
import { TransportProtocol } from '@hujiao/sip';
import { describe, expect, it } from 'vitest';
import { TrunkDialer } from './trunk-dial.ts';
import { TrunkCalls } from './trunk-peers.ts';
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
  codecs: ['PCMA', 'PCMU'],
  dtmfMode: 'rfc4733',
  callerIdFormat: 'e164',
  assertIdentity: false,
  privacy: 'none',
  maxCalls: 0,
  enabled: true,
  ...over,
});

function dialer(list: TrunkInfo[]) {
  return new TrunkDialer({
    trunks: { listTrunks: async () => list, trunkById: async (id) => list.find((t) => t.id === id) ?? null },
    calls: new TrunkCalls(),
    resolve: async (h) => (h === 'sbc.carrier.example' ? '198.51.100.5' : h),
    localAddress: '10.0.0.1',
    localPort: (p) => (p === TransportProtocol.Tcp ? 5061 : 5060),
  });
}

describe('TrunkDialer', () => {
  const list = [
    trunk({ id: 'a', host: 'sbc.carrier.example', port: 5080, transport: 'tcp', callerIdFormat: 'national' }),
    trunk({ id: 'other', tenantId: 't2' }),
    trunk({ id: 'off', enabled: false }),
    trunk({
      id: 'b',
      assertIdentity: true,
      username: 'u',
      authUsername: 'auth-u',
      password: 'p',
      codecs: ['PCMU'],
      dtmfMode: 'info',
    }),
  ];

  it('chains the usable trunks in order (another tenant’s and disabled ones skipped) as one fork', async () => {
    const [head, ...rest] = await dialer(list).targets(
      't1',
      { trunkIds: ['a', 'other', 'off', 'b'], number: '13800138000', callerId: '+862588886666', callerName: 'Acme' },
      { callerId: '1001', callerName: 'Alice' },
    );
    expect(rest).toEqual([]);
    expect(head?.contact).toBe('sip:13800138000@sbc.carrier.example:5080;transport=tcp');
    expect(head?.flow).toMatchObject({
      protocol: TransportProtocol.Tcp,
      remoteAddress: '198.51.100.5',
      remotePort: 5080,
    });
    expect(head?.from).toBe('"Acme" <sip:02588886666@sbc.carrier.example>');
    expect(head?.trunk?.headers).toEqual([]);
    expect(head?.trunk?.credentials).toBeNull();
    const next = head?.trunk?.next;
    expect(next?.trunk?.trunkId).toBe('b');
    expect(next?.contact).toBe('sip:13800138000@192.0.2.10');
    expect(next?.from).toBe('"Acme" <sip:+862588886666@192.0.2.10>');
    expect(next?.trunk?.headers).toEqual([['P-Asserted-Identity', '"Acme" <sip:+862588886666@192.0.2.10>']]);
    expect(next?.trunk?.credentials).toEqual({ username: 'auth-u', password: 'p' });
    expect(next?.trunk?.codecs).toEqual([G711Law.PCMU]);
    expect(next?.trunk?.telephoneEvent).toBe(false);
    expect(next?.trunk?.next).toBeNull();
  });

  it('without a caller ID uses the caller’s; no usable trunk means no fork', async () => {
    const [head] = await dialer(list).targets(
      't1',
      { trunkIds: ['b'], number: '95588' },
      {
        callerId: '02588886666',
        callerName: null,
      },
    );
    expect(head?.from).toBe('<sip:+862588886666@192.0.2.10>');
    expect(
      await dialer(list).targets(
        't1',
        { trunkIds: ['other', 'off', 'nope'], number: '1' },
        {
          callerId: '1',
          callerName: null,
        },
      ),
    ).toEqual([]);
  });
});
