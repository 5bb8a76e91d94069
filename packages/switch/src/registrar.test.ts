import { switchEventSchema } from '@hujiao/shared';
import type { Flow } from '@hujiao/sip';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocationService } from './location.ts';
import { processRegister, type RegistrarLimits } from './registrar.ts';
import { register } from './test-support/messages.ts';
import type { ExtensionInfo, SwitchEvent, TenantInfo } from './types.ts';

const flow: Flow = {
  protocol: 'UDP',
  localAddress: '127.0.0.1',
  localPort: 5060,
  remoteAddress: '203.0.113.9',
  remotePort: 40000,
};
const tenant: TenantInfo = { tenantId: 't1', realm: 'acme' };
const ext: ExtensionInfo = { id: 'e1', number: '1001', displayName: null, enabled: true, ha1Md5: '', ha1Sha256: '' };
const limits: RegistrarLimits = { minExpires: 60, maxExpires: 3600, defaultExpires: 600 };

describe('registrar (RFC 3261 §10.3)', () => {
  let events: SwitchEvent[];
  let location: LocationService;
  beforeEach(() => {
    vi.useFakeTimers();
    events = [];
    location = new LocationService({ emit: (e) => events.push(e) });
  });
  afterEach(() => {
    // Every event is JSON-safe and matches the shared schema (what the server's bus and the web receive).
    for (const e of events) expect(switchEventSchema.parse(JSON.parse(JSON.stringify(e)))).toEqual(e);
    location.close();
    vi.useRealTimers();
  });

  const run = (req: ReturnType<typeof register>) =>
    processRegister(req, flow, tenant, ext, location, limits, Date.now());

  it('binds several contacts with their own expiry and lists them in the 200', () => {
    const res = run(
      register('1001', 'acme', ['<sip:1001@10.0.0.5:5062>;expires=120', '<sip:1001@10.0.0.6:5062>'], ['Expires: 300']),
    );
    expect(res.status).toBe(200);
    const contacts = res.getAll('contact');
    expect(contacts).toEqual(['<sip:1001@10.0.0.5:5062>;expires=120', '<sip:1001@10.0.0.6:5062>;expires=300']);
    const regs = location.lookup('t1', '1001');
    expect(regs).toHaveLength(2);
    // NAT: the flow is kept, so requests go to the source address, not the private contact.
    expect(regs[0]?.flow.remoteAddress).toBe('203.0.113.9');
    expect(events.filter((e) => e.type === 'registration').map((e) => e.type === 'registration' && e.action)).toEqual([
      'added',
      'added',
    ]);
  });

  it('answers 423 with Min-Expires for a too short interval and clamps a too long one', () => {
    const short = run(register('1001', 'acme', ['<sip:1001@10.0.0.5>'], ['Expires: 10']));
    expect(short.status).toBe(423);
    expect(short.get('min-expires')).toBe('60');
    const long = run(register('1001', 'acme', ['<sip:1001@10.0.0.5>;expires=99999']));
    expect(long.getAll('contact')[0]).toBe('<sip:1001@10.0.0.5>;expires=3600');
  });

  it('uses the default expiry and expires bindings on time', () => {
    run(register('1001', 'acme', ['<sip:1001@10.0.0.5>']));
    vi.advanceTimersByTime(599_000);
    expect(location.lookup('t1', '1001')).toHaveLength(1);
    vi.advanceTimersByTime(2000);
    expect(location.lookup('t1', '1001')).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ type: 'registration', action: 'expired' });
  });

  it('removes one binding with expires=0 and all with * (Expires: 0 only)', () => {
    run(register('1001', 'acme', ['<sip:1001@10.0.0.5>', '<sip:1001@10.0.0.6>']));
    const one = run(register('1001', 'acme', ['<sip:1001@10.0.0.5>;expires=0'], [], 2));
    expect(one.getAll('contact')).toHaveLength(1);
    expect(run(register('1001', 'acme', ['*'], [], 3)).status).toBe(400);
    const all = run(register('1001', 'acme', ['*'], ['Expires: 0'], 4));
    expect(all.status).toBe(200);
    expect(all.has('contact')).toBe(false);
    expect(location.all('t1')).toHaveLength(0);
  });

  it('ignores an out-of-order REGISTER of the same Call-ID', () => {
    run(register('1001', 'acme', ['<sip:1001@10.0.0.5>;expires=300'], [], 5));
    run(register('1001', 'acme', ['<sip:1001@10.0.0.5>;expires=0'], [], 4));
    expect(location.lookup('t1', '1001')).toHaveLength(1);
  });
});
