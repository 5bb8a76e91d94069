import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { SipRequest, SipResponse } from '../message/message.ts';
import { parseMessage } from '../message/parser.ts';
import { createResponse } from '../message/response.ts';
import { StreamTransport } from './stream-transport.ts';
import { TransportLayer } from './transport-layer.ts';
import type { Flow, SipLogger } from './types.ts';
import { UdpTransport } from './udp-transport.ts';
import { WsTransport } from './ws-transport.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/rfc4475/${name}.dat`, import.meta.url));

function options(transport: string, port: number, branch = 'z9hG4bKt1'): string {
  return [
    'OPTIONS sip:server@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/${transport} client.invalid:${port};branch=${branch};rport`,
    'Max-Forwards: 70',
    'From: <sip:alice@example.com>;tag=a1',
    'To: <sip:server@127.0.0.1>',
    `Call-ID: ${branch}@test`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function makeLayer() {
  const requests: Array<{ request: SipRequest; flow: Flow }> = [];
  const responses: SipResponse[] = [];
  const logger: SipLogger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const layer = new TransportLayer({
    logger,
    onRequest: (request, flow) => {
      requests.push({ request, flow });
      void layer.sendResponse(createResponse(request, 200, { toTag: 'srv' }), flow);
    },
    onResponse: (r) => responses.push(r),
  });
  return { layer, requests, responses, logger };
}

const until = async (cond: () => boolean, ms = 2000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 5));
  }
};

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

describe('UDP transport', () => {
  it('stamps received/rport and routes the response back to the source port (RFC 3581)', async () => {
    const { layer, requests } = makeLayer();
    await layer.add(new UdpTransport({ host: '127.0.0.1', port: 0 }));
    cleanup.push(() => layer.close());
    const port = layer.transport('UDP')?.localPort ?? 0;
    const client = createSocket('udp4');
    cleanup.push(() => {
      client.close();
    });
    const got: Buffer[] = [];
    client.on('message', (m) => got.push(m));
    await new Promise<void>((r) => client.bind(0, '127.0.0.1', () => r()));
    const clientPort = client.address().port;
    client.send(options('UDP', 5999), port, '127.0.0.1');
    await until(() => got.length === 1);
    const via = requests[0]?.request.topVia;
    expect(via?.params.get('received')).toBe('127.0.0.1');
    expect(via?.params.get('rport')).toBe(String(clientPort));
    const res = parseMessage(got[0] as Buffer);
    expect(res.ok && res.message.kind === 'response' && res.message.status).toBe(200);
  });

  it('answers a malformed request whose essentials parsed with 400, drops garbage, counts and logs both', async () => {
    const { layer, requests, logger } = makeLayer();
    await layer.add(new UdpTransport({ host: '127.0.0.1', port: 0 }));
    cleanup.push(() => layer.close());
    const port = layer.transport('UDP')?.localPort ?? 0;
    const client = createSocket('udp4');
    cleanup.push(() => {
      client.close();
    });
    const got: Buffer[] = [];
    client.on('message', (m) => got.push(m));
    await new Promise<void>((r) => client.bind(0, '127.0.0.1', () => r()));
    // rport added so that the answer comes back to this socket (RFC 3581) rather than to the Via's port 5060.
    const withRport = (name: string): Buffer =>
      Buffer.from(fixture(name).toString().replace(';branch=', ';rport;branch='));
    client.send(withRport('mismatch01'), port, '127.0.0.1');
    client.send(withRport('badvers'), port, '127.0.0.1');
    client.send(Buffer.from('garbage\r\n\r\n'), port, '127.0.0.1');
    client.send(Buffer.from('\r\n\r\n'), port, '127.0.0.1');
    await until(() => layer.stats.malformed === 3 && got.length === 2);
    const statuses = got.map((g) => {
      const r = parseMessage(g);
      return r.ok && r.message.kind === 'response' ? r.message.status : 0;
    });
    expect(statuses.sort()).toEqual([400, 505]);
    expect(layer.stats.rejected).toBe(2);
    expect(requests).toHaveLength(0);
    expect(logger.debug).toHaveBeenCalledTimes(3);
  });
});

