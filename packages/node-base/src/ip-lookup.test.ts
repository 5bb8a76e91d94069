import { describe, expect, it } from 'vitest';
import { ipLiteralLookup } from './ip-lookup.ts';

describe('ipLiteralLookup', () => {
  it('answers IPv4 and IPv6 literals synchronously with their family', () => {
    const answers: Array<[string, number]> = [];
    ipLiteralLookup('192.0.2.7', 0, (err, address, family) => {
      expect(err).toBeNull();
      answers.push([address, family]);
    });
    ipLiteralLookup('::1', {}, (_err, address, family) => answers.push([address, family]));
    // Both callbacks ran before the calls returned: no nextTick, no dns.lookup.
    expect(answers).toEqual([
      ['192.0.2.7', 4],
      ['::1', 6],
    ]);
  });

  it('hands host names to dns.lookup (asynchronously)', async () => {
    let returned = false;
    let calledBeforeReturn: boolean | undefined;
    const result = new Promise<[string, number]>((resolve, reject) => {
      ipLiteralLookup('localhost', { family: 4 }, (err, address, family) => {
        calledBeforeReturn = !returned;
        if (err) reject(err);
        else resolve([address, family]);
      });
    });
    returned = true;
    const [address, family] = await result;
    expect(calledBeforeReturn).toBe(false);
    expect(family).toBe(4);
    expect(address).toMatch(/^127\./);
  });
});
