import { afterEach, describe, expect, it } from 'vitest';
import { CallHost } from './call-host.ts';
import { DialAttempt } from './dial.ts';

/** A dial under way in `tenantId`'s call, ringing `ringing` (a carrier's number when `trunk`), with `inCall` in it. */
function fakeDial(tenantId: string, ringing: string, o: { trunk?: boolean; inCall?: string[] } = {}): DialAttempt {
  const fork = { extension: ringing, target: { extension: ringing, ...(o.trunk ? { trunk: {} } : {}) } };
  const legs = (o.inCall ?? []).map((extension) => ({ extension }));
  const dial = { call: { tenantId, isEnded: false, liveLegs: () => legs }, ringing: () => [fork] };
  return dial as unknown as DialAttempt;
}

const findRinging = (...args: Parameters<CallHost['findRinging']>) =>
  CallHost.prototype.findRinging.apply({} as CallHost, args);

describe('findRinging: which ringing call a pick-up may take', () => {
  afterEach(() => DialAttempt.active.clear());

  it("never another tenant's call, by number or by scope", () => {
    const other = fakeDial('t2', '1002');
    DialAttempt.active.add(other);
    expect(findRinging('t1', '1002', '1001')).toBeNull();
    expect(findRinging('t1', (n) => n === '1002', '1001')).toBeNull();
    const mine = fakeDial('t1', '1002');
    DialAttempt.active.add(mine);
    expect(findRinging('t1', '1002', '1001')).toBe(mine);
    expect(findRinging('t2', '1002', '1001')).toBe(other);
  });

  it('a scope takes only extensions it names, never a carrier leg, nor a call the picker is in', () => {
    const outside = fakeDial('t1', '1002', { trunk: true });
    const own = fakeDial('t1', '1003', { inCall: ['1001'] });
    DialAttempt.active.add(outside).add(own);
    const scope = (n: string) => n === '1002' || n === '1003';
    expect(findRinging('t1', scope, '1001')).toBeNull();
    const colleague = fakeDial('t1', '1003');
    DialAttempt.active.add(colleague);
    expect(findRinging('t1', scope, '1001')).toBe(colleague);
    expect(findRinging('t1', (n) => n === '1004', '1001')).toBeNull();
  });
});
