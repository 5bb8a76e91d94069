import { describe, expect, it } from 'vitest';
import { BanList } from './ban-list.ts';

describe('BanList', () => {
  it('bans after `threshold` failures inside the window, for `durationMs`', () => {
    let now = 1_000_000;
    const bans: string[] = [];
    const list = new BanList({
      threshold: 3,
      windowMs: 10_000,
      durationMs: 60_000,
      now: () => now,
      onBan: (a) => bans.push(a),
    });
    expect(list.fail('198.51.100.7')).toBe(false);
    now += 4000;
    expect(list.fail('198.51.100.7')).toBe(false);
    expect(list.isBanned('198.51.100.7')).toBe(false);
    now += 4000;
    expect(list.fail('198.51.100.7')).toBe(true);
    expect(bans).toEqual(['198.51.100.7']);
    expect(list.isBanned('198.51.100.7')).toBe(true);
    expect(list.isBanned('198.51.100.8')).toBe(false);
    now += 59_999;
    expect(list.isBanned('198.51.100.7')).toBe(true);
    now += 2;
    expect(list.isBanned('198.51.100.7')).toBe(false);
  });

  it('forgets failures older than the window and after a success', () => {
    let now = 0;
    const list = new BanList({ threshold: 2, windowMs: 1000, durationMs: 5000, now: () => now });
    list.fail('a');
    now = 1500;
    expect(list.fail('a')).toBe(false);
    list.succeed('a');
    expect(list.fail('a')).toBe(false);
    list.sweep();
    expect(list.isBanned('a')).toBe(false);
  });
});
