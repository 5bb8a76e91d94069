import type { SdpDirection } from '@hujiao/media';
import {
  AudioTap,
  DtmfDetector,
  decodeG711,
  encodeG711,
  type RtpPacket,
  RtpSession,
  ToneGenerator,
  type TonePlan,
  type WavPlayer,
} from '@hujiao/media';
import {
  createResponse,
  type Dialog,
  type Flow,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  serializeUri,
} from '@hujiao/sip';
import { promptPlayer } from './audio-cache.ts';
import type { SwitchContext } from './context.ts';
import { DtmfVia, dtmfRelayBody, INFO_ACCEPT, parseInfoDtmf } from './info-dtmf.ts';
import type { MediaEndpoint, RtpSink } from './media-endpoint.ts';
import { updateRemote } from './media-target.ts';
import type { LegMedia } from './sdp-rewrite.ts';
import { answerSdp, legMediaOf, offerSdp, parseSdp, remoteAudio } from './sdp-rewrite.ts';
import { HangupCause, type LegRecordData, type LegRole, lazyChild, type SwitchLogger } from './types.ts';
import type { WebRtcSession } from './webrtc/webrtc-session.ts';

export const LegState = { New: 'new', Early: 'early', Answered: 'answered', Ended: 'ended' } as const;
export type LegState = (typeof LegState)[keyof typeof LegState];

/** What play() accepts: a WAV file path, a tone plan (optionally bounded), or a ready WavPlayer. */
export type PlaySource =
  | { file: string; loop?: boolean }
  | { tone: TonePlan; durationMs?: number }
  | { player: WavPlayer };

export interface GatherOptions {
  /** Stop after this many digits (default 1). */
  max?: number;
  /** Give up this long after the start or the last digit (default 5000 ms). */
  timeoutMs?: number;
  /** A digit that ends the input without being part of it (e.g. '#'). */
  terminator?: string;
}

export type { RtpSink } from './media-endpoint.ts';

/** Callbacks from a leg to the call that owns it. */
export interface LegListener {
  /** A digit from this leg, by RFC 4733 events or by SIP INFO (`via`). */
  onDtmf(leg: Leg, digit: string, via: DtmfVia): void;
  /** The far end hung up (BYE) or cancelled. */
  onRemoteHangup(leg: Leg, status: number | null): void;
  /**
   * A session change from this leg: a re-INVITE, or an UPDATE with an SDP offer (RFC 3311 §5.2). The listener
   * answers it through `leg.answerReinvite` (its response carries the SDP answer either way).
   */
  onReinvite(leg: Leg, request: SipRequest, tx: ServerTransaction): void;
  /**
   * The leg ended by itself for a reason of the system, with the status that describes it: e.g. 408 when our
   * 2xx was never ACKed (RFC 3261 §13.3.1.4), 488 when the ACK brought no usable answer. Without this method
   * the listener hears `onRemoteHangup(leg, status)` instead.
   */
  onLegFailed?(leg: Leg, cause: HangupCause, status: number): void;
  /** A REFER from this leg (RFC 3515): a transfer asked by the phone. Without it the REFER gets 501. */
  onRefer?(leg: Leg, request: SipRequest, tx: ServerTransaction): void;
}

let legCounter = 0;

/**
 * One side of a call: a SIP dialog (see InboundLeg/OutboundLeg) and an RtpSession anchored on the server. Media
 * verbs live here: play, gatherDtmf; a Bridge or the echo test sets `sink` to take the leg's RTP.
 */
