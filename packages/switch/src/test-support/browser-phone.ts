import { decodeG711, encodeG711, G711Law, ToneGenerator } from '@hujiao/media';
import {
  createDigestAuthorization,
  createResponse,
  parseMessage,
  pickChallenge,
  type SipRequest,
  type SipResponse,
  serializeMessage,
} from '@hujiao/sip';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import WebSocket from 'ws';

/**
 * A browser phone for tests and benchmarks, as JsSIP in Chromium behaves towards the switch: SIP over a WebSocket
 * (RFC 7118, Via WSS with an .invalid host), digest-authenticated REGISTER and INVITE, media by werift (full ICE on
 * the given address, DTLS-SRTP, PCMU/PCMA, telephone-event). One call at a time; incoming calls are answered.
 */
export interface BrowserPhoneOptions {
  url: string;
  domain: string;
  user: string;
  password: string;
  /** The digest username when it is not `user` (a browser phone's credential for one sign-in: `user*id`). */
  authorizationUser?: string;
  /** The ICE host address (default 127.0.0.1). */
  host?: string;
  /** Codecs offered, in order (default PCMU, PCMA). */
  codecs?: Array<'PCMU' | 'PCMA'>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let counter = 0;

export class BrowserPhone {
  private ws: WebSocket | null = null;
  private readonly responses: SipResponse[] = [];
  private readonly id = `bp${++counter}${Math.random().toString(36).slice(2, 6)}`;
  private cseq = 1;
  private pc: RTCPeerConnection | null = null;
  private track: MediaStreamTrack | null = null;
  /** The current call's dialog: Call-ID, our tag and theirs, their Contact, who called. */
  private dialog: { callId: string; local: string; remote: string; target: string } | null = null;
  private seq = 0;
  private ts = 0;
  /** RTP the phone received in its call (decrypted). */
  readonly received: RtpPacket[] = [];
  /** Requests the switch sent (INVITE, BYE …). */
  readonly requests: SipRequest[] = [];

  constructor(private readonly o: BrowserPhoneOptions) {}

  /**
   * The WebSocket drops (a network blip) and comes back: a new connection, the same contact registered again, as
   * JsSIP does; the call's media (ICE/DTLS) goes on meanwhile.
   */
  async dropSocket(): Promise<number> {
    this.ws?.terminate();
    this.ws = null;
    await sleep(300);
    await this.connect();
    return this.register();
  }

  /** The WebSocket drops for good (the tab closed, the network is lost); the media goes quiet too. */
  async loseSocket(): Promise<void> {
    this.ws?.terminate();
    this.ws = null;
    await this.closeMedia();
  }

