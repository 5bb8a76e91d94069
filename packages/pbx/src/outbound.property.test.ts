import type { CallClass } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { compileDialRule } from './dial-pattern.ts';
import { OutboundEngine, type OutboundRouteConfig } from './outbound.ts';
import { mulberry32 } from './random.ts';
import { MemoryPbxStore } from './store.ts';
import { compileTimeGroup } from './time-group.ts';

const all: CallClass[] = ['internal', 'local', 'national', 'mobile', 'international', 'premium'];
const timeGroups = [{ id: 'work', weekly: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }] }];
const instants = [Date.parse('2026-12-02T04:00:00Z'), Date.parse('2026-12-05T04:00:00Z')];

describe('outbound route choice against a naive reference (property test, fixed seed)', () => {
  it('the same route and number as scanning every route and row in order', async () => {
    const rng = mulberry32(4242);
    const d = () => String(Math.floor(rng() * 3));
    const element = () => (rng() < 0.75 ? d() : rng() < 0.5 ? 'X' : '[0-1]');
    const pattern = (min: number, max: number) => {
      let p = '';
      const n = min + Math.floor(rng() * (max - min + 1));
      for (let i = 0; i < n; i++) p += element();
      return p;
    };
    const seen = { route: 0, closed: 0, noRoute: 0 };
    const work = compileTimeGroup(timeGroups[0] as (typeof timeGroups)[number]);
    for (let round = 0; round < 8; round++) {
      const routes: OutboundRouteConfig[] = Array.from({ length: round % 2 === 0 ? 150 : 4 + round * 2 }, (_, i) => ({
        id: `r${String(i).padStart(3, '0')}`,
        name: `r${i}`,
        priority: Math.floor(rng() * 4),
        dialPatterns: Array.from({ length: 1 + Math.floor(rng() * 3) }, () => {
          const w = rng();
          return {
            prepend: rng() < 0.3 ? '0' : '',
            prefix: rng() < 0.4 ? pattern(1, 2) : '',
            match: pattern(1, 4) + (w < 0.2 ? '.' : w < 0.3 ? '!' : ''),
            ...(rng() < 0.15 ? { callerPattern: '10X' } : {}),
          };
        }),
        scope: rng() < 0.7 ? { all: true } : { extensions: ['100'], teamIds: ['t1'] },
        trunkIds: [`trunk-${i}`],
        trunkOrder: 'sequential',
        callerIdMode: 'extension',
        callerIdPool: [],
        poolStrategy: 'rotate',
        enabled: rng() > 0.05,
        createdAt: `2026-01-01T00:00:${String(Math.floor(rng() * 60)).padStart(2, '0')}Z`,
        ...(rng() < 0.4 ? { timeGroupId: 'work' } : {}),
      }));
      const engine = new OutboundEngine({
        tenantId: 't',
        routes,
        store: new MemoryPbxStore(),
        rng,
        timeGroups,
        limits: { internationalEnabled: true, premiumEnabled: true },
      });
      const ordered = routes
        .filter((r) => r.enabled)
        .sort(
          (a, b) =>
            a.priority - b.priority || (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id),
        )
        .map((r) => ({ r, rules: r.dialPatterns.map((p) => compileDialRule(p)) }));
      for (let q = 0; q < 150; q++) {
        let dialled = '';
        const n = 1 + Math.floor(rng() * 6);
        for (let i = 0; i < n; i++) dialled += d();
        const extension = rng() < 0.5 ? '100' : '200';
        const teamIds = rng() < 0.3 ? ['t1'] : [];
        const at = instants[q & 1] as number;
        let expected: { id: string; number: string } | 'closed' | 'noRoute' = 'noRoute';
        for (const { r, rules } of ordered) {
          const inScope = 'all' in r.scope || r.scope.extensions.includes(extension) || teamIds.includes('t1');
          if (!inScope) continue;
          const number = rules.map((rule) => rule.apply(dialled, extension)).find((x) => x !== null);
          if (number === undefined) continue;
          if (r.timeGroupId && !work.isOpen(at)) {
            expected = 'closed';
            continue;
          }
          expected = { id: r.id, number };
          break;
        }
        const got = await engine.decide({ extension, teamIds, permissions: all, dialled, at });
        seen[typeof expected === 'string' ? expected : 'route']++;
        if (typeof expected === 'string') {
          expect(got).toMatchObject({ ok: false, reason: expected });
        } else {
          // a short random number may classify as emergency or anything: the route and number must agree
          expect(got).toMatchObject({ route: { id: expected.id } });
          if (got.ok) expect(got.number).toBe(expected.number);
        }
      }
    }
    // the stream covers every outcome
    expect(seen.route).toBeGreaterThan(100);
    expect(seen.closed).toBeGreaterThan(5);
    expect(seen.noRoute).toBeGreaterThan(5);
  });
});
