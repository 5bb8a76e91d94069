import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDigestAuthorization, parseMessage, pickChallenge, type SipResponse } from '@hujiao/sip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { InMemoryDirectory } from './directory.ts';
import { createSwitch, type Switch } from './switch.ts';
import { EventLog, testLogger } from './test-support/peers.ts';

/** A browser phone's view (RFC 7118): SIP over a WebSocket with the "sip" subprotocol. */
describe('SIP over WebSocket', () => {
  let sw: Switch;
  const events = new EventLog();

  beforeAll(async () => {
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    directory.addExtension('t1', { number: '1001', password: 'secret1' });
    sw = await createSwitch({
      sipPort: 0,
      wsPort: 0,
      bindAddress: '127.0.0.1',
      rtpPortMin: 23000,
      rtpPortMax: 23099,
      directory,
      events,
      logger: testLogger(),
    });
  });
  afterAll(() => sw?.close());

  const register = (n: number, authorization?: string) =>
    [
      `REGISTER sip:acme SIP/2.0`,
      `Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK-ws-${n}`,
      'Max-Forwards: 70',
      'From: <sip:1001@acme>;tag=ws1',
      'To: <sip:1001@acme>',
      'Call-ID: ws-register-1',
      `CSeq: ${n} REGISTER`,
      'Contact: <sip:1001@df7jal23ls0d.invalid;transport=ws>;expires=300',
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');

  it('registers with digest auth over a WebSocket and drops the binding when the socket closes', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${sw.ports.ws}`, 'sip');
    const responses: SipResponse[] = [];
    ws.on('message', (data: Buffer) => {
      const parsed = parseMessage(Buffer.from(data), { framing: 'datagram' });
      if (parsed.ok && parsed.message.kind === 'response') responses.push(parsed.message);
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    expect(ws.protocol).toBe('sip');
    const next = async (count: number) => {
      for (let i = 0; i < 100 && responses.length < count; i++) await new Promise((r) => setTimeout(r, 10));
      return responses[count - 1];
    };

    ws.send(register(1));
    const challenge = await next(1);
    expect(challenge?.status).toBe(401);
    const offer = pickChallenge(challenge?.getAll('www-authenticate') ?? []);
    expect(offer).not.toBeNull();
    const authorization = createDigestAuthorization(offer as NonNullable<typeof offer>, {
      username: '1001',
      password: 'secret1',
      method: 'REGISTER',
      uri: 'sip:acme',
    });
    ws.send(register(2, authorization));
    expect((await next(2))?.status).toBe(200);
    expect(sw.registrations('t1').map((r) => [r.extension, r.transport])).toEqual([['1001', 'WS']]);

    ws.close();
    for (let i = 0; i < 100 && sw.registrations('t1').length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sw.registrations('t1')).toEqual([]);
    expect(events.of('registration').map((e) => e.action)).toEqual(['added', 'removed']);
  });
});

/** The same over TLS (WSS): what a browser on an https page uses, with the certificate the server is given. */
describe('SIP over secure WebSocket', () => {
  let sw: Switch;
  const dir = mkdtempSync(join(tmpdir(), 'hujiao-wss-'));

  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    directory.addExtension('t1', { number: '1001', password: 'secret1' });
    sw = await createSwitch({
      sipPort: 0,
      wss: { port: 0, tls: { keyFile: join(dir, 'key.pem'), certFile: join(dir, 'cert.pem') } },
      bindAddress: '127.0.0.1',
      rtpPortMin: 23200,
      rtpPortMax: 23299,
      directory,
      events: new EventLog(),
      logger: testLogger(),
    });
  });
  afterAll(async () => {
    await sw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a REGISTER over wss:// with the configured certificate', async () => {
    expect(sw.ports.wss).toBeGreaterThan(0);
    const ws = new WebSocket(`wss://127.0.0.1:${sw.ports.wss}`, 'sip', {
      ca: readFileSync(join(dir, 'cert.pem')),
    });
    const got: SipResponse[] = [];
    ws.on('message', (data: Buffer) => {
      const parsed = parseMessage(Buffer.from(data), { framing: 'datagram' });
      if (parsed.ok && parsed.message.kind === 'response') got.push(parsed.message);
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(
      [
        'REGISTER sip:acme SIP/2.0',
        'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK-wss-1',
        'Max-Forwards: 70',
        'From: <sip:1001@acme>;tag=wss1',
        'To: <sip:1001@acme>',
        'Call-ID: wss-register-1',
        'CSeq: 1 REGISTER',
        'Contact: <sip:1001@df7jal23ls0d.invalid;transport=ws>;expires=300',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    for (let i = 0; i < 200 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got[0]?.status).toBe(401);
    ws.close();
  });
});
