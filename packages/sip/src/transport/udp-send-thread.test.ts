import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpSendThread } from './udp-send-thread.ts';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

async function receiver(): Promise<{ socket: Socket; got: string[] }> {
  const socket = createSocket('udp4');
  const got: string[] = [];
  socket.on('message', (m) => got.push(m.toString()));
  open.push(() => new Promise<void>((r) => socket.close(() => r())));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { socket, got };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('UdpSendThread', () => {
  it('drops datagrams beyond maxQueuedBytes instead of queueing without end, and sends again once caught up', async () => {
    const thread = await UdpSendThread.start(undefined, { maxQueuedBytes: 2000 });
    open.push(() => thread.close());
    const { socket, got } = await receiver();
    const to = socket.address().port;
    const from = await thread.bind('127.0.0.1', 0);
    // 100 bytes of payload + 7 + 9 ("127.0.0.1") of framing = 116 bytes each: 17 fit in 2000, nothing is sent
    // before this turn ends, so the rest of the burst is dropped.
    const payload = (i: number): Buffer => Buffer.from(`${String(i).padStart(3, '0')}`.padEnd(100, '.'));
    const accepted = Array.from({ length: 50 }, (_, i) => thread.send(from, payload(i), '127.0.0.1', to));
    expect(accepted.filter(Boolean)).toHaveLength(17);
    expect(accepted.slice(0, 17).every(Boolean)).toBe(true);
    expect(thread.dropped).toBe(33);
    await until(() => got.length === 17 && thread.queuedBytes === 0);
    expect(got.map((g) => g.slice(0, 3))).toEqual(Array.from({ length: 17 }, (_, i) => String(i).padStart(3, '0')));
    expect(thread.queuedBytes).toBe(0);
    // Caught up: the next datagram goes.
    expect(thread.send(from, payload(999), '127.0.0.1', to)).toBe(true);
    await until(() => got.length === 18);
    expect(got[17]?.slice(0, 3)).toBe('999');
    expect(thread.dropped).toBe(33);
  });
});