export abstract class Leg implements MediaEndpoint {
  readonly id: string;
  state: LegState = LegState.New;
  session: RtpSession | null = null;
  /** A browser's leg: its media over WebRTC instead of an RTP session (ADR 0024). */
  webrtc: WebRtcSession | null = null;
  media: LegMedia | null = null;
  /** Receives every valid RTP packet of this leg (after DTMF detection). */
  sink: RtpSink | null = null;
  readonly createdAt = new Date();
  answeredAt: Date | null = null;
  endedAt: Date | null = null;
  finalStatus: number | null = null;
  readonly logger: SwitchLogger;
  protected readonly detector: DtmfDetector;
  readonly said = new AudioTap();
  readonly heard = new AudioTap();
  private decoded: Int16Array | null = null;
  private stopPlayback: (() => void) | null = null;
  private playDone: (() => void) | null = null;
  /** Counts stopPlaying calls: a play still loading its file when stopped (or replaced) must not start after. */
  private playGeneration = 0;
  private readonly digitWaiters = new Set<(digit: string) => void>();
  private readonly endWaiters = new Set<() => void>();
  /** The SIP dialog once established (RFC 3261 §12). */
  dialog: Dialog | null = null;
  protected sdpVersion = 1;
  protected readonly sdpSessionId = String(Date.now());
  /** The last SDP we sent this leg (offer or answer). */
  protected localSdp: string | null = null;
  private reinviting = false;
  /** A re-INVITE without SDP got our offer in its 2xx: the answer comes in the ACK. */
  private ackAnswerPending = false;

