/**
 * A leg's media over WebRTC (ADR 0024): ICE (full, not lite: Chromium's DTLS is never answered by an ICE-lite
 * werift), DTLS-SRTP, rtcp-mux, G.711 and telephone-event/8000, through werift's RTCPeerConnection. To the leg it
 * looks like an RtpSession: plain RTP packets in (`onRtp`, decrypted), payloads and relayed datagrams out, numbered
 * on our own stream so the browser sees one source across re-bridges.
 */
import { buildDtmfPackets, G711Law, RtpPacket } from '@hujiao/media';
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  type RTCRtpSender,
  RtpHeader,
  RtpPacket as WeriftRtpPacket,
} from 'werift';
import type { LegMedia } from '../sdp-rewrite.ts';

/** What the server offers browsers: its ICE host addresses, and STUN/TURN servers when configured. */
export interface WebRtcSettings {
  /** Addresses of the host candidates (e.g. the server's LAN address; 127.0.0.1 for tests). */
  hostAddresses: string[];
  iceServers?: Array<{ urls: string; username?: string; credential?: string }>;
  /** UDP ports of the ICE candidates (werift binds one per session); absent: any. */
  portRange?: [number, number];
}

const TELEPHONE_EVENT_PT = 101;
const CODECS = [
  new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
  new RTCRtpCodecParameters({ mimeType: 'audio/PCMA', clockRate: 8000, channels: 1, payloadType: 8 }),
  new RTCRtpCodecParameters({
    mimeType: 'audio/telephone-event',
    clockRate: 8000,
    channels: 1,
    payloadType: TELEPHONE_EVENT_PT,
  }),
];

/** An SDP offer from a browser (RFC 8829): DTLS-SRTP audio (UDP/TLS/RTP/SAVPF) with a fingerprint. */
export function isWebRtcOffer(sdp: string): boolean {
  return /^m=audio \d+ UDP\/TLS\/RTP\/SAVPF?/m.test(sdp) && /^a=fingerprint:/m.test(sdp);
}

export class WebRtcSession {
  onRtp: ((packet: RtpPacket, raw: Buffer) => void) | undefined;
  private sequenceNumber = Math.floor(Math.random() * 0x10000);
  private timestamp = Math.floor(Math.random() * 0x100000000) >>> 0;
  private markerNext = true;
  private dtmfBusy = false;
  private closed = false;
  /** The source a relay forwards and the offsets that map its numbering onto ours (see RtpSession.sendRaw). */
  private relay: { ssrc: number; seqDelta: number; tsDelta: number } | undefined;

  /** Our offer is answered (accept): a later answer in the same INVITE's responses changes nothing. */
  private answered = false;

  private constructor(
    private readonly pc: RTCPeerConnection,
    private readonly track: MediaStreamTrack,
    private readonly sender: RTCRtpSender,
    /** The codec and telephone-event payload type negotiated (of our offer: PCMU until the answer says). */
    public media: LegMedia,
  ) {}

  /** A peer connection with our codecs, its audio track and the remote packets going to the session made later. */
  private static open(settings: WebRtcSettings): {
    pc: RTCPeerConnection;
    track: MediaStreamTrack;
    holder: { session: WebRtcSession | null };
  } {
    const pc = new RTCPeerConnection({
      codecs: { audio: CODECS },
      iceServers: settings.iceServers ?? [],
      iceAdditionalHostAddresses: settings.hostAddresses,
      iceUseIpv6: false,
      ...(settings.portRange ? { icePortRange: settings.portRange } : {}),
      // Only the configured addresses are offered (werift gathers every interface's besides).
      iceFilterCandidatePair: (pair) => settings.hostAddresses.includes(pair.localCandidate.host),
    });
    const track = new MediaStreamTrack({ kind: 'audio' });
    const holder: { session: WebRtcSession | null } = { session: null };
    // The remote track comes during setRemoteDescription.
    pc.onTrack.subscribe((remote) => remote.onReceiveRtp.subscribe((rtp) => holder.session?.received(rtp)));
    return { pc, track, holder };
  }