  async connect(): Promise<void> {
    const ws = new WebSocket(this.o.url, 'sip');
    ws.on('message', (data: Buffer) => {
      const parsed = parseMessage(Buffer.from(data), { framing: 'datagram' });
      if (!parsed.ok) return;
      if (parsed.message.kind === 'response') this.responses.push(parsed.message);
      else void this.onRequest(parsed.message);
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    this.ws = ws;
  }

  /** REGISTER with digest; resolves with the final status. */
  async register(expires = 300): Promise<number> {
    const send = (auth?: string) =>
      this.send('REGISTER', `sip:${this.o.domain}`, {
        to: `<sip:${this.o.user}@${this.o.domain}>`,
        callId: `${this.id}-reg`,
        headers: [
          `Contact: <sip:${this.o.user}@${this.id}.invalid;transport=ws>;expires=${expires}`,
          ...(auth ? [`Authorization: ${auth}`] : []),
        ],
      });
    let res = await this.final(send());
    if (res.status === 401) res = await this.final(send(this.authorize(res, 'REGISTER', `sip:${this.o.domain}`)));
    return res.status;
  }

  /** Calls `number`; resolves with the final status (200: media set up, ICE and DTLS connecting). */
  async call(number: string): Promise<number> {
    const uri = `sip:${number}@${this.o.domain}`;
    const callId = `${this.id}-call-${this.cseq}`;
    const offer = await this.openMedia(null);
    const send = (auth?: string) =>
      this.send('INVITE', uri, {
        to: `<${uri}>`,
        callId,
        body: offer,
        headers: [
          `Contact: <sip:${this.o.user}@${this.id}.invalid;transport=ws;ob>`,
          ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
        ],
      });
    let cseq = send();
    let res = await this.final(cseq);
    if (res.status === 407) {
      this.ack(uri, callId, res, cseq);
      cseq = send(this.authorize(res, 'INVITE', uri));
      res = await this.final(cseq);
    }
    if (res.status >= 300) {
      this.ack(uri, callId, res, cseq);
      await this.closeMedia();
      return res.status;
    }
    const target = /<([^>]+)>/.exec(res.get('contact') ?? '')?.[1] ?? uri;
    this.dialog = { callId, local: this.id, remote: tagOf(res.get('to')), target };
    this.ack(target, callId, res, cseq);
    await this.pc?.setRemoteDescription({ type: 'answer', sdp: res.body.toString('utf8') });
    return res.status;
  }

  /** Resolves when ICE and DTLS are up. */
  async connected(timeoutMs = 5000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.pc?.connectionState !== 'connected') {
      if (Date.now() > end) throw new Error(`${this.o.user}: media not connected (${this.pc?.connectionState})`);
      await sleep(20);
    }
  }

  /** Sends `frames` G.711 frames of one repeated octet, one per 20 ms (payload type of the first codec). */
  async say(octet: number, frames: number): Promise<void> {
    const pt = (this.o.codecs?.[0] ?? 'PCMU') === 'PCMU' ? 0 : 8;
    for (let i = 0; i < frames; i++) {
      const header = new RtpHeader({ payloadType: pt, sequenceNumber: this.seq & 0xffff, timestamp: this.ts >>> 0 });
      this.seq++;
      this.ts += 160;
      this.track?.writeRtp(new RtpPacket(header, Buffer.alloc(160, octet)));
      await sleep(20);
    }
  }

  /** Sends one G.711 frame now (payload type of the first codec): a load generator's own 20 ms clock calls it. */
  sendFrame(payload: Buffer): void {
    const pt = (this.o.codecs?.[0] ?? 'PCMU') === 'PCMU' ? 0 : 8;
    const header = new RtpHeader({ payloadType: pt, sequenceNumber: this.seq & 0xffff, timestamp: this.ts >>> 0 });
    this.seq++;
    this.ts += payload.length;
    this.track?.writeRtp(new RtpPacket(header, payload));
  }

  /** Sends a continuous tone for `ms` (G.711 of the first codec), one frame per 20 ms. */
  async sayTone(hz: number, ms: number, levelDbm0 = -10): Promise<Int16Array> {
    const law = (this.o.codecs?.[0] ?? 'PCMU') === 'PCMU' ? G711Law.PCMU : G711Law.PCMA;
    const gen = new ToneGenerator({ frequencies: [hz], cadenceMs: [], levelDbm0 });
    const sent = new Int16Array((ms / 20) * 160);
    for (let i = 0; i < ms / 20; i++) {
      const frame = gen.next(new Int16Array(160));
      sent.set(frame, i * 160);
      const header = new RtpHeader({
        payloadType: law === G711Law.PCMU ? 0 : 8,
        sequenceNumber: this.seq & 0xffff,
        timestamp: this.ts >>> 0,
      });
      this.seq++;
      this.ts += 160;
      this.track?.writeRtp(new RtpPacket(header, encodeG711(law, frame)));
      await sleep(20);
    }
    return sent;
  }

  /** The audio received so far (G.711 packets decoded in order of arrival). */
  heard(): Int16Array {
    const audio = this.received.filter((p) => p.header.payloadType === 0 || p.header.payloadType === 8);
    const out = new Int16Array(audio.length * 160);
    let n = 0;
    for (const p of audio) {
      const pcm = decodeG711(p.header.payloadType === 0 ? G711Law.PCMU : G711Law.PCMA, p.payload);
      out.set(pcm.subarray(0, Math.min(pcm.length, out.length - n)), n);
      n += pcm.length;
    }
    return out.subarray(0, n);
  }

  /** Ends the call with a BYE. */
  async hangup(): Promise<number | null> {
    const d = this.dialog;
    if (!d) return null;
    this.dialog = null;
    const cseq = this.send('BYE', d.target, { to: '', callId: d.callId, dialog: d });
    const res = await this.final(cseq).catch(() => null);
    await this.closeMedia();
    return res?.status ?? null;
  }

  async close(): Promise<void> {
    await this.closeMedia();
    this.ws?.close();
    this.ws = null;
  }

  get inCall(): boolean {
    return this.dialog !== null;
  }

  // ---- inside ----

  private async openMedia(offer: string | null): Promise<string> {
    await this.closeMedia();
    const host = this.o.host ?? '127.0.0.1';
    const pc = browserPeer(this.o.codecs ?? ['PCMU', 'PCMA'], host);
    const track = new MediaStreamTrack({ kind: 'audio' });
    pc.onTrack.subscribe((t) => t.onReceiveRtp.subscribe((p) => this.received.push(p)));
    this.pc = pc;
    this.track = track;
    if (offer) {
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
      const t = pc.getTransceivers()[0];
      if (t) {
        t.setDirection('sendrecv');
        await t.sender.replaceTrack(track);
      }
      await pc.setLocalDescription(await pc.createAnswer());
    } else {
      pc.addTransceiver(track, { direction: 'sendrecv' });
      await pc.setLocalDescription(await pc.createOffer());
    }
    for (let i = 0; i < 100 && pc.iceGatheringState !== 'complete'; i++) await sleep(20);
    return pc.localDescription?.sdp ?? '';
  }

  private async closeMedia(): Promise<void> {
    const pc = this.pc;
    this.pc = null;
    this.track = null;
    await pc?.close().catch(() => {});
  }

  private async onRequest(req: SipRequest): Promise<void> {
    this.requests.push(req);
    const reply = (res: SipResponse) => this.ws?.send(serializeMessage(res));
    if (req.method === 'INVITE' && !this.dialog) {
      reply(createResponse(req, 180, { toTag: 'br' }));
      const answer = await this.openMedia(req.body.toString('utf8'));
      const contact = /<([^>]+)>/.exec(req.get('contact') ?? '')?.[1] ?? '';
      this.dialog = {
        callId: req.get('call-id') ?? '',
        local: 'br',
        remote: tagOf(req.get('from')),
        target: contact,
      };
      reply(
        createResponse(req, 200, {
          toTag: 'br',
          headers: [['Contact', `<sip:${this.o.user}@${this.id}.invalid;transport=ws>`]],
          body: answer,
          contentType: 'application/sdp',
        }),
      );
    } else if (req.method === 'BYE') {
      reply(createResponse(req, 200));
      this.dialog = null;
      await this.closeMedia();
    } else if (req.method !== 'ACK') reply(createResponse(req, req.method === 'INVITE' ? 486 : 200));
  }

  private authorize(res: SipResponse, method: string, uri: string): string {
    const header = res.status === 407 ? 'proxy-authenticate' : 'www-authenticate';
    const challenge = pickChallenge(res.getAll(header));
    if (!challenge) throw new Error(`${this.o.user}: no challenge in ${res.status}`);
    return createDigestAuthorization(challenge, {
      username: this.o.authorizationUser ?? this.o.user,
      password: this.o.password,
      method,
      uri,
    });
  }

  /** Sends a request; returns its CSeq number. */
  private send(
    method: string,
    uri: string,
    o: {
      to: string;
      callId: string;
      body?: string;
      headers?: string[];
      dialog?: { local: string; remote: string };
    },
  ): number {
    const cseq = this.cseq++;
    const me = `<sip:${this.o.user}@${this.o.domain}>`;
    const d = o.dialog;
    // In a dialog, our tag and theirs (RFC 3261 §12.2.1.1), whoever called.
    const from = `${me};tag=${d ? d.local : this.id}`;
    const lines = [
      `${method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/WSS ${this.id}.invalid;branch=z9hG4bK-${this.id}-${cseq}`,
      'Max-Forwards: 70',
      `From: ${from}`,
      `To: ${d ? `<${uri}>;tag=${d.remote}` : o.to}`,
      `Call-ID: ${o.callId}`,
      `CSeq: ${cseq} ${method}`,
      ...(o.headers ?? []),
      ...(o.body ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${o.body ? Buffer.byteLength(o.body) : 0}`,
      '',
      o.body ?? '',
    ];
    this.ws?.send(lines.join('\r\n'));
    return cseq;
  }

  private ack(uri: string, callId: string, res: SipResponse, cseq: number): void {
    const lines = [
      `ACK ${uri} SIP/2.0`,
      `Via: SIP/2.0/WSS ${this.id}.invalid;branch=z9hG4bK-${this.id}-${res.status < 300 ? 'ack' : ''}${cseq}`,
      'Max-Forwards: 70',
      `From: <sip:${this.o.user}@${this.o.domain}>;tag=${this.id}`,
      `To: ${res.get('to')}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ACK`,
      'Content-Length: 0',
      '',
      '',
    ];
    this.ws?.send(lines.join('\r\n'));
  }

  private async final(cseq: number, timeoutMs = 10_000): Promise<SipResponse> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const r = this.responses.find((x) => x.status >= 200 && x.cseq?.seq === cseq);
      if (r) return r;
      if (Date.now() > end) throw new Error(`${this.o.user}: no final response to CSeq ${cseq}`);
      await sleep(10);
    }
  }
}

function tagOf(header: string | undefined): string {
  return /;tag=([^;>\s]+)/.exec(header ?? '')?.[1] ?? '';
}

/** A browser's peer connection as Chromium makes one for a call: G.711 (in this order) and telephone-event/8000. */
export function browserPeer(codecs: Array<'PCMU' | 'PCMA' | 'opus'>, host = '127.0.0.1'): RTCPeerConnection {
  return new RTCPeerConnection({
    codecs: {
      audio: [
        ...codecs.map(
          (c) =>
            new RTCRtpCodecParameters({
              mimeType: `audio/${c}`,
              clockRate: c === 'opus' ? 48000 : 8000,
              channels: c === 'opus' ? 2 : 1,
              payloadType: c === 'PCMU' ? 0 : c === 'PCMA' ? 8 : 111,
            }),
        ),
        ...(codecs.includes('opus')
          ? []
          : [
              new RTCRtpCodecParameters({
                mimeType: 'audio/telephone-event',
                clockRate: 8000,
                channels: 1,
                payloadType: 101,
              }),
            ]),
      ],
    },
    iceServers: [],
    iceAdditionalHostAddresses: [host],
    iceUseIpv6: false,
  });
}
