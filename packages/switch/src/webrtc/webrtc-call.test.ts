import { decodeG711, encodeG711, type G711Law, tonesPresent } from '@hujiao/media';
import { createDigestAuthorization, parseMessage, pickChallenge, type SipResponse } from '@hujiao/sip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaStreamTrack, RtpHeader, RtpPacket } from 'werift';
import WebSocket from 'ws';
import { InMemoryDirectory } from '../directory.ts';
import { createSwitch, type Switch } from '../switch.ts';
import { BrowserPhone, browserPeer } from '../test-support/browser-phone.ts';
import { EventLog, testLogger } from '../test-support/peers.ts';

/**
 * A browser phone as the switch meets it (RFC 7118 + RFC 8829): SIP over a WebSocket, digest-authenticated INVITE
 * with a WebRTC offer (werift playing the browser: full ICE on 127.0.0.1, DTLS-SRTP, PCMU), answered by the
 * switch's WebRTC leg; the echo test (*43) sends back what the browser says. Ports: RTP 23100-23199, ICE any.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a browser phone calls over SIP/WebSocket with WebRTC media', { timeout: 30_000 }, () => {
  let sw: Switch;
  const events = new EventLog();

  beforeAll(async () => {
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    directory.addExtension('t1', { number: '1001', password: 'secret1' });
    directory.addExtension('t1', { number: '1002', password: 'secret2' });
    directory.addExtension('t1', { number: '1003', password: 'secret3' });
    sw = await createSwitch({
      sipPort: 0,
      wsPort: 0,
      bindAddress: '127.0.0.1',
      rtpPortMin: 23100,
      rtpPortMax: 23199,
      webrtc: { hostAddresses: ['127.0.0.1'] },
      lostPhoneGraceMs: 1500,
      directory,
      events,
      logger: testLogger(),
    });
  });
  afterAll(() => sw?.close());

  /** 1002 calls 1003, both browser phones registered over the WebSocket; `bCodecs`: what 1003 offers. */
  async function browsersInCall(bCodecs?: Array<'PCMU' | 'PCMA'>) {
    const phone = (user: string, password: string, codecs?: Array<'PCMU' | 'PCMA'>) =>
      new BrowserPhone({
        url: `ws://127.0.0.1:${sw.ports.ws}`,
        domain: 'acme',
        user,
        password,
        ...(codecs ? { codecs } : {}),
      });
    const a = phone('1002', 'secret2');
    const b = phone('1003', 'secret3', bCodecs);
    await a.connect();
    await b.connect();
    expect(await a.register()).toBe(200);
    expect(await b.register()).toBe(200);
    expect(await a.call('1003')).toBe(200);
    await a.connected();
    await b.connected();
    return { a, b };
  }

  it('the echo test answers with WebRTC and sends the browser’s audio back over DTLS-SRTP', async () => {
    const pc = browserPeer(['PCMU']);
    const track = new MediaStreamTrack({ kind: 'audio' });
    pc.addTransceiver(track, { direction: 'sendrecv' });
    const received: RtpPacket[] = [];
    pc.onTrack.subscribe((t) => t.onReceiveRtp.subscribe((p) => received.push(p)));
    await pc.setLocalDescription(await pc.createOffer());
    for (let i = 0; i < 100 && pc.iceGatheringState !== 'complete'; i++) await sleep(20);
    const offer = pc.localDescription?.sdp ?? '';

    const ws = new WebSocket(`ws://127.0.0.1:${sw.ports.ws}`, 'sip');
    const responses: SipResponse[] = [];
    ws.on('message', (data: Buffer) => {
      const parsed = parseMessage(Buffer.from(data), { framing: 'datagram' });
      if (parsed.ok && parsed.message.kind === 'response') responses.push(parsed.message);
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const final = async (cseq: number) => {
      for (let i = 0; i < 500; i++) {
        const r = responses.find((x) => x.status >= 200 && x.cseq?.seq === cseq);
        if (r) return r;
        await sleep(10);
      }
      throw new Error(`no final response to CSeq ${cseq}`);
    };
    const invite = (cseq: number, auth?: string) =>
      [
        'INVITE sip:*43@acme SIP/2.0',
        `Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK-wrtc-${cseq}`,
        'Max-Forwards: 70',
        'From: "Agent" <sip:1001@acme>;tag=br1',
        'To: <sip:*43@acme>',
        'Call-ID: webrtc-echo-1',
        `CSeq: ${cseq} INVITE`,
        'Contact: <sip:1001@df7jal23ls0d.invalid;transport=ws;ob>',
        ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
        'Content-Type: application/sdp',
        `Content-Length: ${Buffer.byteLength(offer)}`,
        '',
        offer,
      ].join('\r\n');
    ws.send(invite(1));
    const challenge = await final(1);
    expect(challenge.status).toBe(407);
    const chosen = pickChallenge(challenge.getAll('proxy-authenticate'));
    if (!chosen) throw new Error('no challenge');
    ws.send(
      [
        'ACK sip:*43@acme SIP/2.0',
        'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK-wrtc-1',
        'Max-Forwards: 70',
        'From: "Agent" <sip:1001@acme>;tag=br1',
        `To: ${challenge.get('to')}`,
        'Call-ID: webrtc-echo-1',
        'CSeq: 1 ACK',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    const auth = createDigestAuthorization(chosen, {
      username: '1001',
      password: 'secret1',
      method: 'INVITE',
      uri: 'sip:*43@acme',
    });
    ws.send(invite(2, auth));
    const ok = await final(2);
    expect(ok.status).toBe(200);
    const answer = ok.body.toString('utf8');
    expect(answer).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0/m);
    expect(answer).toMatch(/^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/m);
    const contact = /<([^>]+)>/.exec(ok.get('contact') ?? '')?.[1] ?? 'sip:acme';
    ws.send(
      [
        `ACK ${contact} SIP/2.0`,
        'Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK-wrtc-ack2',
        'Max-Forwards: 70',
        'From: "Agent" <sip:1001@acme>;tag=br1',
        `To: ${ok.get('to')}`,
        'Call-ID: webrtc-echo-1',
        'CSeq: 2 ACK',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    for (let i = 0; i < 250 && pc.connectionState !== 'connected'; i++) await sleep(20);
    expect(pc.connectionState).toBe('connected');

    // 1.5 s of a recognisable payload; the echo sends each frame back.
    for (let i = 0; i < 75; i++) {
      const payload = Buffer.alloc(160, 0x40 + (i % 8));
      track.writeRtp(new RtpPacket(new RtpHeader({ payloadType: 0, sequenceNumber: i, timestamp: i * 160 }), payload));
      await sleep(20);
    }
    await sleep(300);
    const echoed = received.filter((p) => p.header.payloadType === 0 && (p.payload[0] ?? 0) >= 0x40);
    expect(echoed.length).toBeGreaterThan(60);
    expect(new Set(echoed.map((p) => p.payload[0])).size).toBe(8);
    const call = sw.calls().find((c) => c.liveLegs().some((l) => l.webrtc !== null));
    expect(call).toBeDefined();

    ws.close();
    await pc.close();
    for (let i = 0; i < 100 && sw.calls().some((c) => !c.isEnded); i++) await sleep(20);
  });

  it('one browser calls another: the switch offers WebRTC to the phone registered over a WebSocket, audio both ways', async () => {
    const { a, b } = await browsersInCall(['PCMA']);
    try {
      const invite = b.requests.find((r) => r.method === 'INVITE');
      expect(invite?.body.toString()).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 8 101/m);
      await Promise.all([a.say(0x33, 50), b.say(0x44, 50)]);
      await sleep(300);
      // Each hears the other's frames: b chose PCMA, so the switch transcodes between the two laws.
      const aHeard = a.received.filter((p) => p.header.payloadType === 0);
      const bHeard = b.received.filter((p) => p.header.payloadType === 8);
      expect(aHeard.length).toBeGreaterThan(35);
      expect(bHeard.length).toBeGreaterThan(35);
      const across = (from: G711Law, to: G711Law, octet: number) =>
        encodeG711(to, decodeG711(from, Buffer.alloc(1, octet)))[0];
      expect(new Set(aHeard.slice(5).map((p) => p.payload[0]))).toEqual(new Set([across('PCMA', 'PCMU', 0x44)]));
      expect(new Set(bHeard.slice(5).map((p) => p.payload[0]))).toEqual(new Set([across('PCMU', 'PCMA', 0x33)]));
      expect(await a.hangup()).toBe(200);
      for (let i = 0; i < 100 && b.inCall; i++) await sleep(20);
      expect(b.inCall).toBe(false);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('survives a dropped WebSocket during the call: media goes on, the BYE reaches the phone on its new connection', async () => {
    const { a, b } = await browsersInCall();
    try {
      await a.say(0x33, 25);
      expect(await a.dropSocket()).toBe(200);
      await a.say(0x35, 25);
      await sleep(300);
      const heard = (octet: number) => b.received.filter((p) => p.payload[0] === octet).length;
      expect(heard(0x33)).toBeGreaterThan(15);
      expect(heard(0x35)).toBeGreaterThan(15);
      const call = sw.calls().find((c) => !c.isEnded && c.liveLegs().some((l) => l.extension === '1003'));
      expect(call?.liveLegs()).toHaveLength(2);
      // The callee hangs up: the switch's BYE to the caller goes over the caller's new WebSocket.
      expect(await b.hangup()).toBe(200);
      for (let i = 0; i < 100 && a.inCall; i++) await sleep(20);
      expect(a.inCall).toBe(false);
      expect(a.requests.some((r) => r.method === 'BYE')).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('three browsers in a three-way call: the mixer gives each the other two, none its own voice', async () => {
    const { a, b } = await browsersInCall();
    const c = new BrowserPhone({
      url: `ws://127.0.0.1:${sw.ports.ws}`,
      domain: 'acme',
      user: '1001',
      password: 'secret1',
    });
    try {
      await c.connect();
      expect(await c.register()).toBe(200);
      const call = sw.calls().find((x) => !x.isEnded && x.liveLegs().some((l) => l.extension === '1003'));
      // 1002 called: its leg is the call's inbound one.
      const aLeg = call?.inbound;
      if (!call || !aLeg) throw new Error('no call of 1002 and 1003');
      // 1002 brings 1001 in (三方通话): the third browser rings and answers.
      const added = await sw.execute({
        command: 'conferenceAdd',
        callId: call.id,
        legId: aLeg.id,
        target: { extension: '1001' },
      });
      expect(added).toMatchObject({ ok: true, outcome: 'answered' });
      await c.connected();
      await sleep(300);
      const marks = [a, b, c].map((p) => p.heard().length);
      await Promise.all([a.sayTone(500, 1200), b.sayTone(900, 1200), c.sayTone(1300, 1200)]);
      await sleep(200);
      const tones = (p: BrowserPhone, i: number) =>
        tonesPresent(p.heard().subarray((marks[i] as number) + 2400), 8000, [500, 900, 1300]);
      expect(tones(a, 0)).toEqual([900, 1300]);
      expect(tones(b, 1)).toEqual([500, 1300]);
      expect(tones(c, 2)).toEqual([500, 900]);
      expect(await a.hangup()).toBe(200);
      // 1002 left: the other two go on talking.
      await sleep(200);
      expect(b.inCall && c.inCall).toBe(true);
      expect(await b.hangup()).toBe(200);
    } finally {
      await a.close();
      await b.close();
      await c.close();
    }
  });

  it('ends the call by the system when a browser’s WebSocket closes and does not come back', async () => {
    const { a, b } = await browsersInCall();
    try {
      const call = sw.calls().find((c) => !c.isEnded && c.liveLegs().some((l) => l.extension === '1003'));
      await a.loseSocket();
      await sleep(800);
      // Within the grace the call waits for the phone to come back.
      expect(call?.isEnded).toBe(false);
      for (let i = 0; i < 150 && b.inCall; i++) await sleep(20);
      expect(b.inCall).toBe(false);
      expect(call?.isEnded).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
