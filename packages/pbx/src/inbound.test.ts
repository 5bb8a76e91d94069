import type { Destination } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { compareSpecificity, compilePattern } from './dial-pattern.ts';
import { InboundEngine, type InboundRouteConfig } from './inbound.ts';
import { NumberListIndex, nationalForm } from './number-list.ts';
import { mulberry32 } from './random.ts';

const ext = (number: string): Destination => ({ kind: 'extension', number });
let seq = 0;
const route = (over: Partial<InboundRouteConfig> & Pick<InboundRouteConfig, 'didPattern'>): InboundRouteConfig => {
  seq++;
  return {
    id: `r${String(seq).padStart(5, '0')}`,
    name: `route ${seq}`,
    priority: 100,
    destination: ext(String(1000 + seq)),
    enabled: true,
    createdAt: `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}Z`,
    ...over,
  };
};
const wedNoon = Date.parse('2026-12-02T04:00:00Z'); // Shanghai 12:00 Wednesday
const satNoon = Date.parse('2026-12-05T04:00:00Z');

describe('inbound routes', () => {
  it('an exact DID, a pattern, the catch-all; nothing when none matches', () => {
    const exact = route({ didPattern: '4008001234' });
    const pattern = route({ didPattern: '_400800XXXX' });
    const engine = new InboundEngine({ routes: [exact, pattern] });
    expect(engine.decide({ did: '4008001234', at: wedNoon })).toMatchObject({
      kind: 'route',
      route: exact,
      open: true,
    });
    expect(engine.decide({ did: '4008005678', at: wedNoon })).toMatchObject({ route: pattern });
    expect(engine.decide({ did: '4008015678', at: wedNoon })).toEqual({ kind: 'none' });
    const any = route({ didPattern: '', priority: 1000 });
    const withAny = new InboundEngine({ routes: [exact, pattern, any] });
    expect(withAny.decide({ did: '01012345678', at: wedNoon })).toMatchObject({ route: any });
  });

  it('priority first; at equal priority the exact DID, then the more specific pattern, then the older route', () => {
    const broad = route({ didPattern: '400X.', priority: 10 });
    const exact = route({ didPattern: '4008001234', priority: 20 });
    const narrow = route({ didPattern: '4008001XXX', priority: 20 });
    expect(
      new InboundEngine({ routes: [exact, broad, narrow] }).decide({ did: '4008001234', at: wedNoon }),
    ).toMatchObject({
      route: broad,
    });
    expect(new InboundEngine({ routes: [narrow, exact] }).decide({ did: '4008001234', at: wedNoon })).toMatchObject({
      route: exact,
    });
    const narrower = route({ didPattern: '40080012XX', priority: 20 });
    expect(new InboundEngine({ routes: [narrow, narrower] }).decide({ did: '4008001234', at: wedNoon })).toMatchObject({
      route: narrower,
    });
    const older = route({ didPattern: '4008001XXX', priority: 20, createdAt: '2025-01-01T00:00:00Z' });
    expect(new InboundEngine({ routes: [narrow, older] }).decide({ did: '4008001234', at: wedNoon })).toMatchObject({
      route: older,
    });
  });

  it('a caller pattern narrows a route; an anonymous caller only takes routes without one', () => {
    const vip = route({ didPattern: '4008001234', callerPattern: '139XXXXXXXX' });
    const all = route({ didPattern: '4008001234' });
    const engine = new InboundEngine({ routes: [all, vip] });
    expect(engine.decide({ did: '4008001234', caller: '13912345678', at: wedNoon })).toMatchObject({ route: vip });
    expect(engine.decide({ did: '4008001234', caller: '13812345678', at: wedNoon })).toMatchObject({ route: all });
    expect(engine.decide({ did: '4008001234', at: wedNoon })).toMatchObject({ route: all });
  });

  it('outside its time group a route goes to the closed destination (hang up when none)', () => {
    const timeGroups = [
      { id: 'tg', timezone: 'Asia/Shanghai', weekly: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }] },
    ];
    const closedDestination: Destination = { kind: 'voicemail', box: '8000' };
    const r = route({ didPattern: '4008001234', timeGroupId: 'tg', closedDestination });
    const engine = new InboundEngine({ routes: [r], timeGroups });
    expect(engine.decide({ did: '4008001234', at: wedNoon })).toMatchObject({ open: true, destination: r.destination });
    expect(engine.decide({ did: '4008001234', at: satNoon })).toMatchObject({
      open: false,
      destination: closedDestination,
    });
    const bare = new InboundEngine({ routes: [{ ...r, closedDestination: null }], timeGroups });
    expect(bare.decide({ did: '4008001234', at: satNoon })).toMatchObject({ destination: { kind: 'hangup' } });
    // a time group that is not in the set (deleted) counts as open
    const lost = new InboundEngine({ routes: [{ ...r, timeGroupId: 'gone' }], timeGroups });
    expect(lost.decide({ did: '4008001234', at: satNoon })).toMatchObject({ open: true });
  });

  it('skips disabled routes and reports routes whose pattern does not compile', () => {
    const off = route({ didPattern: '4008001234', enabled: false });
    const bad = route({ didPattern: '400.1' });
    const engine = new InboundEngine({ routes: [off, bad] });
    expect(engine.decide({ did: '4008001234', at: wedNoon })).toEqual({ kind: 'none' });
    expect(engine.errors).toEqual([{ routeId: bad.id, field: 'didPattern', key: 'dialPattern.wildcard' }]);
  });

  it('a blacklisted caller is blocked with the entry’s action; a red-listed caller is marked', () => {
    const lists = new NumberListIndex([
      {
        list: 'black',
        direction: 'inbound',
        number: '13800000000',
        match: 'exact',
        status: 'approved',
        action: 'prompt',
      },
      { list: 'black', direction: 'both', number: '0571', match: 'prefix', status: 'approved' },
      { list: 'red', direction: 'inbound', number: '13900000000', match: 'exact', status: 'approved' },
    ]);
    const r = route({ didPattern: '4008001234' });
    const engine = new InboundEngine({ routes: [r], lists });
    expect(engine.decide({ did: '4008001234', caller: '13800000000', at: wedNoon })).toMatchObject({
      kind: 'blocked',
      action: 'prompt',
    });
    expect(engine.decide({ did: '4008001234', caller: '057188888888', at: wedNoon })).toMatchObject({
      kind: 'blocked',
      action: 'busy',
    });
    expect(engine.decide({ did: '4008001234', caller: '13900000000', at: wedNoon })).toMatchObject({
      kind: 'route',
      red: { number: '13900000000' },
    });
  });

  it('normalizes the DID and the caller when asked (a carrier sending +86…)', () => {
    const vip = route({ didPattern: '4008001234', callerPattern: '139XXXXXXXX' });
    const fixedLine = route({ didPattern: '075526881234' });
    const engine = new InboundEngine({ routes: [vip, fixedLine], normalize: nationalForm });
    expect(engine.decide({ did: '+864008001234', caller: '+8613912345678', at: wedNoon })).toMatchObject({
      route: vip,
    });
    expect(engine.decide({ did: '+8675526881234', at: wedNoon })).toMatchObject({ route: fixedLine });
    expect(new InboundEngine({ routes: [vip] }).decide({ did: '+864008001234', at: wedNoon })).toEqual({
      kind: 'none',
    });
  });

  it('agrees with a naive reference on random route sets (property test, fixed seed)', () => {
    const rng = mulberry32(2026);
    const digit = () => String(Math.floor(rng() * 4));
    const randomPattern = () => {
      let p = '';
      const n = 2 + Math.floor(rng() * 5);
      for (let i = 0; i < n; i++) p += rng() < 0.7 ? digit() : rng() < 0.5 ? 'X' : '[0-1]';
      const w = rng();
      return w < 0.15 ? `${p}.` : w < 0.25 ? `${p}!` : p;
    };
    for (let round = 0; round < 10; round++) {
      const routes = Array.from({ length: 200 }, () =>
        route({
          didPattern: rng() < 0.02 ? '' : randomPattern(),
          priority: Math.floor(rng() * 5),
          ...(rng() < 0.3 ? { callerPattern: rng() < 0.5 ? '1X' : '1[0-1]' } : {}),
          ...(rng() < 0.05 ? { enabled: false } : {}),
        }),
      );
      const engine = new InboundEngine({ routes });
      const ref = routes
        .filter((r) => r.enabled)
        .map((r) => ({
          r,
          did: compilePattern(r.didPattern),
          caller: r.callerPattern ? compilePattern(r.callerPattern) : null,
        }));
      for (let q = 0; q < 200; q++) {
        let did = '';
        const n = 2 + Math.floor(rng() * 6);
        for (let i = 0; i < n; i++) did += digit();
        const caller = rng() < 0.3 ? undefined : `1${digit()}`;
        const matching = ref.filter(
          (x) => x.did.test(did) && (x.caller === null || (caller !== undefined && x.caller.test(caller))),
        );
        const got = engine.decide({ did, ...(caller ? { caller } : {}), at: wedNoon });
        if (matching.length === 0) {
          expect(got.kind).toBe('none');
          continue;
        }
        // the reference: a linear scan for the minimum by the documented order
        type X = (typeof matching)[number];
        const before = (a: X, b: X) =>
          a.r.priority - b.r.priority ||
          compareSpecificity(a.did, b.did) ||
          (a.caller ? 0 : 1) - (b.caller ? 0 : 1) ||
          (a.caller && b.caller ? compareSpecificity(a.caller, b.caller) : 0) ||
          (a.r.createdAt ?? '').localeCompare(b.r.createdAt ?? '') ||
          a.r.id.localeCompare(b.r.id);
        let best = matching[0] as X;
        for (const x of matching) if (before(x, best) < 0) best = x;
        expect(got).toMatchObject({ kind: 'route', route: { id: best.r.id } });
      }
    }
  });
});