  /**
   * Answers a browser's offer: the answer SDP has every ICE candidate (gathering is complete; no trickle over
   * SIP). Null when the offer has no G.711 audio.
   */
  static async answer(
    offer: string,
    settings: WebRtcSettings,
  ): Promise<{ session: WebRtcSession; sdp: string } | null> {
    const { pc, track, holder } = WebRtcSession.open(settings);
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
      const transceiver = pc.getTransceivers().find((t) => t.kind === 'audio');
      if (!transceiver) throw new Error('no audio in the offer');
      transceiver.setDirection('sendrecv');
      await transceiver.sender.replaceTrack(track);
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc);
      const sdp = onlyHosts(pc.localDescription?.sdp ?? '', settings.hostAddresses);
      const media = mediaOf(sdp);
      if (!media) throw new Error('no G.711 in the answer');
      const session = new WebRtcSession(pc, track, transceiver.sender, media);
      session.answered = true;
      holder.session = session;
      return { session, sdp };
    } catch {
      await pc.close().catch(() => {});
      return null;
    }
  }

  /** Our offer to a browser (the switch rings a phone registered over a WebSocket); `accept` takes its answer. */
  static async offer(settings: WebRtcSettings): Promise<{ session: WebRtcSession; sdp: string }> {
    const { pc, track, holder } = WebRtcSession.open(settings);
    const transceiver = pc.addTransceiver(track, { direction: 'sendrecv' });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const sdp = onlyHosts(pc.localDescription?.sdp ?? '', settings.hostAddresses);
    const session = new WebRtcSession(pc, track, transceiver.sender, {
      law: G711Law.PCMU,
      payloadType: 0,
      tePayloadType: TELEPHONE_EVENT_PT,
    });
    holder.session = session;
    return { session, sdp };
  }

  /**
   * The browser's answer to our offer: the codec it chose (null: none of ours, the call cannot go on); ICE and DTLS
   * start in the background. Only the first answer counts (a 183's and then the 200's are the same, RFC 3264).
   */
  accept(answer: string): LegMedia | null {
    if (this.answered) return this.media;
    const media = mediaOf(answer);
    if (!media) return null;
    this.answered = true;
    this.media = media;
    this.pc.setRemoteDescription({ type: 'answer', sdp: answer }).catch(() => {});
    return media;
  }

  /** True once ICE and DTLS are up (media flows). */
  get connected(): boolean {
    return this.pc.connectionState === 'connected';
  }

  private received(rtp: WeriftRtpPacket): void {
    if (this.closed || !this.onRtp) return;
    const raw = rtp.serialize();
    const parsed = RtpPacket.parse(raw);
    if (parsed.ok) this.onRtp(parsed.value, raw);
  }

  /** One payload of ours (G.711 or an event), on our stream. False when nothing was sent. */
  sendPayload(payload: Buffer, options: { payloadType: number; samples?: number; marker?: boolean }): boolean {
    const samples = options.samples ?? payload.length;
    if (this.closed || this.dtmfBusy) {
      this.timestamp = (this.timestamp + samples) >>> 0;
      return false;
    }
    this.write(options.payloadType, this.sequenceNumber, this.timestamp, options.marker ?? this.markerNext, payload);
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.timestamp = (this.timestamp + samples) >>> 0;
    this.markerNext = false;
    this.relay = undefined;
    return true;
  }

  /** Another leg's RTP datagram, its payload as it is, renumbered onto our stream. */
  sendRaw(datagram: Buffer): boolean {
    if (this.closed || this.dtmfBusy) return false;
    const parsed = RtpPacket.parse(datagram);
    if (!parsed.ok) return false;
    const p = parsed.value;
    let r = this.relay;
    let marker = p.marker;
    if (r?.ssrc !== p.ssrc) {
      r = {
        ssrc: p.ssrc,
        seqDelta: (this.sequenceNumber - p.sequenceNumber) & 0xffff,
        tsDelta: (this.timestamp - p.timestamp) >>> 0,
      };
      this.relay = r;
      marker = true;
    }
    const seq = (p.sequenceNumber + r.seqDelta) & 0xffff;
    const ts = (p.timestamp + r.tsDelta) >>> 0;
    this.write(p.payloadType, seq, ts, marker, p.payload);
    if (((seq - this.sequenceNumber) & 0xffff) < 0x8000) this.sequenceNumber = (seq + 1) & 0xffff;
    const end = (ts + p.payload.length) >>> 0;
    if ((end - this.timestamp) >>> 0 < 0x80000000) this.timestamp = end;
    this.markerNext = true;
    return true;
  }

  /** One digit as RFC 4733 events on our stream, a packet per 20 ms; our audio waits meanwhile. */
  async sendDtmf(digit: string, options: { payloadType?: number; durationMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    if (this.dtmfBusy) throw new Error('a DTMF digit is already being sent');
    const start = this.timestamp;
    const seq = buildDtmfPackets({
      digit,
      ssrc: 0,
      sequenceNumber: this.sequenceNumber,
      timestamp: start,
      payloadType: options.payloadType ?? this.media.tePayloadType ?? TELEPHONE_EVENT_PT,
      ...(options.durationMs ? { durationMs: options.durationMs } : {}),
    });
    this.dtmfBusy = true;
    try {
      for (const p of seq.packets) {
        if (this.closed) return;
        this.write(p.payloadType, p.sequenceNumber, p.timestamp, p.marker, p.payload);
        await new Promise((r) => setTimeout(r, seq.intervalMs));
      }
    } finally {
      this.sequenceNumber = seq.nextSequenceNumber;
      if ((this.timestamp - start) >>> 0 < seq.durationSamples) this.timestamp = (start + seq.durationSamples) >>> 0;
      this.dtmfBusy = false;
      this.markerNext = true;
      this.relay = undefined;
    }
  }

  private write(payloadType: number, sequenceNumber: number, timestamp: number, marker: boolean, payload: Buffer) {
    const header = new RtpHeader({ payloadType, sequenceNumber, timestamp, marker });
    if (payloadType === this.media.payloadType) {
      this.track.writeRtp(new WeriftRtpPacket(header, payload));
      return;
    }
    // werift's sender gives every packet the codec's payload type: events go to the transport on the same stream.
    header.ssrc = this.sender.ssrc;
    void this.sender.dtlsTransport.sendRtp(payload, header).catch(() => {});
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onRtp = undefined;
    this.track.stop();
    await this.pc.close();
  }
}

