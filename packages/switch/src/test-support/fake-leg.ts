/**
 * Legs without sockets for unit tests of calls, connections and bridges: a FakeLeg is a real Leg (DTMF
 * detection, taps, playback on the media clock, gather) whose RTP session is a recorder and whose SIP side is
 * a few flags. Feed it packets with `receive`, digits with `pressInfo`, end it from the far side with
 * `remoteHangup`; read what the switch sent it in `rtp`.
 */
import {
  dtmfDigitToEvent,
  G711Law,
  MediaClock,
  type PortAllocator,
  RtpPacket,
  type RtpSession,
  type RtpSocketPool,
  TelephoneEvent,
} from '@hujiao/media';
import { switchEventSchema } from '@hujiao/shared';
import { type ServerTransaction, type SipRequest, type SipResponse, TransportProtocol } from '@hujiao/sip';
import type { Call } from '../call.ts';
import { statusForCause } from '../causes.ts';
import type { SwitchContext } from '../context.ts';
import { DtmfVia } from '../info-dtmf.ts';
import { Leg, type LegListener, LegState } from '../leg.ts';
import type { LegMedia } from '../sdp-rewrite.ts';
import type { SipStack } from '../sip-stack.ts';
import { type HangupCause, LegRole, type SwitchEvent } from '../types.ts';
import { testLogger } from './peers.ts';

/** What a FakeLeg's "session" was asked to send. */
export class FakeRtp {
  /** Forwarded datagrams (relay), copied as sent. */
  readonly raw: Buffer[] = [];
  /** Our own audio frames (playback, mixer), copied. */
  readonly payloads: Array<{ payload: Buffer; payloadType: number }> = [];
  /** Digits sent as RFC 4733 events. */
  readonly dtmf: Array<{ digit: string; payloadType: number | undefined }> = [];
  closed = false;
  readonly port = 40000;
  remote: { address: string; port: number } | null = null;
  isLatched = false;
  onRtp: unknown = null;

  sendRaw(datagram: Buffer): boolean {
    this.raw.push(Buffer.from(datagram));
    return true;
  }
  sendPayload(payload: Buffer, o: { payloadType: number }): boolean {
    this.payloads.push({ payload: Buffer.from(payload), payloadType: o.payloadType });
    return true;
  }
  async sendDtmf(digit: string, o: { payloadType?: number } = {}): Promise<void> {
    this.dtmf.push({ digit, payloadType: o.payloadType });
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  /** The RTP target from SDP (re-INVITE, UPDATE). */
  setRemote(rtp: { address: string; port: number }): void {
    this.remote = rtp;
  }
  /** The forwarded datagrams parsed. */
  packets(): RtpPacket[] {
    return this.raw.map((r) => {
      const p = RtpPacket.parse(r);
      if (!p.ok) throw new Error(p.error);
      return p.value;
    });
  }
}

/** Events a fake context collected, each checked against the shared JSON-safe schema. */
export class CheckedEvents {
  readonly list: SwitchEvent[] = [];
  readonly invalid: Array<{ event: unknown; issues: string }> = [];
  emit(event: SwitchEvent): void {
    const parsed = switchEventSchema.safeParse(JSON.parse(JSON.stringify(event)));
    if (!parsed.success) this.invalid.push({ event, issues: parsed.error.message });
    this.list.push(event);
  }
  types(): string[] {
    return this.list.map((e) => e.type);
  }
  of<T extends SwitchEvent['type']>(type: T): Extract<SwitchEvent, { type: T }>[] {
    return this.list.filter((e): e is Extract<SwitchEvent, { type: T }> => e.type === type);
  }
}

export interface FakeContext extends SwitchContext {
  events: CheckedEvents;
}

/** A SwitchContext with no sockets: a real (or given) media clock, stub stack and allocator, checked events. */
export function fakeSwitchContext(o: { clock?: MediaClock } = {}): FakeContext {
  const events = new CheckedEvents();
  const stack = {
    contactUri: () => 'sip:switch@127.0.0.1:5060',
    request: () => null,
    ack: () => {},
    port: () => 5060,
  } as unknown as SipStack;
  return {
    stack,
    allocator: {} as PortAllocator,
    sockets: {} as RtpSocketPool,
    clock: o.clock ?? new MediaClock(),
    logger: testLogger(),
    bindAddress: '127.0.0.1',
    mediaAddress: '127.0.0.1',
    webrtc: { hostAddresses: ['127.0.0.1'] },
    t1Ms: 500,
    dialogs: new Map(),
    emit: (e) => events.emit(e),
    events,
  };
}

/** A server transaction that records the statuses (and bodies) of the responses sent on it. */
export function fakeTx(statuses: number[], bodies: string[] = []): ServerTransaction {
  return {
    respond: (res: SipResponse) => {
      statuses.push(res.status);
      bodies.push(res.body.toString());
    },
  } as unknown as ServerTransaction;
}

const noListener: LegListener = { onDtmf() {}, onRemoteHangup() {}, onReinvite() {} };

export const PCMU: LegMedia = { law: G711Law.PCMU, payloadType: 0, tePayloadType: 101 };
export const PCMA: LegMedia = { law: G711Law.PCMA, payloadType: 8, tePayloadType: 96 };

export interface FakeLegOptions {
  role?: LegRole;
  extension?: string;
  media?: LegMedia | null;
  answered?: boolean;
}

let ssrcs = 0x1000;

export class FakeLeg extends Leg {
  readonly rtp = new FakeRtp();
  /** Causes of our hangups (the switch ended this leg). */
  readonly hungUp: HangupCause[] = [];
  /** Final statuses sent instead of answering (as InboundLeg.reject). */
  readonly rejected: number[] = [];
  /** Digits sent by SIP INFO (no telephone-event negotiated). */
  readonly infoDigits: string[] = [];
  private seq = 0;
  private ts = 0;
  private readonly ssrc = ++ssrcs;

