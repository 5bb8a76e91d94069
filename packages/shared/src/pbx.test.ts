import { describe, expect, it } from 'vitest';
import {
  createInboundRouteBody,
  createNumberListEntryBody,
  createOutboundRouteBody,
  createTimeGroupBody,
  destination,
  fraudLimits,
  updateOutboundRouteBody,
  updateTimeGroupBody,
} from './pbx.ts';

const uuid = '8f4e2a9c-1b3d-4c5e-9f6a-7b8c9d0e1f2a';
const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.error?.issues.map((i) => i.message) ?? [];

describe('pbx schemas', () => {
  it('a time group gets its defaults and refuses a bad timezone, an empty window and a reversed holiday', () => {
    const g = createTimeGroupBody.parse({
      name: 'Work',
      weekly: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }],
    });
    expect(g.timezone).toBe('Asia/Shanghai');
    expect(g.override).toBe('none');
    expect(messages(createTimeGroupBody.safeParse({ name: 'x', timezone: 'Mars/Base' }))).toEqual(['timezone']);
    expect(
      messages(createTimeGroupBody.safeParse({ name: 'x', weekly: [{ days: [1], start: '09:00', end: '09:00' }] })),
    ).toEqual(['timeRange']);
    expect(
      messages(
        createTimeGroupBody.safeParse({ name: 'x', holidays: [{ name: 'h', from: '2026-10-07', to: '2026-10-01' }] }),
      ),
    ).toEqual(['dateRange']);
    // past midnight and 24:00 are allowed
    expect(
      createTimeGroupBody.safeParse({ name: 'n', weekly: [{ days: [5], start: '22:00', end: '02:00' }] }).success,
    ).toBe(true);
    expect(
      createTimeGroupBody.safeParse({ name: 'n', weekly: [{ days: [5], start: '00:00', end: '24:00' }] }).success,
    ).toBe(true);
    expect(
      createTimeGroupBody.parse({ name: 'n', workdays: [{ name: '调休', date: '2026-09-27' }] }).workdays[0]?.asDay,
    ).toBe(1);
  });

  it('an update body keeps no creation defaults', () => {
    expect(updateTimeGroupBody.parse({ name: 'y' })).toEqual({ name: 'y' });
    expect(updateOutboundRouteBody.parse({ name: 'y' })).toEqual({ name: 'y' });
  });

  it('destinations are discriminated by kind; a prompt needs a voice file or a built-in prompt', () => {
    expect(destination.parse({ kind: 'ringGroup', numbers: ['1001', '1002'] })).toEqual({
      kind: 'ringGroup',
      numbers: ['1001', '1002'],
      strategy: 'all',
      ringTimeoutSec: 20,
    });
    expect(destination.safeParse({ kind: 'prompt' }).success).toBe(false);
    expect(destination.safeParse({ kind: 'prompt', prompt: 'closed' }).success).toBe(true);
    expect(destination.safeParse({ kind: 'nowhere' }).success).toBe(false);
  });

  it('inbound DID patterns: digits, patterns, the empty catch-all; junk is refused with dialPattern', () => {
    const base = { name: 'r', destination: { kind: 'hangup' } };
    for (const did of ['4008001234', '_400XXXXXXX', '4008[1-3]X.', '']) {
      expect(createInboundRouteBody.safeParse({ ...base, didPattern: did }).success).toBe(true);
    }
    expect(messages(createInboundRouteBody.safeParse({ ...base, didPattern: '400.X' }))).toEqual(['dialPattern']);
    expect(messages(createInboundRouteBody.safeParse({ ...base, didPattern: '40a' }))).toEqual(['dialPattern']);
  });

  it('outbound routes: FreePBX dial patterns, caller-ID mode needs its number(s)', () => {
    const base = { name: 'o', dialPatterns: [{ prefix: '9', match: '1XXXXXXXXXX' }], trunkIds: [uuid] };
    const r = createOutboundRouteBody.parse(base);
    expect(r.dialPatterns[0]).toEqual({ prepend: '', prefix: '9', match: '1XXXXXXXXXX' });
    expect(r.scope).toEqual({ all: true });
    expect(r.trunkOrder).toBe('sequential');
    expect(messages(createOutboundRouteBody.safeParse({ ...base, callerIdMode: 'fixed' }))).toEqual(['required']);
    expect(messages(createOutboundRouteBody.safeParse({ ...base, callerIdMode: 'pool' }))).toEqual(['required']);
    expect(createOutboundRouteBody.safeParse({ ...base, dialPatterns: [{ prefix: '9.', match: 'X' }] }).success).toBe(
      false,
    );
    expect(createOutboundRouteBody.safeParse({ ...base, dialPatterns: [{}] }).success).toBe(false);
    expect(createOutboundRouteBody.safeParse({ ...base, trunkIds: [] }).success).toBe(false);
    expect(createOutboundRouteBody.safeParse({ ...base, scope: { extensions: [], teamIds: [] } }).success).toBe(false);
    expect(createOutboundRouteBody.parse({ ...base, scope: { extensions: ['1001'] } }).scope).toEqual({
      extensions: ['1001'],
      teamIds: [],
    });
  });

  it('list entries and fraud limits default to the safe side', () => {
    expect(createNumberListEntryBody.parse({ list: 'black', number: '0755' })).toMatchObject({
      direction: 'both',
      match: 'exact',
    });
    expect(fraudLimits.parse({})).toMatchObject({ internationalEnabled: false, premiumEnabled: false });
  });
});
