import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ChineseTones, StereoWavRecorder } from '@hujiao/media';
import { createResponse, type ServerTransaction, type SipRequest } from '@hujiao/sip';
import { causeForStatus } from './causes.ts';
import { buildCallRecord } from './cdr.ts';
import type { SwitchContext } from './context.ts';
import type { InboundLeg } from './inbound-leg.ts';
import { DtmfVia } from './info-dtmf.ts';
import type { Leg } from './leg.ts';
import { MediaBridge } from './media-bridge.ts';
import { type DialListener, OutboundLeg, type OutboundTarget } from './outbound-leg.ts';
import { parseSdp } from './sdp-rewrite.ts';
import {
  type CdrSink,
  HangupCause,
  HangupSide,
  LegRole,
  lazyChild,
  type RecordingPort,
  type SwitchLogger,
} from './types.ts';

export interface CallOptions {
  tenantId: string;
  caller: string;
  callee: string;
  noAnswerTimeoutMs: number;
  recordings?: RecordingPort;
  cdr?: CdrSink;
  onEnd?: (call: Call) => void;
}

/** Preference among callee failures when every fork failed (RFC 3261 §16.7 step 6, simplified). */
function rank(status: number): number {
  if (status >= 600) return 0;
  if (status === 486) return 1;
  if (status === 487) return 9;
  if (status === 408 || status === 503) return 8;
  return 5;
}

/** Folders already made for recordings (one per tenant and day): no mkdir per call at hundreds of calls/s. */
const madeDirectories = new Set<string>();
async function ensureDirectory(dir: string): Promise<void> {
  if (madeDirectories.has(dir)) return;
  await mkdir(dir, { recursive: true });
  if (madeDirectories.size > 10_000) madeDirectories.clear();
  madeDirectories.add(dir);
}

/**
 * One call: the caller's leg, the legs dialled for it, the bridge between caller and the answering leg, the
 * recording, events and the call record. It is the B2BUA's call-control object (RFC 7092 §3 signalling + media).
 */
export class Call implements DialListener {
  readonly id = randomUUID();
  readonly startedAt = new Date();
  answeredAt: Date | null = null;
  endedAt: Date | null = null;
  readonly legs: Leg[] = [];
  inbound: InboundLeg | null = null;
  /** The outgoing leg that answered. */
  answered: OutboundLeg | null = null;
  recordingPath: string | null = null;
  readonly logger: SwitchLogger;
  private forks: OutboundLeg[] = [];
  private bridge: MediaBridge | null = null;
  private earlyBridge: MediaBridge | null = null;
  private recorder: Promise<StereoWavRecorder | null> | null = null;
  private noAnswerTimer: ReturnType<typeof setTimeout> | null = null;
  private ended = false;
  private ringbackPlaying = false;
  private failures: number[] = [];

  constructor(
    readonly ctx: SwitchContext,
    readonly options: CallOptions,
  ) {
    this.logger = lazyChild(ctx.logger, { tenantId: options.tenantId, callId: this.id });
    ctx.emit({
      type: 'call.created',
      tenantId: options.tenantId,
      callId: this.id,
      caller: options.caller,
      callee: options.callee,
      at: this.startedAt.toISOString(),
    });
  }