  protected constructor(
    protected readonly ctx: SwitchContext,
    readonly role: LegRole,
    readonly uri: string,
    readonly extension: string | null,
    private legFlow: Flow,
    protected listener: LegListener,
    logger: SwitchLogger,
  ) {
    this.id = `leg-${(++legCounter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    this.logger = lazyChild(logger, { legId: this.id });
    this.keepConnection();
    this.detector = new DtmfDetector({ onDigit: (d) => this.receivedDigit(d.digit, DtmfVia.Rfc4733) });
  }

  /**
   * Where this leg's requests go: the flow it came on, or, once that connection closed (a browser's WebSocket
   * dropped and came back), the new flow its dialog's remote target registered on.
   */
  get flow(): Flow {
    const flow = this.legFlow;
    if (!flow.connectionId || this.ctx.stack.isOpen(flow)) return flow;
    const target = this.dialog ? serializeUri(this.dialog.remoteTarget) : null;
    const next = target ? this.ctx.reflow?.(target) : null;
    if (next && next.connectionId !== flow.connectionId) {
      this.logger.info({ connection: next.connectionId }, 'the phone is back on a new connection');
      this.legFlow = next;
      return next;
    }
    return flow;
  }

  /** Its connection closed and the phone did not come back on another (see `flow`). */
  get gone(): boolean {
    const flow = this.flow;
    return flow.connectionId !== undefined && !this.ctx.stack.isOpen(flow);
  }

  /**
   * The phone is gone (a browser tab closed, its network lost) and did not come back: the leg ends by the system
   * (408), so the call goes on or ends as its policy says instead of holding the other party on a dead line.
   */
  lost(): void {
    if (this.isEnded) return;
    this.logger.warn(
      { connection: this.legFlow.connectionId },
      'the phone is gone: its connection closed and it did not come back',
    );
    this.hangup(HangupCause.Failed);
    if (this.listener.onLegFailed) this.listener.onLegFailed(this, HangupCause.Failed, 408);
    else this.listener.onRemoteHangup(this, 408);
  }

  private keepOpen: ReturnType<typeof setInterval> | null = null;

  /**
   * A call over TCP/TLS/WebSocket carries no SIP for long stretches (the audio is RTP): the transport's idle timer
   * must not close the connection under it, so the leg holds it open while it lives.
   */
  private keepConnection(): void {
    const flow = this.flow;
    if (!flow.connectionId) return;
    const hold = () => this.ctx.stack.transport.holdOpen(this.flow, Date.now() + 11 * 60_000);
    hold();
    this.keepOpen = setInterval(hold, 5 * 60_000);
    this.keepOpen.unref?.();
  }

  setListener(listener: LegListener): void {
    this.listener = listener;
  }

  /** Opens this leg's RTP session from the shared port range. */
  async openSession(): Promise<RtpSession> {
    if (this.session) return this.session;
    const session = await RtpSession.open({
      allocator: this.ctx.allocator,
      sockets: this.ctx.sockets,
      bindAddress: this.ctx.bindAddress,
      logger: this.logger,
    });
    session.onRtp = (packet, raw) => this.onRtp(packet, raw);
    this.session = session;
    return session;
  }

  /** One packet from the far end: DTMF detection, the said tap, then the sink (protected: tests feed packets). */
  protected onRtp(packet: RtpPacket, raw: Buffer): void {
    const media = this.media;
    if (media) {
      if (packet.payloadType === media.tePayloadType) this.detector.push(packet.timestamp, packet.payload);
      else if (packet.payloadType === media.payloadType && this.said.hasSubscribers) {
        this.said.push(this.decode(packet.payload));
      }
    }
    this.sink?.(packet, raw);
  }

  private decode(payload: Buffer): Int16Array {
    const media = this.media;
    if (!media || payload.length > 2048) return new Int16Array(0);
    this.decoded ??= new Int16Array(2048);
    return decodeG711(media.law, payload, this.decoded);
  }

  /** What carries this leg's media: its RTP session, or its WebRTC session. */
  protected get transport(): RtpSession | WebRtcSession | null {
    return this.session ?? this.webrtc;
  }

  /** Takes a browser's media: its packets reach this leg as an RTP session's would. */
  protected useWebRtc(session: WebRtcSession): void {
    this.webrtc = session;
    this.media = session.media;
    session.onRtp = (packet, raw) => this.onRtp(packet, raw);
  }

  /** Forwards another leg's datagram; `audio` is its payload (already in this leg's law) for the heard tap. */
  sendRaw(raw: Buffer, audio?: Buffer): void {
    this.transport?.sendRaw(raw);
    if (audio && this.heard.hasSubscribers) this.heard.push(this.decode(audio));
  }

  /** Sends one frame of our own audio in this leg's codec. */
  sendAudio(payload: Buffer): void {
    const media = this.media;
    const transport = this.transport;
    if (!media || !transport) return;
    transport.sendPayload(payload, { payloadType: media.payloadType });
    if (this.heard.hasSubscribers) this.heard.push(this.decode(payload));
  }

  /** The one entry of a digit from this leg (RFC 4733 or SIP INFO): the listener, then the gather waiters. */
  protected receivedDigit(digit: string, via: DtmfVia): void {
    this.logger.debug({ digit, via }, 'DTMF received');
    this.listener.onDtmf(this, digit, via);
    for (const w of [...this.digitWaiters]) w(digit);
  }

  get isAnswered(): boolean {
    return this.state === LegState.Answered;
  }

  get isEnded(): boolean {
    return this.state === LegState.Ended;
  }

  /** Plays audio to this leg; resolves when it finished or was stopped. Stops any earlier playback. */
  async play(source: PlaySource): Promise<void> {
    this.stopPlaying();
    const generation = this.playGeneration;
    const media = this.media;
    if (!this.transport || !media || this.isEnded) return;
    let next: () => Buffer | undefined;
    const scratch = new Int16Array(160);
    const out = Buffer.alloc(160);
    if ('tone' in source) {
      const gen = new ToneGenerator(source.tone);
      let frames = source.durationMs === undefined ? Number.POSITIVE_INFINITY : Math.ceil(source.durationMs / 20);
      next = () => (frames-- > 0 ? encodeG711(media.law, gen.next(scratch), out) : undefined);
    } else {
      let player: WavPlayer;
      if ('player' in source) player = source.player;
      else {
        const r = await promptPlayer(source.file, source.loop ?? false);
        if (!r.ok) {
          this.logger.warn({ error: r.error }, 'cannot play file');
          return;
        }
        player = r.player;
      }
      next = () => player.nextPayload(media.law, out, scratch);
    }
    // Stopped, or another play began, while the file loaded: this one is over before it started.
    if (this.isEnded || generation !== this.playGeneration) return;
    await new Promise<void>((resolve) => {
      this.playDone = resolve;
      const unsubscribe = this.ctx.clock.subscribe(() => {
        const payload = next();
        if (payload) this.sendAudio(payload);
        else this.finishPlayback();
      });
      this.stopPlayback = unsubscribe;
    });
  }

  get isPlaying(): boolean {
    return this.stopPlayback !== null;
  }

  stopPlaying(): void {
    this.playGeneration++;
    this.finishPlayback();
  }

  private finishPlayback(): void {
    this.stopPlayback?.();
    this.stopPlayback = null;
    const done = this.playDone;
    this.playDone = null;
    done?.();
  }

  /** Collects DTMF digits (RFC 4733) until `max`, the terminator, the timeout or the end of the leg. */
  gatherDtmf(options: GatherOptions = {}): Promise<string> {
    const max = options.max ?? 1;
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve) => {
      let digits = '';
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (): void => {
        if (timer) clearTimeout(timer);
        this.digitWaiters.delete(onDigit);
        this.endWaiters.delete(finish);
        resolve(digits);
      };
      const arm = (): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(finish, timeoutMs);
      };
      const onDigit = (d: string): void => {
        if (options.terminator !== undefined && d === options.terminator) {
          finish();
          return;
        }
        digits += d;
        if (digits.length >= max) finish();
        else arm();
      };
      if (this.isEnded) {
        resolve('');
        return;
      }
      this.digitWaiters.add(onDigit);
      this.endWaiters.add(finish);
      arm();
    });
  }

  /**
   * Sends one DTMF digit to this leg: as RFC 4733 events when it negotiated telephone-event, else as a SIP INFO
   * (application/dtmf-relay) in its dialog. Resolves when sent (RTP) or answered (INFO).
   */
  async sendDtmf(digit: string): Promise<void> {
    if (this.isEnded) return;
    const transport = this.transport;
    if (transport && this.media?.tePayloadType !== undefined) {
      await transport.sendDtmf(digit, { payloadType: this.media.tePayloadType });
      return;
    }
    const dialog = this.dialog;
    if (!dialog || !this.isAnswered) return;
    const info = dialog.createRequest('INFO', { body: dtmfRelayBody(digit), contentType: 'application/dtmf-relay' });
    await new Promise<void>((resolve) => {
      const tx = this.ctx.stack.request(info, this.flow, {
        onResponse: (res) => {
          if (res.status >= 200) resolve();
        },
        onTimeout: () => resolve(),
        onTransportError: () => resolve(),
      });
      if (!tx) resolve();
    });
  }

  /** True while an SDP offer of ours waits for its answer (then an offer from the peer gets 491). */
  protected get offerPending(): boolean {
    return this.reinviting || this.ackAnswerPending;
  }

  /**
   * UPDATE in this leg's dialog, early or confirmed (RFC 3311). With an SDP offer it goes to the listener like a
   * re-INVITE (hold and resume directions pass through), and the answer goes into the 200 (§5.2); without a body
   * it is a plain 200 (a target or session-timer refresh). The 2xx has our Contact (UPDATE is a target refresh).
   */
  protected onUpdate(request: SipRequest, tx: ServerTransaction): void {
    if (request.body.length === 0) {
      tx.respond(createResponse(request, 200, { headers: [['Contact', this.contact()]] }));
      return;
    }
    const type = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/sdp') {
      tx.respond(createResponse(request, 415, { headers: [['Accept', 'application/sdp']] }));
      return;
    }
    if (!parseSdp(request.body)) {
      tx.respond(createResponse(request, 488));
      return;
    }
    if (this.refusedForGlare(request, tx)) return;
    this.listener.onReinvite(this, request, tx);
  }

  /**
   * An offer from the peer (re-INVITE, UPDATE) while one of ours is unanswered gets 491 Request Pending
   * (RFC 3261 §14.2, RFC 3311 §5.2); the peer retries after a random while (§14.1). True when refused.
   */
  protected refusedForGlare(request: SipRequest, tx: ServerTransaction): boolean {
    if (!this.offerPending) return false;
    tx.respond(createResponse(request, 491));
    return true;
  }

  /**
   * INFO in this leg's dialog (RFC 6086). Legacy DTMF bodies (no Info-Package) become digits of this leg; an
   * INFO for an Info Package is refused with 469 (§4.2.2: we announce none in Recv-Info), other bodies with 415
   * (§4.2.1).
   */
  protected onInfo(request: SipRequest, tx: ServerTransaction): void {
    if (request.has('info-package')) {
      tx.respond(createResponse(request, 469, { reason: 'Bad Info Package', headers: [['Recv-Info', '']] }));
      return;
    }
    const dtmf = parseInfoDtmf(request.contentType, request.body);
    switch (dtmf.kind) {
      case 'empty':
        tx.respond(createResponse(request, 200));
        return;
      case 'unsupported':
        tx.respond(createResponse(request, 415, { headers: [['Accept', INFO_ACCEPT]] }));
        return;
      case 'invalid':
        tx.respond(createResponse(request, 400, { reason: 'Bad DTMF Signal' }));
        return;
      case 'digit':
        tx.respond(createResponse(request, 200));
        this.receivedDigit(dtmf.digit, DtmfVia.Info);
    }
  }

  abstract answer(): Promise<void>;

  /** Ends this leg with a cause (BYE, CANCEL or a final response, as its state requires). */
  abstract hangup(cause: HangupCause): void;

  /** Marks the leg ended and releases its media (idempotent). */
  protected finish(status: number | null): void {
    if (this.state === LegState.Ended) return;
    this.state = LegState.Ended;
    this.endedAt = new Date();
    if (this.keepOpen) clearInterval(this.keepOpen);
    this.keepOpen = null;
    if (this.finalStatus === null) this.finalStatus = status;
    this.stopPlaying();
    this.detector.flush();
    for (const w of [...this.endWaiters]) w();
    this.sink = null;
    this.said.clear();
    this.heard.clear();
    const s = this.session;
    this.session = null;
    s?.close().catch(() => {});
    const w = this.webrtc;
    this.webrtc = null;
    w?.close().catch(() => {});
  }

  record(): LegRecordData {
    return {
      legId: this.id,
      role: this.role,
      extension: this.extension,
      uri: this.uri,
      createdAt: this.createdAt,
      answeredAt: this.answeredAt,
      endedAt: this.endedAt,
      finalStatus: this.finalStatus,
    };
  }

  protected contact(): string {
    return `<${this.ctx.stack.contactUri(this.flow.protocol)}>`;
  }

  /**
   * Reports a transfer's progress to the phone that asked for it: a NOTIFY of the implicit refer subscription
   * with a message/sipfrag status line (RFC 3515 §2.4.4-2.4.5); `final` terminates the subscription.
   */
  notifyRefer(status: number, reason: string, final: boolean): void {
    const dialog = this.dialog;
    if (!dialog || this.isEnded) return;
    const req = dialog.createRequest('NOTIFY', {
      body: `SIP/2.0 ${status} ${reason}\r\n`,
      contentType: 'message/sipfrag;version=2.0',
      headers: [
        ['Event', 'refer'],
        ['Subscription-State', final ? 'terminated;reason=noresource' : 'active;expires=60'],
        ['Contact', this.contact()],
      ],
    });
    this.ctx.stack.request(req, this.flow, { onResponse: () => {} });
  }

  /**
   * Answers a re-INVITE (or an UPDATE) from this leg with our SDP (RFC 3264 §8), narrowed to `direction`
   * (hold/unhold). A re-INVITE without SDP gets our offer instead; its answer comes in the ACK (RFC 3261 §14.2).
   */
  answerReinvite(request: SipRequest, tx: ServerTransaction, direction: SdpDirection | undefined): void {
    const offer = parseSdp(request.body);
    const session = this.session;
    let body: string | undefined;
    if (!offer && request.method === 'INVITE' && request.body.length === 0 && session && this.isAnswered) {
      body = offerSdp(
        this.ctx.mediaAddress,
        session.port,
        this.media?.law,
        direction,
        this.sdpSessionId,
        this.nextSdpVersion(),
      );
      this.localSdp = body;
      this.ackAnswerPending = true;
    } else if (offer && session) {
      const a = answerSdp(
        offer,
        this.ctx.mediaAddress,
        session.port,
        direction,
        this.sdpSessionId,
        this.nextSdpVersion(),
      );
      if (a) {
        body = a.sdp;
        this.localSdp = a.sdp;
        this.media = legMediaOf(a.audio);
        updateRemote(session, a.audio.remoteRtp, a.audio.remoteRtcp);
      }
    }
    tx.respond(
      createResponse(request, body ? 200 : 488, {
        headers: [['Contact', this.contact()]],
        ...(body ? { body, contentType: 'application/sdp' } : {}),
      }),
    );
  }

  protected nextSdpVersion(): number {
    return ++this.sdpVersion;
  }

  /**
   * The ACK of a re-INVITE whose 2xx carried our offer: its SDP is the answer (§13.2.2.4). Without a usable one
   * the session stays as it was (and we say so).
   */
  protected takeAckAnswer(ack: SipRequest): void {
    if (!this.ackAnswerPending) return;
    this.ackAnswerPending = false;
    const sdp = parseSdp(ack.body);
    const audio = sdp ? remoteAudio(sdp) : undefined;
    if (!audio || !this.session) {
      this.logger.warn({ hasSdp: sdp !== null }, 'the ACK of a re-INVITE without SDP carried no usable answer');
      return;
    }
    this.media = legMediaOf(audio);
    updateRemote(this.session, audio.remoteRtp, audio.remoteRtcp);
  }

  /**
   * Sends a re-INVITE with our offer in `direction` (hold/unhold passed through, RFC 3264 §8.4) and ACKs its 2xx.
   * Resolves with the final response, or null on timeout.
   */
  reinvite(direction: SdpDirection | undefined): Promise<SipResponse | null> {
    const dialog = this.dialog;
    const session = this.session;
    if (!dialog || !session || !this.isAnswered) return Promise.resolve(null);
    const body = offerSdp(
      this.ctx.mediaAddress,
      session.port,
      this.media?.law,
      direction,
      this.sdpSessionId,
      this.nextSdpVersion(),
    );
    const req = dialog.createRequest('INVITE', { body, contentType: 'application/sdp' });
    this.reinviting = true;
    return new Promise<SipResponse | null>((resolve) => {
      const tx = this.ctx.stack.request(req, this.flow, {
        onResponse: (res) => {
          if (res.status < 200) return;
          if (res.status < 300) {
            this.localSdp = body;
            dialog.receiveResponse(res, 'INVITE');
            this.ctx.stack.ack(dialog.createAck(req.cseq?.seq ?? 1), this.flow);
            const sdp = parseSdp(res.body);
            const audio = sdp ? remoteAudio(sdp) : undefined;
            if (audio) {
              this.media = legMediaOf(audio);
              updateRemote(session, audio.remoteRtp, audio.remoteRtcp);
            }
          }
          resolve(res);
        },
        onTimeout: () => resolve(null),
        onTransportError: () => resolve(null),
      });
      if (!tx) resolve(null);
    }).finally(() => {
      this.reinviting = false;
    });
  }
}