describe('TCP transport', () => {
  it('frames by Content-Length across and within segments and reuses the connection', async () => {
    const { layer, requests } = makeLayer();
    await layer.add(new StreamTransport({ host: '127.0.0.1', port: 0 }));
    cleanup.push(() => layer.close());
    const port = layer.transport('TCP')?.localPort ?? 0;
    const socket = connect(port, '127.0.0.1');
    cleanup.push(() => {
      socket.destroy();
    });
    let received = '';
    socket.on('data', (d) => {
      received += d.toString();
    });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const two = options('TCP', 5060, 'z9hG4bKa') + options('TCP', 5060, 'z9hG4bKb');
    socket.write(`\r\n${two}`);
    const third = options('TCP', 5060, 'z9hG4bKc');
    socket.write(third.slice(0, 50));
    await new Promise((r) => setTimeout(r, 20));
    socket.write(third.slice(50));
    await until(() => (received.match(/SIP\/2\.0 200/g) ?? []).length === 3);
    expect(requests.map((r) => r.request.callId)).toEqual(['z9hG4bKa@test', 'z9hG4bKb@test', 'z9hG4bKc@test']);
    expect(new Set(requests.map((r) => r.flow.connectionId)).size).toBe(1);
  });

  it('closes the connection on a message without Content-Length', async () => {
    const { layer } = makeLayer();
    await layer.add(new StreamTransport({ host: '127.0.0.1', port: 0 }));
    cleanup.push(() => layer.close());
    const port = layer.transport('TCP')?.localPort ?? 0;
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.write(options('TCP', 5060).replace('Content-Length: 0\r\n', ''));
    await closed;
    expect(layer.stats.malformed).toBe(1);
  });

  it('sends requests out over a new connection and receives the response on it', async () => {
    const server = makeLayer();
    await server.layer.add(new StreamTransport({ host: '127.0.0.1', port: 0 }));
    const client = makeLayer();
    await client.layer.add(new StreamTransport({ host: '127.0.0.1', port: 0 }));
    cleanup.push(
      () => server.layer.close(),
      () => client.layer.close(),
    );
    const parsed = parseMessage(Buffer.from(options('TCP', 1, 'z9hG4bKout')));
    if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('fixture');
    const port = server.layer.transport('TCP')?.localPort ?? 0;
    await client.layer.sendRequest(parsed.message, { protocol: 'TCP', host: '127.0.0.1', port });
    await until(() => client.responses.length === 1);
    expect(client.responses[0]?.status).toBe(200);
  });
});

describe('WebSocket transport (RFC 7118)', () => {
  it('exchanges SIP over the sip subprotocol and rejects clients without it', async () => {
    const { layer, requests } = makeLayer();
    await layer.add(new WsTransport({ host: '127.0.0.1', port: 0 }));
    cleanup.push(() => layer.close());
    const port = layer.transport('WS')?.localPort ?? 0;
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, 'sip');
    cleanup.push(() => ws.terminate());
    const got: string[] = [];
    ws.on('message', (d) => got.push(d.toString()));
    await new Promise<void>((r) => ws.once('open', () => r()));
    expect(ws.protocol).toBe('sip');
    ws.send(options('WS', 80).replace('Content-Length: 0\r\n', ''));
    await until(() => got.length === 1);
    expect(got[0]).toMatch(/^SIP\/2\.0 200 OK/);
    expect(requests[0]?.flow.protocol).toBe('WS');

    const bare = new WebSocket(`ws://127.0.0.1:${port}`);
    const code = await new Promise<number>((r) => bare.on('close', (c) => r(c)));
    expect(code).toBe(1002);
  });
});

describe('TLS transport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sip-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  let haveOpenssl = true;
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
  } catch {
    haveOpenssl = false;
  }

  it.skipIf(!haveOpenssl || !existsSync(certFile))(
    'carries SIP over TLS and WSS with the given certificate',
    async () => {
      const tls = { keyFile, certFile, rejectUnauthorized: false };
      const server = makeLayer();
      await server.layer.add(new StreamTransport({ host: '127.0.0.1', port: 0, tls }));
      await server.layer.add(new WsTransport({ host: '127.0.0.1', port: 0, tls }));
      const client = makeLayer();
      await client.layer.add(new StreamTransport({ host: '127.0.0.1', port: 0, tls }));
      await client.layer.add(new WsTransport({ host: '127.0.0.1', port: 0, tls }));
      cleanup.push(
        () => server.layer.close(),
        () => client.layer.close(),
      );
      for (const protocol of ['TLS', 'WSS'] as const) {
        const parsed = parseMessage(Buffer.from(options(protocol, 1, `z9hG4bK${protocol}`)));
        if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('fixture');
        const port = server.layer.transport(protocol)?.localPort ?? 0;
        await client.layer.sendRequest(parsed.message, { protocol, host: '127.0.0.1', port });
      }
      await until(() => client.responses.length === 2);
      expect(server.requests.map((r) => r.flow.protocol).sort()).toEqual(['TLS', 'WSS']);
    },
  );
});