  get tenantId(): string {
    return this.options.tenantId;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  addLeg(leg: Leg): void {
    this.legs.push(leg);
    this.ctx.emit({
      type: 'leg.created',
      tenantId: this.tenantId,
      callId: this.id,
      legId: leg.id,
      role: leg.role,
      uri: leg.uri,
      at: leg.createdAt.toISOString(),
    });
  }

  /** Answers the caller's leg (test numbers, IVR). */
  async answer(): Promise<void> {
    const leg = this.inbound;
    if (!leg || leg.isAnswered || this.ended) return;
    await leg.answer();
    if (leg.isEnded) return;
    this.markAnswered(leg);
  }

  private markAnswered(leg: Leg): void {
    if (!this.answeredAt) this.answeredAt = new Date();
    this.ctx.emit({
      type: 'call.answered',
      tenantId: this.tenantId,
      callId: this.id,
      legId: leg.id,
      at: new Date().toISOString(),
    });
  }

  /** Forks an INVITE to every target at once (parallel forking); the first 2xx wins (RFC 3261 §16.7). */
  async dial(targets: OutboundTarget[]): Promise<void> {
    const caller = this.inbound;
    this.noAnswerTimer = setTimeout(() => this.noAnswer(), this.options.noAnswerTimeoutMs);
    for (const target of targets) {
      const leg = new OutboundLeg(this.ctx, target, this, this.logger);
      this.forks.push(leg);
      this.addLeg(leg);
      try {
        await leg.start(caller?.media?.law);
      } catch (err) {
        this.logger.warn({ err: String(err) }, 'cannot start outgoing leg');
        leg.hangup(HangupCause.Failed);
        this.onFailure(leg, 500);
      }
      if (this.ended) return;
    }
  }

  onProgress(leg: OutboundLeg, status: number, earlyMedia: boolean): void {
    const caller = this.inbound;
    if (!caller || this.ended || this.answered) return;
    this.ctx.emit({
      type: 'call.ringing',
      tenantId: this.tenantId,
      callId: this.id,
      legId: leg.id,
      status,
      earlyMedia,
      at: new Date().toISOString(),
    });
    if (earlyMedia) {
      // Early media from the callee (RFC 3960): relay it instead of our ringback.
      if (this.earlyBridge) return;
      caller.stopPlaying();
      this.ringbackPlaying = false;
      caller.ring(true, 183);
      this.earlyBridge = new MediaBridge(caller, leg);
      this.earlyBridge.start();
      return;
    }
    if (this.ringbackPlaying || this.earlyBridge) return;
    // Ringing without early media: our SDP in the 180 and the Chinese ringback (450 Hz, 1 s on 4 s off).
    caller.ring(true, 180);
    this.ringbackPlaying = true;
    caller.play({ tone: ChineseTones.ringback }).catch(() => {});
  }

  onAnswer(leg: OutboundLeg): void {
    const caller = this.inbound;
    if (this.ended || this.answered || !caller) {
      leg.hangup(HangupCause.Normal);
      return;
    }
    this.answered = leg;
    this.clearNoAnswer();
    for (const f of this.forks) if (f !== leg) f.cancel();
    caller.stopPlaying();
    this.ringbackPlaying = false;
    this.earlyBridge?.stop();
    this.earlyBridge = null;
    void caller.answer().then(() => {
      // A late offer's answer() waits for the ACK: the call may have ended meanwhile.
      if (this.ended || caller.isEnded) return;
      this.markAnswered(leg);
      this.bridgeLegs(caller, leg);
    });
  }

  /** Connects two answered legs' media through the server and records them when configured. */
  bridgeLegs(a: Leg, b: Leg): MediaBridge {
    this.bridge?.stop();
    const bridge = new MediaBridge(a, b);
    bridge.start();
    this.bridge = bridge;
    this.ctx.emit({
      type: 'call.bridged',
      tenantId: this.tenantId,
      callId: this.id,
      legIds: [a.id, b.id],
      at: new Date().toISOString(),
    });
    this.startRecording(bridge);
    return bridge;
  }

  private startRecording(bridge: MediaBridge): void {
    const port = this.options.recordings;
    if (!port || this.recorder) return;
    const path = port.pathFor(this.tenantId, this.id);
    this.recordingPath = path;
    this.recorder = ensureDirectory(dirname(path))
      .then(() => StereoWavRecorder.create(path))
      .catch(async (err: unknown) => {
        // The folder went away since we made it (e.g. a retention clean-up): make it again, once.
        if ((err as { code?: string }).code !== 'ENOENT') throw err;
        madeDirectories.delete(dirname(path));
        await ensureDirectory(dirname(path));
        return StereoWavRecorder.create(path);
      })
      .then((rec) => {
        if (this.ended) {
          void rec.close();
          return rec;
        }
        bridge.setRecorder(rec);
        return rec;
      })
      .catch((err: unknown) => {
        this.logger.warn({ err: String(err), path }, 'cannot record');
        this.recordingPath = null;
        return null;
      });
  }

  onFailure(leg: OutboundLeg, status: number): void {
    if (this.ended || this.answered) return;
    this.failures.push(status);
    if (this.earlyBridge && (this.earlyBridge.callee === leg || this.earlyBridge.caller === leg)) {
      this.earlyBridge.stop();
      this.earlyBridge = null;
    }
    if (this.forks.some((f) => !f.isEnded)) return;
    const best = [...this.failures].sort((x, y) => rank(x) - rank(y))[0] ?? 480;
    const relayed = best === 408 || best === 487 || best === 503 || (best >= 500 && best < 600) ? 480 : best;
    const cause = best === 408 ? HangupCause.Unavailable : causeForStatus(best);
    this.inbound?.reject(relayed);
    this.end(cause, HangupSide.Callee, relayed);
  }

  /** A leg ended by itself for a reason of the system (no ACK for our 2xx, no answer in the ACK). */
  onLegFailed(leg: Leg, cause: HangupCause, status: number): void {
    if (this.ended) return;
    // The caller never confirmed the answer (RFC 3261 §13.3.1.4): no talk time.
    if (leg === this.inbound) this.answeredAt = null;
    this.end(cause, HangupSide.System, status);
  }

  onDtmf(leg: Leg, digit: string, via: DtmfVia = DtmfVia.Rfc4733): void {
    this.ctx.emit({
      type: 'call.dtmf',
      tenantId: this.tenantId,
      callId: this.id,
      legId: leg.id,
      digit,
      at: new Date().toISOString(),
    });
    // The bridge relays RFC 4733 events between legs that both use them; everything else is sent here (as
    // RFC 4733 when the other leg uses it, else as SIP INFO: Leg.sendDtmf).
    const b = this.bridge;
    const other = b?.caller === leg ? b.callee : b?.callee === leg ? b.caller : null;
    if (other && (via === DtmfVia.Info || other.media?.tePayloadType === undefined)) void other.sendDtmf(digit);
  }

  onRemoteHangup(leg: Leg, _status: number | null): void {
    if (this.ended) return;
    const side = leg.role === LegRole.Caller ? HangupSide.Caller : HangupSide.Callee;
    for (const other of this.legs) if (other !== leg) other.hangup(HangupCause.Normal);
    this.end(this.answeredAt ? HangupCause.Normal : HangupCause.Cancelled, side, null);
  }

  /** CANCEL from the caller (RFC 3261 §9.2). */
  cancelledByCaller(): void {
    if (this.ended) return;
    this.inbound?.cancelled();
    for (const f of this.forks) f.cancel();
    this.end(HangupCause.Cancelled, HangupSide.Caller, 487);
  }

  /** Re-INVITE passthrough: the other leg gets our offer in the same direction, its answer shapes ours. */
  onReinvite(leg: Leg, request: SipRequest, tx: ServerTransaction): void {
    const other = leg === this.inbound ? this.answered : this.inbound;
    const offer = parseSdp(request.body);
    const m = offer?.media.find((x) => x.media === 'audio');
    const direction = offer && m ? offer.effectiveDirection(m) : undefined;
    if (!other?.isAnswered) {
      leg.answerReinvite(request, tx, undefined);
      return;
    }
    void other.reinvite(direction).then((res) => {
      if (!res || res.status >= 300) {
        tx.respond(createResponse(request, res?.status === 491 ? 491 : 488));
        return;
      }
      const answer = parseSdp(res.body);
      const am = answer?.media.find((x) => x.media === 'audio');
      leg.answerReinvite(request, tx, answer && am ? answer.effectiveDirection(am) : undefined);
    });
  }

  private noAnswer(): void {
    this.noAnswerTimer = null;
    if (this.ended || this.answered) return;
    for (const f of this.forks) f.cancel();
    this.inbound?.reject(480, 'No Answer');
    this.end(HangupCause.NoAnswer, HangupSide.System, 480);
  }

  private clearNoAnswer(): void {
    if (this.noAnswerTimer) clearTimeout(this.noAnswerTimer);
    this.noAnswerTimer = null;
  }

  /** Ends the call from the application side (or the switch). */
  hangup(cause: HangupCause = HangupCause.Normal, side: HangupSide = HangupSide.System): void {
    if (this.ended) return;
    for (const leg of this.legs) leg.hangup(cause);
    this.end(cause, side, null);
  }

  /** Ends a call that never got legs out (404/480 before dialling). */
  fail(cause: HangupCause, status: number): void {
    this.inbound?.reject(status);
    this.end(cause, HangupSide.System, status);
  }

  private end(cause: HangupCause, side: HangupSide, status: number | null): void {
    if (this.ended) return;
    this.ended = true;
    this.endedAt = new Date();
    this.clearNoAnswer();
    this.earlyBridge?.stop();
    this.bridge?.stop();
    for (const leg of this.legs) if (!leg.isEnded) leg.hangup(cause);
    this.ctx.emit({
      type: 'call.hangup',
      tenantId: this.tenantId,
      callId: this.id,
      cause,
      side,
      status,
      at: this.endedAt.toISOString(),
    });
    this.logger.info({ cause, side, status }, 'call ended');
    void this.finishRecords(cause, side);
  }

  private async finishRecords(cause: HangupCause, side: HangupSide): Promise<void> {
    const rec = this.recorder ? await this.recorder : null;
    if (rec) await rec.close().catch(() => {});
    else this.recordingPath = null;
    const record = buildCallRecord(this, cause, side);
    try {
      await this.options.cdr?.write(record);
    } catch (err) {
      this.logger.error({ err: String(err) }, 'cannot write call record');
    }
    this.options.onEnd?.(this);
  }
}
