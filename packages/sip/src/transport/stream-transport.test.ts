import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SipRequest } from '../message/message.ts';
import { parseMessage } from '../message/parser.ts';
import { createResponse } from '../message/response.ts';
import { StreamFramer } from './stream-framer.ts';
import { StreamTransport, type StreamTransportOptions } from './stream-transport.ts';
import { TransportLayer } from './transport-layer.ts';
import type { Flow, SipLogger } from './types.ts';

function options(branch: string, extra: string[] = []): string {
  return [
    'OPTIONS sip:server@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/TCP client.invalid:5060;branch=${branch};rport`,
    'Max-Forwards: 70',
    'From: <sip:alice@example.com>;tag=a1',
    'To: <sip:server@127.0.0.1>',
    `Call-ID: ${branch}@test`,
    'CSeq: 1 OPTIONS',
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

/** A layer over one TCP transport with the given limits; answers every request with 200. */
async function server(o: StreamTransportOptions, onRequest?: (r: SipRequest, f: Flow) => void) {
  const requests: Array<{ request: SipRequest; flow: Flow }> = [];
  const logger: SipLogger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const layer = new TransportLayer({
    logger,
    onRequest: (request, flow) => {
      requests.push({ request, flow });
      onRequest?.(request, flow);
      void layer.sendResponse(createResponse(request, 200, { toTag: 'srv' }), flow);
    },
    onResponse: () => {},
  });
  await layer.add(new StreamTransport({ host: '127.0.0.1', port: 0, ...o }));
  cleanup.push(() => layer.close());
  return { layer, requests, logger, port: layer.transport('TCP')?.localPort ?? 0 };
}

/** A raw TCP client that records what it receives and when it was closed (ms after connecting). */
async function client(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  cleanup.push(() => {
    socket.destroy();
  });
  const started = Date.now();
  const state = { received: '', closedAfter: -1 };
  socket.on('data', (d) => {
    state.received += d.toString('latin1');
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    state.closedAfter = Date.now() - started;
  });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const closed = (ms: number) =>
    Promise.race([new Promise<boolean>((r) => socket.once('close', () => r(true))), sleep(ms).then(() => false)]);
  return { socket, state, closed };
}

describe('StreamFramer limits', () => {
  it('answers a ping whose two CRLFs arrive apart, and counts the bytes of a message begun', () => {
    const f = new StreamFramer();
    expect(f.push(Buffer.from('\r\n'))).toEqual([]);
    expect(f.push(Buffer.from('\r\n'))).toEqual([{ kind: 'ping' }]);
    expect(f.push(Buffer.from('OPTIONS sip:x SIP/2.0\r\n'))).toEqual([]);
    expect(f.pending).toBe(23);
  });

  it('refuses a header section over the limit even when its end arrives in the same chunk', () => {
    const f = new StreamFramer(1024);
    const big = options('z9hG4bKbig', [`X-Big: ${'a'.repeat(2000)}`]);
    const out = f.push(Buffer.from(big));
    expect(out).toHaveLength(1);
    const err = out[0];
    expect(err?.kind === 'error' && err.reason).toBe('header section over 1024 bytes');
    expect(err?.kind === 'error' && err.tooLarge?.head.length).toBe(1024);
  });
});

describe('TCP connection limits', () => {
  it('closes a connection stalled inside a message after messageTimeoutMs, with a warning', async () => {
    const s = await server({ messageTimeoutMs: 300, idleTimeoutMs: 0 });
    const c = await client(s.port);
    c.socket.write(options('z9hG4bKstall').slice(0, 60));
    expect(await c.closed(3000)).toBe(true);
    expect(c.state.closedAfter).toBeGreaterThanOrEqual(290);
    expect(c.state.closedAfter).toBeLessThan(1500);
    expect(s.layer.stats.stalled).toBe(1);
    expect(s.logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ afterMs: 300 }),
      'SIP message incomplete for too long, connection closed',
    );
    expect(s.requests).toHaveLength(0);
  });

  it('times each message from its own first byte: slow halves of several messages within the limit pass', async () => {
    const s = await server({ messageTimeoutMs: 400, idleTimeoutMs: 0 });
    const c = await client(s.port);
    for (const branch of ['z9hG4bKs1', 'z9hG4bKs2', 'z9hG4bKs3']) {
      const text = options(branch);
      c.socket.write(text.slice(0, 40));
      await sleep(200);
      c.socket.write(text.slice(40));
    }
    await sleep(100);
    expect(s.requests.map((r) => r.request.callId)).toEqual(['z9hG4bKs1@test', 'z9hG4bKs2@test', 'z9hG4bKs3@test']);
    expect(c.state.closedAfter).toBe(-1);
    expect(s.layer.stats.stalled).toBe(0);
  });

  it('closes an idle connection, keeps one alive with CRLF pings (one CRLF pong each)', async () => {
    const s = await server({ idleTimeoutMs: 300 });
    const idle = await client(s.port);
    const pinging = await client(s.port);
    for (let i = 0; i < 6; i++) {
      pinging.socket.write('\r\n\r\n');
      await sleep(120);
    }
    expect(idle.state.closedAfter).toBeGreaterThanOrEqual(290);
    expect(pinging.state.closedAfter).toBe(-1);
    expect(pinging.state.received).toBe('\r\n'.repeat(6));
    // Pings stop: it idles out too.
    expect(await pinging.closed(2000)).toBe(true);
    expect(s.layer.stats.idleClosed).toBe(2);
  });

  it('keeps an idle connection held open (a registration rides on it) until the hold ends', async () => {
    const s = await server({ idleTimeoutMs: 200 }, (_r, f) => {
      s.layer.holdOpen(f, Date.now() + 900);
      s.layer.holdOpen(f, Date.now() + 100); // an earlier end does not shorten it
    });
    const c = await client(s.port);
    c.socket.write(options('z9hG4bKheld'));
    expect(await c.closed(800)).toBe(false);
    expect(c.state.received).toMatch(/^SIP\/2\.0 200/);
    expect(await c.closed(1500)).toBe(true);
    expect(s.layer.stats.idleClosed).toBe(1);
  });

  it('answers a header section over 64 KiB with 513, warns, and closes the connection', async () => {
    const s = await server({});
    const c = await client(s.port);
    c.socket.write(options('z9hG4bKhuge', [`X-Filler: ${'x'.repeat(70_000)}`]));
    expect(await c.closed(3000)).toBe(true);
    const res = parseMessage(Buffer.from(c.state.received, 'latin1'));
    expect(res.ok && res.message.kind === 'response' && res.message.status).toBe(513);
    expect(res.ok && res.message.callId).toBe('z9hG4bKhuge@test');
    expect(c.state.received).toMatch(/^SIP\/2\.0 513 Message Too Large\r\n/);
    expect(s.logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ reason: 'header section over 65536 bytes', method: 'OPTIONS' }),
      'SIP message too large: 513 sent, connection closed',
    );
    expect(s.layer.stats.rejected).toBe(1);
    expect(s.requests).toHaveLength(0);
  });

  it('closes without an answer, but with a warning, when not even the request line fits', async () => {
    const s = await server({ maxHeaderBytes: 4096 });
    const c = await client(s.port);
    c.socket.write(`OPTIONS sip:${'u'.repeat(5000)}@127.0.0.1 SIP/2.0\r\n`);
    expect(await c.closed(3000)).toBe(true);
    expect(c.state.received).toBe('');
    expect(s.logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ reason: 'header section over 4096 bytes' }),
      'SIP message too large, connection closed',
    );
  });
});
