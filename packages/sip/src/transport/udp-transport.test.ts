import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransportSink } from './transport.ts';
import type { Flow } from './types.ts';
import { UdpTransport } from './udp-transport.ts';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

function peer(): Promise<Socket> {
  const s = createSocket('udp4');
  open.push({ close: () => new Promise<void>((r) => s.close(() => r())) });
  return new Promise((resolve) => s.bind(0, '127.0.0.1', () => resolve(s)));
}

async function transport(
  senderThread: boolean,
): Promise<{ t: UdpTransport; got: Array<{ text: string; flow: Flow }> }> {
  const got: Array<{ text: string; flow: Flow }> = [];
  const sink: TransportSink = {
    onMessage: (data, flow) => got.push({ text: data.toString(), flow }),
    onMalformed: () => {},
  };
  const t = new UdpTransport({ host: '127.0.0.1', port: 0, senderThread });
  await t.listen(sink);
  open.push(t);
  return { t, got };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe.each([true, false])('UdpTransport (sender thread: %s)', (senderThread) => {
  it('receives on its port and sends from it, in order', async () => {
    const { t, got } = await transport(senderThread);
    const p = await peer();
    const received: Array<{ text: string; port: number }> = [];
    p.on('message', (m, rinfo) => received.push({ text: m.toString(), port: rinfo.port }));
    for (let i = 0; i < 20; i++) p.send(`in ${i}`, t.localPort, '127.0.0.1');
    await until(() => got.length === 20);
    expect(got.map((g) => g.text)).toEqual(Array.from({ length: 20 }, (_, i) => `in ${i}`));
    expect(got[0]?.flow).toMatchObject({ remoteAddress: '127.0.0.1', remotePort: p.address().port });
    for (let i = 0; i < 50; i++) await t.send(Buffer.from(`out ${i}`), '127.0.0.1', p.address().port);
    await until(() => received.length === 50);
    expect(received.map((r) => r.text)).toEqual(Array.from({ length: 50 }, (_, i) => `out ${i}`));
    expect(new Set(received.map((r) => r.port))).toEqual(new Set([t.localPort]));
  });
});

describe('UdpTransport with a sender thread', () => {
  it('hands datagrams that reach the thread on to the transport', async () => {
    const { t, got } = await transport(true);
    // With the transport's own socket gone the thread's is the only one on the port: what it gets, it passes on.
    const own = (t as unknown as { socket: Socket }).socket;
    await new Promise<void>((r) => own.close(() => r()));
    (t as unknown as { socket: Socket | null }).socket = null;
    const p = await peer();
    p.send('hello', t.localPort, '127.0.0.1');
    await until(() => got.length === 1);
    expect(got[0]?.text).toBe('hello');
    expect(got[0]?.flow.remotePort).toBe(p.address().port);
  });

  it('will not share its port with another server (the port is taken, as without the thread)', async () => {
    const { t } = await transport(true);
    const second = new UdpTransport({ host: '127.0.0.1', port: t.localPort, senderThread: true });
    await expect(second.listen({ onMessage: () => {}, onMalformed: () => {} })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });

  it('sends on from its own socket when the thread has stopped', async () => {
    const { t } = await transport(true);
    const sender = (t as unknown as { sender: { close(): Promise<void>; alive: boolean } }).sender;
    await sender.close();
    expect(sender.alive).toBe(false);
    const p = await peer();
    const received = new Promise<number>((resolve) => p.once('message', (_m, rinfo) => resolve(rinfo.port)));
    await t.send(Buffer.from('still here'), '127.0.0.1', p.address().port);
    expect(await received).toBe(t.localPort);
  });
});
