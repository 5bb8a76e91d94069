import { describe, expect, it } from 'vitest';
import type { MediaLogger } from '../logger.ts';
import { AudioTap } from './audio-tap.ts';

describe('AudioTap', () => {
  it('fans a frame out to every subscriber in order and stops after unsubscribe', () => {
    const tap = new AudioTap();
    expect(tap.hasSubscribers).toBe(false);
    tap.push(new Int16Array(160)); // nobody listening: nothing happens
    const seen: string[] = [];
    const offA = tap.subscribe((pcm) => seen.push(`a${pcm[0]}`));
    tap.subscribe((pcm) => seen.push(`b${pcm[0]}`));
    expect(tap.subscriberCount).toBe(2);
    tap.push(Int16Array.of(1));
    offA();
    offA(); // idempotent
    tap.push(Int16Array.of(2));
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(tap.subscriberCount).toBe(1);
    tap.clear();
    expect(tap.hasSubscribers).toBe(false);
  });

  it('keeps delivering to the others when one subscriber throws, and counts and logs the error', () => {
    const warnings: unknown[] = [];
    const logger: MediaLogger = {
      debug: () => {},
      info: () => {},
      warn: (obj) => warnings.push(obj),
      error: () => {},
    };
    const tap = new AudioTap({ logger, name: 'heard:x' });
    const got: number[] = [];
    tap.subscribe(() => {
      throw new Error('broken recorder');
    });
    tap.subscribe((pcm) => got.push(pcm[0] as number));
    for (let i = 0; i < 5; i++) tap.push(Int16Array.of(i));
    expect(got).toEqual([0, 1, 2, 3, 4]);
    expect(tap.errors).toBe(5);
    expect(warnings).toHaveLength(3); // rate-limited
    expect(warnings[0]).toMatchObject({ tap: 'heard:x', errors: 1 });
  });

  it('lets a subscriber unsubscribe itself during a push without skipping the next one', () => {
    const tap = new AudioTap();
    const got: string[] = [];
    const off = tap.subscribe(() => {
      got.push('once');
      off();
    });
    tap.subscribe(() => got.push('always'));
    tap.push(new Int16Array(1));
    tap.push(new Int16Array(1));
    expect(got).toEqual(['once', 'always', 'always']);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const tap = new AudioTap();
    let n = 0;
    const fn = (): void => {
      n++;
    };
    const off1 = tap.subscribe(fn);
    tap.subscribe(fn);
    tap.push(new Int16Array(1));
    off1();
    tap.push(new Int16Array(1));
    expect(n).toBe(3);
  });
});
