/**
 * Time groups (时间小组): is the group open at an instant? Evaluated on the wall clock of the group's IANA
 * timezone (Intl), so DST changes need no special case: a window 09:00-18:00 is 09:00-18:00 local on both sides.
 *
 * Rules, in order: an override ('open' / 'closed') until its `overrideUntil` (or indefinitely); then the day's
 * rule — a make-up workday (调休) opens the date with the weekly windows of its `asDay`, else a holiday closes
 * it, else the date's own weekday windows apply. A window whose end is before its start runs past midnight and
 * belongs to its start day (see WeeklyWindow in @hujiao/shared).
 */
import type { Holiday, TimeGroupRules, WeeklyWindow } from '@hujiao/shared';

/** A time group's rules (TimeGroup from @hujiao/shared fits; the omitted fields take the schema defaults). */
export interface TimeGroupInput {
  timezone?: string;
  weekly?: readonly WeeklyWindow[];
  holidays?: readonly Holiday[];
  workdays?: readonly { name?: string; date: string; asDay?: number }[];
  override?: TimeGroupRules['override'];
  overrideUntil?: string | null;
}
type Rules = TimeGroupInput;

/** [startMinute, endMinute) from the start day's midnight; endMinute may exceed 1440 (past midnight). */
type Span = readonly [number, number];

export interface CompiledTimeGroup {
  readonly timezone: string;
  isOpen(at: number | Date): boolean;
  /** The first instant after `at` when isOpen changes (ms since epoch), or null within `horizonDays`. */
  nextChange(at: number | Date, horizonDays?: number): number | null;
}

interface LocalTime {
  date: string;
  weekday: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Recent answers per zone by epoch minute (Intl is the costly part of a decision; calls cluster in time). */
const recent = new Map<string, Map<number, LocalTime>>();
const RECENT_MAX = 64;

/** The wall-clock date, ISO weekday and minute of the day of `at` in `zone`. */
export function localTime(zone: string, at: number): LocalTime {
  const minuteKey = Math.floor(at / 60_000);
  let cache = recent.get(zone);
  const hit = cache?.get(minuteKey);
  if (hit) return hit;
  const value = computeLocalTime(zone, at);
  if (!cache) {
    cache = new Map();
    recent.set(zone, cache);
  } else if (cache.size >= RECENT_MAX) {
    cache.clear();
  }
  cache.set(minuteKey, value);
  return value;
}

function computeLocalTime(zone: string, at: number): LocalTime {
  let y = '';
  let m = '';
  let d = '';
  let hh = 0;
  let mm = 0;
  let weekday = 1;
  for (const p of formatter(zone).formatToParts(at)) {
    if (p.type === 'year') y = p.value;
    else if (p.type === 'month') m = p.value;
    else if (p.type === 'day') d = p.value;
    else if (p.type === 'hour') hh = Number(p.value);
    else if (p.type === 'minute') mm = Number(p.value);
    else if (p.type === 'weekday') weekday = WEEKDAYS[p.value] ?? 1;
  }
  return { date: `${y}-${m}-${d}`, weekday, minute: hh * 60 + mm };
}

/** The UTC offset of `zone` at `at`, in ms (local = utc + offset). */
function offsetAt(zone: string, at: number): number {
  const l = localTime(zone, at);
  const [y, mo, d] = l.date.split('-').map(Number) as [number, number, number];
  const localAsUtc = Date.UTC(y, mo - 1, d, 0, l.minute);
  return localAsUtc - Math.floor(at / 60_000) * 60_000;
}

/** The instant of a local wall-clock time (in a DST gap: the instant the clock jumps past it). */
function instantOf(zone: string, date: string, minute: number): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, mo - 1, d, 0, minute);
  const first = guess - offsetAt(zone, guess);
  const second = guess - offsetAt(zone, first);
  return Math.max(first, second);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const toMinute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function compileTimeGroup(rules: Rules): CompiledTimeGroup {
  const zone = rules.timezone ?? 'Asia/Shanghai';
  formatter(zone); // throws RangeError for an unknown zone, at compile time
  const byWeekday: Span[][] = [[], [], [], [], [], [], [], []];
  const boundaries = new Set<number>([0]);
  for (const w of rules.weekly ?? []) {
    const start = toMinute(w.start);
    let end = toMinute(w.end);
    if (end <= start) end += 1440;
    for (const day of w.days) byWeekday[day]?.push([start, end]);
    boundaries.add(start);
    boundaries.add(end % 1440);
  }
  const holidays = (rules.holidays ?? []).map((h) => [h.from, h.to] as const);
  const workdays = new Map((rules.workdays ?? []).map((w) => [w.date, w.asDay ?? 1]));
  const override = rules.override ?? 'none';
  const overrideUntil = rules.overrideUntil ? Date.parse(rules.overrideUntil) : null;
  const overnight = byWeekday.some((spans) => spans.some(([, e]) => e > 1440));
  const sortedBoundaries = [...boundaries].sort((a, b) => a - b);

  /** The spans that apply on a local date (those of the weekday it follows), or none when closed. */
  const spansOf = (date: string, weekday: number): readonly Span[] => {
    const asDay = workdays.get(date);
    if (asDay !== undefined) return byWeekday[asDay] ?? [];
    for (const [from, to] of holidays) if (date >= from && date <= to) return [];
    return byWeekday[weekday] ?? [];
  };

  const byRules = (at: number): boolean => {
    const l = localTime(zone, at);
    for (const [s, e] of spansOf(l.date, l.weekday)) if (l.minute >= s && l.minute < e) return true;
    if (!overnight) return false;
    const yesterday = addDays(l.date, -1);
    const yWeekday = l.weekday === 1 ? 7 : l.weekday - 1;
    for (const [, e] of spansOf(yesterday, yWeekday)) if (l.minute + 1440 < e) return true;
    return false;
  };

  const overrideActive = (at: number) => override !== 'none' && (overrideUntil === null || at < overrideUntil);

  const isOpen = (atIn: number | Date): boolean => {
    const at = typeof atIn === 'number' ? atIn : atIn.getTime();
    if (overrideActive(at)) return override === 'open';
    return byRules(at);
  };

  const nextChange = (atIn: number | Date, horizonDays = 400): number | null => {
    const at = typeof atIn === 'number' ? atIn : atIn.getTime();
    const state = isOpen(at);
    if (overrideActive(at)) {
      if (overrideUntil === null) return null;
      if (byRules(overrideUntil) !== state) return overrideUntil;
      return nextChange(overrideUntil, horizonDays);
    }
    const startDate = localTime(zone, at).date;
    for (let day = 0; day <= horizonDays; day++) {
      const date = addDays(startDate, day);
      for (const minute of sortedBoundaries) {
        const t = instantOf(zone, date, minute);
        if (t <= at) continue;
        if (isOpen(t) !== state) return t;
      }
    }
    return null;
  };

  return { timezone: zone, isOpen, nextChange };
}

/** Convenience: compile and ask once (compile once and keep it when asking often). */
export function isOpen(rules: Rules, at: number | Date): boolean {
  return compileTimeGroup(rules).isOpen(at);
}