  constructor(ctx: SwitchContext, o: FakeLegOptions = {}) {
    const ext = o.extension ?? '1001';
    const flow = {
      protocol: TransportProtocol.Udp,
      localAddress: '127.0.0.1',
      localPort: 5060,
      remoteAddress: '127.0.0.1',
      remotePort: 5070,
    };
    super(ctx, o.role ?? LegRole.Callee, `sip:${ext}@acme`, ext, flow, noListener, testLogger({ ext }));
    this.session = this.rtp as unknown as RtpSession;
    this.media = o.media === undefined ? PCMU : o.media;
    if (o.answered ?? true) this.markAnswered();
  }

  private markAnswered(): void {
    this.state = LegState.Answered;
    this.answeredAt = new Date();
    this.finalStatus = 200;
  }

  async answer(): Promise<void> {
    if (this.isEnded || this.isAnswered) return;
    this.markAnswered();
  }

  /** As InboundLeg: a leg not answered yet gets the cause's final status, an answered one a BYE. */
  hangup(cause: HangupCause): void {
    if (this.isEnded) return;
    this.hungUp.push(cause);
    if (!this.isAnswered) this.reject(statusForCause(cause));
    else this.finish(this.finalStatus);
  }

  reject(status: number): void {
    if (this.isEnded || this.isAnswered) return;
    this.rejected.push(status);
    this.finish(status);
  }

  cancelled(): boolean {
    if (this.isAnswered) return false;
    this.reject(487);
    return true;
  }

  /** RFC 4733 as this leg's session would send it; SIP INFO otherwise (recorded, nothing sent). */
  override async sendDtmf(digit: string): Promise<void> {
    if (this.isEnded) return;
    if (this.media?.tePayloadType !== undefined)
      await this.rtp.sendDtmf(digit, { payloadType: this.media.tePayloadType });
    else this.infoDigits.push(digit);
  }

  /** An in-dialog INFO from the far end; returns the status we answered. */
  info(request: SipRequest): number[] {
    const statuses: number[] = [];
    this.onInfo(request, fakeTx(statuses));
    return statuses;
  }

  /** An in-dialog UPDATE from the far end; returns the statuses we answered (the listener may answer later). */
  update(request: SipRequest): { statuses: number[]; bodies: string[] } {
    const out = { statuses: [] as number[], bodies: [] as string[] };
    this.onUpdate(request, fakeTx(out.statuses, out.bodies));
    return out;
  }

  /** The far end hung up (BYE). */
  remoteHangup(): void {
    this.finish(null);
    this.listener.onRemoteHangup(this, null);
  }

  /** A SIP INFO digit from the far end (application/dtmf-relay). */
  pressInfo(digit: string): void {
    this.receivedDigit(digit, DtmfVia.Info);
  }

  /** One RTP packet from the far end; returns the datagram (the relay rewrites it in place). */
  receive(payloadType: number, payload: Buffer, o: { marker?: boolean; timestamp?: number } = {}): Buffer {
    this.ts += 160;
    const packet = new RtpPacket({
      payloadType,
      sequenceNumber: ++this.seq & 0xffff,
      timestamp: o.timestamp ?? this.ts,
      ssrc: this.ssrc,
      marker: o.marker ?? false,
      payload,
    });
    const raw = packet.serialize();
    const parsed = RtpPacket.parse(raw);
    if (!parsed.ok) throw new Error(parsed.error);
    this.onRtp(parsed.value, raw);
    return raw;
  }

  /** One digit as RFC 4733 events (two updates and three end packets, one timestamp) in this leg's PT. */
  pressRfc4733(digit: string): Buffer[] {
    const pt = this.media?.tePayloadType;
    const event = dtmfDigitToEvent(digit);
    if (pt === undefined || event === undefined) throw new Error(`cannot send ${digit} as RFC 4733`);
    this.ts += 160;
    const timestamp = this.ts;
    const sent: Buffer[] = [];
    [160, 320, 480, 480, 480].forEach((duration, i) => {
      const payload = new TelephoneEvent({ event, end: i >= 2, volume: 10, duration }).serialize();
      sent.push(this.receive(pt, payload, { marker: i === 0, timestamp }));
    });
    return sent;
  }

  /** A 20 ms G.711 frame of this leg's law filled with one byte value. */
  frame(byte: number): Buffer {
    return Buffer.alloc(160, byte);
  }
}

/** Adds a fake leg to `call` (as the caller's leg when role is caller). */
export function addFakeLeg(call: Call, o: FakeLegOptions = {}): FakeLeg {
  const leg = new FakeLeg(call.ctx, o);
  if (o.role === LegRole.Caller) call.inbound = leg as unknown as Call['inbound'];
  call.addLeg(leg);
  return leg;
}

/** A media clock that ticks only when told (`tick(n)`): mixer and playback frames on demand. */
export class ManualClock {
  private readonly listeners = new Set<() => void>();
  get subscriberCount(): number {
    return this.listeners.size;
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  tick(n = 1): void {
    for (let i = 0; i < n; i++) for (const l of [...this.listeners]) l();
  }
  /** As the MediaClock the switch's context and connections take. */
  asMediaClock(): MediaClock {
    return this as unknown as MediaClock;
  }
}
