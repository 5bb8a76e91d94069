import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { RtpPacket } from '../rtp/rtp-packet.ts';
import { PortAllocator } from './port-allocator.ts';
import { RtpSession } from './rtp-session.ts';
import { type RtpSocketPair, RtpSocketPool, type RtpSocketPoolOptions, type SendThread } from './socket-pool.ts';

// Ports 40600-40619 belong to this file.
let clock = 0;
const pools: RtpSocketPool[] = [];
const held = new Set<RtpSocketPair>();

function pool(options: Partial<RtpSocketPoolOptions> = {}): { pool: RtpSocketPool; allocator: PortAllocator } {
  const allocator = new PortAllocator({ min: 40600, max: 40619 });
  const p = new RtpSocketPool({ allocator, bindAddress: '127.0.0.1', now: () => clock, ...options });
  // Every pair a test takes is given back afterwards, so that the next test finds the ports free.
  const acquire = p.acquire.bind(p);
  const release = p.release.bind(p);
  p.acquire = async (rtcp) => {
    const pair = await acquire(rtcp);
    held.add(pair);
    return pair;
  };
  p.release = (pair) => {
    held.delete(pair);
    return release(pair);
  };
  pools.push(p);
  return { pool: p, allocator };
}

function sendTo(port: number, payload: Buffer): Promise<void> {
  const s = createSocket('udp4');
  return new Promise((resolve) => s.send(payload, port, '127.0.0.1', () => s.close(() => resolve())));
}

afterEach(async () => {
  for (const p of pools) for (const pair of [...held]) await p.release(pair);
  await Promise.all(pools.splice(0).map((p) => p.close()));
  clock = 0;
});

describe('RtpSocketPool', () => {
  it('hands a released pair out again only after its quarantine, oldest first', async () => {
    const { pool: p, allocator } = pool({ quarantineMs: 1000 });
    const a = await p.acquire(true);
    const b = await p.acquire(true);
    expect(b.port).toBe(a.port + 2);
    expect(a.rtcp).toBeDefined();
    p.release(a);
    p.release(b);
    clock = 999;
    const fresh = await p.acquire(true);
    expect([a.port, b.port]).not.toContain(fresh.port);
    clock = 1000;
    expect((await p.acquire(true)).port).toBe(a.port);
    expect((await p.acquire(true)).port).toBe(b.port);
    expect(p.parkedCount).toBe(0);
    expect(allocator.allocated).toBe(3);
  });

  it('reuses the oldest parked pair, quarantine or not, when the range is exhausted', async () => {
    const { pool: p } = pool();
    const all = [];
    for (let i = 0; i < 10; i++) all.push(await p.acquire(true));
    await expect(p.acquire(true)).rejects.toThrow('RTP port range exhausted');
    p.release(all[3] as (typeof all)[number]);
    expect((await p.acquire(true)).port).toBe(all[3]?.port);
  });

  it('closes the oldest parked pairs beyond maxParked and those idle too long, returning their ports', async () => {
    const { pool: p, allocator } = pool({ maxParked: 2, idleMs: 5000 });
    const pairs = [await p.acquire(true), await p.acquire(true), await p.acquire(true)];
    for (const pair of pairs) p.release(pair);
    expect(p.parkedCount).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(allocator.isAllocated(pairs[0]?.port ?? 0)).toBe(false);
    expect(allocator.isAllocated(pairs[1]?.port ?? 0)).toBe(true);
    clock = 6000;
    (p as unknown as { sweep(): void }).sweep();
    await new Promise((r) => setTimeout(r, 20));
    expect(p.parkedCount).toBe(0);
    expect(allocator.allocated).toBe(0);
  });

  it('a session on a reused pair gets only its own packets; the ended session hears nothing more', async () => {
    const { pool: p, allocator } = pool({ quarantineMs: 0 });
    const first = await RtpSession.open({ allocator, sockets: p, bindAddress: '127.0.0.1', rtcpIntervalMs: 0 });
    let heardByFirst = 0;
    first.onRtp = () => heardByFirst++;
    const port = first.port;
    await first.close();
    await sendTo(port, Buffer.from('stray datagram to a parked socket'));
    await new Promise((r) => setTimeout(r, 30));
    const second = await RtpSession.open({ allocator, sockets: p, bindAddress: '127.0.0.1', rtcpIntervalMs: 0 });
    expect(second.port).toBe(port);
    const got = new Promise<number>((resolve) => {
      second.onRtp = (packet) => resolve(packet.sequenceNumber);
    });
    const packet = new RtpPacket({
      payloadType: 0,
      sequenceNumber: 7,
      timestamp: 160,
      ssrc: 42,
      payload: Buffer.alloc(160),
    });
    await sendTo(port, packet.serialize());
    expect(await got).toBe(7);
    expect(heardByFirst).toBe(0);
    await second.close();
  });

  it('closes parked pairs on close and closes pairs released after it', async () => {
    const { pool: p, allocator } = pool();
    const a = await p.acquire(false);
    const b = await p.acquire(false);
    expect(a.rtcp).toBeUndefined();
    p.release(a);
    await p.close();
    expect(allocator.isAllocated(a.port)).toBe(false);
    p.release(b);
    await new Promise((r) => setTimeout(r, 20));
    expect(allocator.allocated).toBe(0);
    await expect(p.acquire(true)).rejects.toThrow('closed');
  });

  it('with a send thread: the thread binds the RTP port first, RTP goes out through it, RTCP does not', async () => {
    // A stand-in for the SIP package's UdpSendThread (this layer's unit test): records the calls, sends nothing.
    const calls: string[] = [];
    const thread: SendThread = {
      alive: true,
      bind: async (_host, port) => {
        calls.push(`bind ${port}`);
        return port;
      },
      unbind: (port) => calls.push(`unbind ${port}`),
      send: (localPort, data, host, port) => calls.push(`send ${localPort} ${data.length} ${host}:${port}`),
    };
    const { pool: p, allocator } = pool({ sendThread: thread, maxParked: 0 });
    const session = await RtpSession.open({
      allocator,
      sockets: p,
      bindAddress: '127.0.0.1',
      rtcpIntervalMs: 0,
      remote: { address: '127.0.0.1', port: 40998 },
    });
    expect(calls).toEqual([`bind ${session.port}`]);
    session.sendRaw(Buffer.alloc(172));
    session.sendPayload(Buffer.alloc(160), { payloadType: 8 });
    expect(calls.slice(1)).toEqual([
      `send ${session.port} 172 127.0.0.1:40998`,
      `send ${session.port} 172 127.0.0.1:40998`,
    ]);
    await session.close();
    expect(calls.at(-1)).toBe(`unbind ${session.port}`);
  });
});
