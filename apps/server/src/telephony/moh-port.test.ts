import { describe, expect, it } from 'vitest';
import { musicOnHoldPort } from './moh-port.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('music on hold for the switch', () => {
  it("answers at once from what it keeps, the enterprise's playlist, and asks again after 10 s", async () => {
    let clock = 0;
    const asked: string[] = [];
    const classes: Record<string, string[]> = { a: ['/moh/a1.wav', '/moh/a2.wav'], b: [] };
    const port = musicOnHoldPort(
      async (tenantId) => {
        asked.push(tenantId);
        return classes[tenantId] ?? [];
      },
      undefined,
      () => clock,
    );
    expect(port('a')).toBeUndefined(); // not known yet: the switch's own music
    await tick();
    expect(port('a')).toEqual(['/moh/a1.wav', '/moh/a2.wav']);
    expect(port('b')).toBeUndefined();
    await tick();
    expect(port('b')).toBeUndefined();
    expect(asked).toEqual(['a', 'b']);
    classes.a = ['/moh/new.wav'];
    clock += 5000;
    expect(port('a')).toEqual(['/moh/a1.wav', '/moh/a2.wav']);
    clock += 5000;
    expect(port('a')).toEqual(['/moh/a1.wav', '/moh/a2.wav']); // stale answer while it asks again
    await tick();
    expect(port('a')).toEqual(['/moh/new.wav']);
    expect(asked).toEqual(['a', 'b', 'a']);
  });

  it('keeps the last answer when asking fails, and says so', async () => {
    let clock = 0;
    let fail = false;
    const errors: string[] = [];
    const port = musicOnHoldPort(
      async () => {
        if (fail) throw new Error('db down');
        return ['/moh/x.wav'];
      },
      (_err, tenantId) => errors.push(tenantId),
      () => clock,
    );
    port('t');
    await tick();
    fail = true;
    clock += 20_000;
    expect(port('t')).toEqual(['/moh/x.wav']);
    await tick();
    expect(port('t')).toEqual(['/moh/x.wav']);
    expect(errors).toEqual(['t']);
  });
});