/** Resolves when ICE gathering is complete (at most 2 s: then with what was gathered). */
function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, 2000);
    const sub = pc.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') done();
    });
    function done() {
      clearTimeout(timer);
      sub.unSubscribe();
      resolve();
    }
  });
}

/** The answer's candidates on the configured host addresses only. */
function onlyHosts(sdp: string, hosts: string[]): string {
  return sdp
    .split('\r\n')
    .filter((line) => {
      const m = /^a=candidate:\S+ \d+ \S+ \d+ (\S+) /.exec(line);
      return !m || hosts.includes(m[1] as string);
    })
    .join('\r\n');
}

/** The first G.711 payload type of the answer's m=audio line, and its telephone-event. */
function mediaOf(sdp: string): LegMedia | null {
  const m = /^m=audio \d+ \S+ ([\d ]+)$/m.exec(sdp);
  const types = (m?.[1] ?? '').split(' ').map(Number);
  const pt = types.find((t) => t === 0 || t === 8);
  if (pt === undefined) return null;
  const te = /^a=rtpmap:(\d+) telephone-event\/8000/m.exec(sdp);
  return {
    law: pt === 0 ? G711Law.PCMU : G711Law.PCMA,
    payloadType: pt,
    tePayloadType: te ? Number(te[1]) : undefined,
  };
}
