import { afterEach, describe, expect, it } from 'vitest';
import { WavPlayer } from '../audio/wav-player.ts';
import { G711Law } from '../codec/g711.ts';
import { startFramePlayback } from './frame-playback.ts';
import { MediaClock } from './media-clock.ts';
import { PortAllocator } from './port-allocator.ts';
import { RtpSession } from './rtp-session.ts';

// Ports 40500-40519 belong to this file.
const allocator = new PortAllocator({ min: 40500, max: 40519 });
const sessions: RtpSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

describe('MediaClock', () => {
  it('ticks at the interval, shares one timer and stops when nobody listens', async () => {
    const clock = new MediaClock({ intervalMs: 10 });
    let a = 0;
    let b = 0;
    const stopA = clock.subscribe(() => a++);
    const stopB = clock.subscribe(() => b++);
    const start = performance.now();
    await new Promise((r) => setTimeout(r, 205));
    stopA();
    const elapsed = performance.now() - start;
    expect(a).toBeGreaterThanOrEqual(Math.floor(elapsed / 10) - 3);
    expect(a).toBeLessThanOrEqual(Math.ceil(elapsed / 10) + 1);
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
    stopB();
    expect(clock.subscriberCount).toBe(0);
    const frozen = b;
    await new Promise((r) => setTimeout(r, 30));
    expect(b).toBe(frozen);
  });

  it('delivers missed ticks after a blocked event loop, up to maxCatchUp', async () => {
    const clock = new MediaClock({ intervalMs: 10, maxCatchUp: 3 });
    let n = 0;
    const stop = clock.subscribe(() => n++);
    const until = performance.now() + 100;
    while (performance.now() < until) {
      // block the loop for 100 ms (10 ticks)
    }
    await new Promise((r) => setTimeout(r, 5));
    stop();
    expect(n).toBeGreaterThanOrEqual(3);
    expect(n).toBeLessThanOrEqual(5);
  });
});

describe('startFramePlayback', () => {
  it('plays a WAV prompt as 20 ms PCMA frames over a real socket and reports the end', async () => {
    const a = await RtpSession.open({ allocator, bindAddress: '127.0.0.1', rtcpIntervalMs: 0 });
    const b = await RtpSession.open({ allocator, bindAddress: '127.0.0.1', rtcpIntervalMs: 0 });
    sessions.push(a, b);
    a.setRemote({ address: '127.0.0.1', port: b.port });
    const player = new WavPlayer(new Int16Array(160 * 5).fill(1000));
    const payload = Buffer.alloc(160);
    const scratch = new Int16Array(160);
    const received: number[] = [];
    b.onRtp = (p) => received.push(p.timestamp);
    let ended = false;
    startFramePlayback({
      session: a,
      clock: new MediaClock(),
      next: () => player.nextPayload(G711Law.PCMA, payload, scratch),
      payloadType: 8,
      onEnd: () => {
        ended = true;
      },
    });
    const deadline = Date.now() + 2000;
    while ((!ended || received.length < 5) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(ended).toBe(true);
    expect(received).toHaveLength(5);
    expect(received.map((t) => (t - (received[0] as number)) >>> 0)).toEqual([0, 160, 320, 480, 640]);
  });
});
