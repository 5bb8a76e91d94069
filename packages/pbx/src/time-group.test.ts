import { describe, expect, it } from 'vitest';
import { compileTimeGroup, localTime } from './time-group.ts';

const at = (iso: string) => Date.parse(iso);
const workWeek = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

describe('time groups', () => {
  it('opens on the weekday windows in Asia/Shanghai by default; start inclusive, end exclusive', () => {
    const g = compileTimeGroup({ timezone: 'Asia/Shanghai', weekly: [workWeek] });
    // 2026-12-02 is a Wednesday; 09:00 Shanghai = 01:00Z
    expect(g.isOpen(at('2026-12-02T00:59:00Z'))).toBe(false);
    expect(g.isOpen(at('2026-12-02T01:00:00Z'))).toBe(true);
    expect(g.isOpen(at('2026-12-02T09:59:59Z'))).toBe(true);
    expect(g.isOpen(at('2026-12-02T10:00:00Z'))).toBe(false);
    // Saturday 2026-12-05 at noon
    expect(g.isOpen(at('2026-12-05T04:00:00Z'))).toBe(false);
  });

  it('reads the weekday and date on the group’s wall clock, not UTC', () => {
    // 2026-12-06T20:00Z is Monday 04:00 in Shanghai but still Sunday in UTC
    expect(localTime('Asia/Shanghai', at('2026-12-06T20:00:00Z'))).toEqual({
      date: '2026-12-07',
      weekday: 1,
      minute: 240,
    });
    const early = compileTimeGroup({
      timezone: 'Asia/Shanghai',
      weekly: [{ days: [1], start: '03:00', end: '05:00' }],
    });
    expect(early.isOpen(at('2026-12-06T20:00:00Z'))).toBe(true);
  });

  it('a window past midnight belongs to its start day; a holiday on the start day cancels it all', () => {
    const night = { timezone: 'Asia/Shanghai', weekly: [{ days: [5], start: '22:00', end: '02:00' }] };
    const g = compileTimeGroup(night);
    // Friday 2026-12-04 23:00 and Saturday 01:30 local
    expect(g.isOpen(at('2026-12-04T15:00:00Z'))).toBe(true);
    expect(g.isOpen(at('2026-12-04T17:30:00Z'))).toBe(true);
    expect(g.isOpen(at('2026-12-04T18:00:00Z'))).toBe(false); // 02:00 Saturday: end exclusive
    expect(g.isOpen(at('2026-12-03T17:30:00Z'))).toBe(false); // Friday 01:30 (Thursday had no window)
    const friHoliday = compileTimeGroup({ ...night, holidays: [{ name: 'h', from: '2026-12-04', to: '2026-12-04' }] });
    expect(friHoliday.isOpen(at('2026-12-04T15:00:00Z'))).toBe(false);
    expect(friHoliday.isOpen(at('2026-12-04T17:30:00Z'))).toBe(false);
    const satHoliday = compileTimeGroup({ ...night, holidays: [{ name: 'h', from: '2026-12-05', to: '2026-12-05' }] });
    expect(satHoliday.isOpen(at('2026-12-04T17:30:00Z'))).toBe(true);
  });

  it('00:00-24:00 is the whole day', () => {
    const g = compileTimeGroup({ timezone: 'Asia/Shanghai', weekly: [{ days: [3], start: '00:00', end: '24:00' }] });
    expect(g.isOpen(at('2026-12-01T16:00:00Z'))).toBe(true); // Wed 00:00
    expect(g.isOpen(at('2026-12-02T15:59:00Z'))).toBe(true); // Wed 23:59
    expect(g.isOpen(at('2026-12-02T16:00:00Z'))).toBe(false); // Thu 00:00
  });

  it('holidays close inclusive ranges; a make-up workday (调休) opens a weekend day with another day’s windows', () => {
    const g = compileTimeGroup({
      timezone: 'Asia/Shanghai',
      weekly: [workWeek, { days: [1], start: '08:00', end: '09:00' }],
      holidays: [{ name: '国庆', from: '2026-10-01', to: '2026-10-07' }],
      workdays: [
        { name: '国庆调休', date: '2026-09-27', asDay: 1 },
        { name: '国庆调休', date: '2026-10-10', asDay: 5 },
      ],
    });
    expect(g.isOpen(at('2026-10-01T02:00:00Z'))).toBe(false); // Thu 10:00 in the holiday
    expect(g.isOpen(at('2026-10-07T02:00:00Z'))).toBe(false); // last day included
    expect(g.isOpen(at('2026-10-08T02:00:00Z'))).toBe(true); // Thu after
    expect(g.isOpen(at('2026-09-27T00:30:00Z'))).toBe(true); // Sunday 08:30 as a Monday
    expect(g.isOpen(at('2026-10-10T00:30:00Z'))).toBe(false); // Saturday 08:30 as a Friday (no 08:00 window)
    expect(g.isOpen(at('2026-10-10T02:00:00Z'))).toBe(true); // Saturday 10:00 as a Friday
  });

  it('a make-up workday inside a holiday range wins over the holiday', () => {
    const g = compileTimeGroup({
      timezone: 'Asia/Shanghai',
      weekly: [workWeek],
      holidays: [{ name: 'h', from: '2026-10-01', to: '2026-10-07' }],
      workdays: [{ name: 'w', date: '2026-10-03', asDay: 2 }],
    });
    expect(g.isOpen(at('2026-10-03T02:00:00Z'))).toBe(true);
    expect(g.isOpen(at('2026-10-02T02:00:00Z'))).toBe(false);
  });

  it('an override holds until its expiry, then the rules apply again', () => {
    const base = { timezone: 'Asia/Shanghai', weekly: [workWeek] };
    const wedNoon = at('2026-12-02T04:00:00Z');
    expect(compileTimeGroup({ ...base, override: 'closed' }).isOpen(wedNoon)).toBe(false);
    expect(compileTimeGroup({ ...base, override: 'open' }).isOpen(at('2026-12-05T04:00:00Z'))).toBe(true);
    const closedToday = compileTimeGroup({ ...base, override: 'closed', overrideUntil: '2026-12-02T16:00:00Z' });
    expect(closedToday.isOpen(wedNoon)).toBe(false);
    expect(closedToday.isOpen(at('2026-12-03T04:00:00Z'))).toBe(true);
    expect(compileTimeGroup({ ...base, override: 'none', overrideUntil: '2030-01-01T00:00:00Z' }).isOpen(wedNoon)).toBe(
      true,
    );
  });

  it('keeps wall-clock hours across DST changes (America/New_York, 2026)', () => {
    const g = compileTimeGroup({
      timezone: 'America/New_York',
      weekly: [{ days: [7, 1], start: '01:00', end: '03:30' }],
    });
    // Spring forward Sunday 2026-03-08: 02:00 EST jumps to 03:00 EDT. 01:30 EST = 06:30Z; 03:15 EDT = 07:15Z.
    expect(g.isOpen(at('2026-03-08T06:30:00Z'))).toBe(true);
    expect(g.isOpen(at('2026-03-08T07:15:00Z'))).toBe(true);
    expect(g.isOpen(at('2026-03-08T07:30:00Z'))).toBe(false); // 03:30 EDT
    // Fall back Sunday 2026-11-01: 01:00-02:00 happens twice; 01:30 EDT = 05:30Z and 01:30 EST = 06:30Z both open.
    expect(g.isOpen(at('2026-11-01T05:30:00Z'))).toBe(true);
    expect(g.isOpen(at('2026-11-01T06:30:00Z'))).toBe(true);
    expect(g.isOpen(at('2026-11-01T08:30:00Z'))).toBe(false); // 03:30 EST
    // A 09:00 window is 14:00Z in winter and 13:00Z in summer.
    const nine = compileTimeGroup({ timezone: 'America/New_York', weekly: [workWeek] });
    expect(nine.isOpen(at('2026-01-05T14:00:00Z'))).toBe(true);
    expect(nine.isOpen(at('2026-01-05T13:30:00Z'))).toBe(false);
    expect(nine.isOpen(at('2026-07-06T13:00:00Z'))).toBe(true);
  });

  it('nextChange finds the next opening and closing, through holidays, overrides and DST', () => {
    const g = compileTimeGroup({
      timezone: 'Asia/Shanghai',
      weekly: [workWeek],
      holidays: [{ name: 'h', from: '2026-12-03', to: '2026-12-04' }],
    });
    expect(g.nextChange(at('2026-12-02T04:00:00Z'))).toBe(at('2026-12-02T10:00:00Z')); // Wed closes 18:00
    expect(g.nextChange(at('2026-12-02T10:00:00Z'))).toBe(at('2026-12-07T01:00:00Z')); // opens Monday 09:00
    const o = compileTimeGroup({
      timezone: 'Asia/Shanghai',
      weekly: [workWeek],
      override: 'closed',
      overrideUntil: '2026-12-02T06:00:00Z',
    });
    expect(o.nextChange(at('2026-12-02T04:00:00Z'))).toBe(at('2026-12-02T06:00:00Z'));
    const ny = compileTimeGroup({ timezone: 'America/New_York', weekly: [workWeek] });
    expect(ny.nextChange(at('2026-03-06T23:00:00Z'))).toBe(at('2026-03-09T13:00:00Z')); // Monday 09:00 EDT
    expect(compileTimeGroup({ timezone: 'Asia/Shanghai', weekly: [] }).nextChange(at('2026-12-02T04:00:00Z'), 10)).toBe(
      null,
    );
  });

  it('nextChange across midnight: a Friday 22:00-02:00 window closes on Saturday 02:00', () => {
    const g = compileTimeGroup({ timezone: 'Asia/Shanghai', weekly: [{ days: [5], start: '22:00', end: '02:00' }] });
    expect(g.nextChange(at('2026-12-04T15:00:00Z'))).toBe(at('2026-12-04T18:00:00Z'));
    expect(g.nextChange(at('2026-12-04T18:00:00Z'))).toBe(at('2026-12-11T14:00:00Z'));
  });

  it('answers for instants in the same minute agree (the per-minute cache) and differ across the boundary', () => {
    const g = compileTimeGroup({ timezone: 'Asia/Shanghai', weekly: [workWeek] });
    expect(g.isOpen(at('2026-12-02T09:59:00Z'))).toBe(true);
    expect(g.isOpen(at('2026-12-02T09:59:59.999Z'))).toBe(true);
    expect(g.isOpen(at('2026-12-02T10:00:00Z'))).toBe(false);
    expect(localTime('Asia/Kolkata', at('2026-12-02T09:59:30Z')).minute).toBe(15 * 60 + 29);
  });

  it('refuses an unknown timezone when compiling', () => {
    expect(() => compileTimeGroup({ timezone: 'Mars/Olympus', weekly: [] })).toThrow(RangeError);
  });
});
