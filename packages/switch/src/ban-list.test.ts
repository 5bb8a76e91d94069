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

  it('bans a source that probes `probeThreshold` distinct names without authenticating, within the window', () => {
    let now = 0;
    const bans: Array<[string, number, string]> = [];
    const list = new BanList({
      threshold: 10,
      windowMs: 60_000,
      durationMs: 600_000,
      probeThreshold: 5,
      probeWindowMs: 10_000,
      now: () => now,
      onBan: (a, _until, count, reason) => bans.push([a, count, reason]),
    });
    // The same name again and again (a phone, a flood) is one name.
    for (let i = 0; i < 50; i++) expect(list.probe('192.0.2.1', '1001@acme')).toBe(false);
    for (const n of ['1', '2', '3']) expect(list.probe('192.0.2.9', `${n}@acme`)).toBe(false);
    // Names older than the window no longer count.
    now += 10_001;
    for (const n of ['4', '5', '6', '7']) expect(list.probe('192.0.2.9', `${n}@acme`)).toBe(false);
    expect(list.probe('192.0.2.9', '8@acme')).toBe(true);
    expect(bans).toEqual([['192.0.2.9', 5, 'enumeration']]);
    expect(list.isBanned('192.0.2.9')).toBe(true);
    expect(list.isBanned('192.0.2.1')).toBe(false);
  });

  it('does not count names that authenticated from the address (phones behind one NAT)', () => {
    let now = 0;
    const list = new BanList({ threshold: 10, windowMs: 60_000, durationMs: 1000, probeThreshold: 3, now: () => now });
    for (let i = 0; i < 100; i++) {
      const name = `${1000 + i}@acme`;
      // Challenged first, then the credentials: the name is forgiven; later keep-alives do not count.
      expect(list.probe('198.51.100.1', name)).toBe(false);
      list.succeed('198.51.100.1', name);
      now += 10;
    }
    for (let i = 0; i < 100; i++) expect(list.probe('198.51.100.1', `${1000 + i}@acme`)).toBe(false);
    // From another address the same names are still probes.
    for (const n of ['1000', '1001']) expect(list.probe('198.51.100.2', `${n}@acme`)).toBe(false);
    expect(list.probe('198.51.100.2', '1002@acme')).toBe(true);
    // Trust lasts an hour, then a name counts again; sweep forgets stale state.
    now += 3600_000;
    list.sweep();
    list.probe('198.51.100.1', '1000@acme');
    list.probe('198.51.100.1', '1001@acme');
    expect(list.probe('198.51.100.1', '1002@acme')).toBe(true);
  });

  it('counts probes of at most 65 536 addresses at once (spoofed sources), forgetting the first counted', () => {
    const list = new BanList({ threshold: 10, windowMs: 60_000, durationMs: 1000, probeThreshold: 2 });
    list.probe('10.0.0.1', 'a@acme');
    for (let i = 0; i < 65_536; i++) list.probe(`10.1.${i >> 8}.${i & 255}`, 'a@acme');
    expect(list.probe('10.0.0.1', 'b@acme')).toBe(false);
    expect(list.probe('10.1.255.255', 'b@acme')).toBe(true);
  });
});
