import { randomUUID } from 'node:crypto';
import { createResponse, type ServerTransaction, type SipRequest } from '@hujiao/sip';
import { CallRecording } from './call-recording.ts';
import { SegmentLog } from './call-segments.ts';
import { causeForStatus } from './causes.ts';
import { buildCallRecord } from './cdr.ts';
import { Connection, ConnectionKind, PartyMode } from './connection.ts';
import type { SwitchContext } from './context.ts';
import { DialAttempt, type DialAttemptOutcome, type DialPlan } from './dial.ts';
import { DialResult } from './flow/flow-context.ts';
import { HOLD_TONE } from './flow/tones.ts';
import { InboundLeg } from './inbound-leg.ts';
import { DtmfVia } from './info-dtmf.ts';
import type { Leg, LegListener } from './leg.ts';
import { parseSdp } from './sdp-rewrite.ts';
import {
  CallDirection,
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
  direction?: CallDirection;
  /**
   * The first leg to answer is the calling party's own phone (click-to-call rings the agent first): the call is
   * answered (talk time, billing) when the next leg answers.
   */
  firstAnswerIsCaller?: boolean;
  /** Ring time of dials that do not say (the switch's no-answer timeout). */
  noAnswerTimeoutMs: number;
  recordings?: RecordingPort;
  cdr?: CdrSink;
  /** Music on hold played to a held party (a WAV file); a soft tone when absent. */
  mohFile?: string;
  /** Music on hold as a playlist (WAV files in order, then again); replaces `mohFile` when not empty. */
  mohFiles?: string[];
  /** A REFER from one of the call's legs (the switch's transfer handling); without it REFER gets 501. */
  onRefer?: (call: Call, leg: Leg, request: SipRequest, tx: ServerTransaction) => void;
  onEnd?: (call: Call) => void;
}

const now = () => new Date().toISOString();

/** A held party: who put it on hold (it goes back to them on resume). */
interface HoldState {
  holder: Leg;
  since: string;
}

/**
 * One call: any number of legs (the caller's, the legs dialled for it, transfer targets, conference parties),
 * the connections in which their audio meets (a relay for two, a mixer for more), held parties hearing music,
 * the flow that drives it, its recording, events and call record. A leg hanging up ends the call only when the
 * policy says so: while a flow runs it decides; otherwise the call ends when no leg is left with anyone to talk
 * to and no operation (a dial, a transfer) is under way.
 */
export class Call implements LegListener {
  readonly id = randomUUID();
  readonly startedAt = new Date();
  answeredAt: Date | null = null;
  endedAt: Date | null = null;
  readonly legs: Leg[] = [];
  inbound: InboundLeg | null = null;
  recordingPath: string | null = null;
  /** 满意度: the customer's key in the survey (1-5), kept on the call record; null: not surveyed. */
  satisfaction: number | null = null;
  readonly logger: SwitchLogger;
  readonly segments = new SegmentLog();
  private readonly connections = new Set<Connection>();
  private readonly held = new Map<Leg, HoldState>();
  private readonly aloneWaiters = new Map<Leg, Set<(by: HangupSide) => void>>();
  private readonly dtmfListeners = new Map<Leg, Set<(digit: string) => void>>();
  private recording: CallRecording | null = null;
  private pending = 0;
  private flowLeg: Leg | null = null;
  private flowAbort: AbortController | null = null;
  private flowSettled: Promise<void> = Promise.resolve();
  private settleFlow: (() => void) | null = null;
  private lastDial: DialAttemptOutcome | null = null;
  private lastSide: HangupSide = HangupSide.System;
  private ended = false;

  constructor(
    readonly ctx: SwitchContext,
    readonly options: CallOptions,
  ) {
    this.logger = lazyChild(ctx.logger, { tenantId: options.tenantId, callId: this.id });
    const recordings = options.recordings;
    this.recordingPath = recordings ? recordings.pathFor(options.tenantId, this.id) : null;
    options.cdr?.open?.({
      tenantId: options.tenantId,
      callId: this.id,
      caller: options.caller,
      callee: options.callee,
      direction: options.direction ?? CallDirection.Internal,
      startedAt: this.startedAt,
      recordingPath: this.recordingPath,
    });
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

  /** Legs that have not ended. */
  liveLegs(): Leg[] {
    return this.legs.filter((l) => !l.isEnded);
  }

  leg(id: string): Leg | undefined {
    return this.legs.find((l) => l.id === id);
  }

  addLeg(leg: Leg): void {
    this.legs.push(leg);
    leg.setListener(this);
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

  /** Takes a live leg over from another call (pick-up, attended transfer across calls). */
  adopt(leg: Leg, from: Call): void {
    from.release(leg);
    this.addLeg(leg);
  }

  /** Lets a leg go to another call without hanging it up. */
  private release(leg: Leg): void {
    this.detach(leg);
    const i = this.legs.indexOf(leg);
    if (i >= 0) this.legs.splice(i, 1);
    if (this.inbound === leg) this.inbound = null;
    this.reap();
  }

  // ---- answering and progress ----

  /** Answers the caller's leg (flows, test numbers, IVR). */
  async answer(): Promise<void> {
    const leg = this.inbound;
    if (!leg || leg.isAnswered || this.ended) return;
    await leg.answer();
    this.legAnswered(leg);
  }

  private callerAnswered = false;

  legAnswered(leg: Leg): void {
    const at = new Date();
    this.ctx.emit({
      type: 'leg.answered',
      tenantId: this.tenantId,
      callId: this.id,
      legId: leg.id,
      at: at.toISOString(),
    });
    if (this.answeredAt) return;
    if (this.options.firstAnswerIsCaller && !this.callerAnswered) {
      this.callerAnswered = true;
      return;
    }
    this.answeredAt = at;
    this.ctx.emit({
      type: 'call.answered',
      tenantId: this.tenantId,
      callId: this.id,
      legId: leg.id,
      at: at.toISOString(),
    });
  }

  legRinging(leg: Leg, status: number, earlyMedia: boolean): void {
    this.ctx.emit({
      type: 'call.ringing',
      tenantId: this.tenantId,
      callId: this.id,
      legId: leg.id,
      status,
      earlyMedia,
      at: now(),
    });
  }

  /** Rings targets for this call (pending until the outcome: the call does not end meanwhile). */
  async dial(plan: Omit<DialPlan, 'ringTimeoutMs'> & { ringTimeoutMs?: number }, signal?: AbortSignal) {
    this.pending++;
    try {
      const outcome = await this.runDial(
        { ...plan, ringTimeoutMs: plan.ringTimeoutMs ?? this.options.noAnswerTimeoutMs },
        signal,
      );
      if (outcome.leg) this.legAnswered(outcome.leg);
      if (!this.ended) this.lastDial = outcome;
      return outcome;
    } finally {
      this.pending--;
      queueMicrotask(() => this.reap());
    }
  }

  /** Rings the plan's targets (the seam unit tests replace with fake legs). */
  protected runDial(plan: DialPlan, signal?: AbortSignal): Promise<DialAttemptOutcome> {
    return new DialAttempt(this, plan).run(signal);
  }

  /** Marks an operation under way (a transfer, a consult): the call is not reaped meanwhile. */
  async underway<T>(work: () => Promise<T>): Promise<T> {
    this.pending++;
    try {
      return await work();
    } finally {
      this.pending--;
      queueMicrotask(() => this.reap());
    }
  }

  // ---- connections ----

  connectionOf(leg: Leg): Connection | undefined {
    for (const c of this.connections) if (c.has(leg)) return c;
    return undefined;
  }

  partnersOf(leg: Leg): Leg[] {
    return (this.connectionOf(leg)?.partnersOf(leg) ?? []) as Leg[];
  }

  /**
   * Puts legs together in one connection (answering the caller's leg first if it still rings); each leaves
   * whatever connection, hold or playback it was in. Returns the connection.
   */
  async connect(legs: Leg[], mode: PartyMode = PartyMode.Full): Promise<Connection | null> {
    for (const leg of legs) {
      if (leg === this.inbound && !leg.isAnswered) await this.answer();
      else if (leg instanceof InboundLeg && !leg.isAnswered && !leg.isEnded) {
        await leg.answer();
        this.legAnswered(leg);
      }
    }
    if (this.ended || legs.some((l) => l.isEnded)) return null;
    for (const leg of legs) this.detach(leg);
    const connection = new Connection(this.ctx.clock, (c) => this.connectionChanged(c));
    this.connections.add(connection);
    for (const leg of legs) {
      leg.stopPlaying();
      connection.add(leg, mode);
    }
    this.startRecording(legs[0] as Leg);
    return connection;
  }

  /** Adds a leg to `leg`'s connection (three-way, conference), or connects the two. */
  async join(leg: Leg, to: Leg, mode: PartyMode = PartyMode.Full, heardBy?: string[]): Promise<void> {
    const connection = this.connectionOf(to);
    if (!connection) {
      await this.connect([to, leg]);
      if (mode !== PartyMode.Full) this.connectionOf(leg)?.setMode(leg, mode, heardBy);
    } else {
      this.detach(leg);
      leg.stopPlaying();
      connection.add(leg, mode, heardBy);
    }
    this.ctx.emit({
      type: 'conference.joined',
      tenantId: this.tenantId,
      callId: this.id,
      legId: leg.id,
      mode,
      at: now(),
    });
  }

  /** Takes a leg out of its connection and hold (it stays up: a flow or a transfer decides what is next). */
  detach(leg: Leg): void {
    const connection = this.connectionOf(leg);
    if (connection) {
      const wasConference = connection.kind === ConnectionKind.Mixer;
      connection.remove(leg);
      if (wasConference) {
        this.ctx.emit({ type: 'conference.left', tenantId: this.tenantId, callId: this.id, legId: leg.id, at: now() });
      }
      if (connection.size <= 1) {
        connection.close();
        this.connections.delete(connection);
        this.segments.closeConnection(connection);
      }
    }
    if (this.held.delete(leg)) {
      leg.stopPlaying();
      this.segments.closeHold(leg);
    }
  }

  private connectionChanged(connection: Connection): void {
    if (connection.size < 2) return;
    const legIds = connection.endpoints().map((e) => e.id);
    const kind = connection.kind === ConnectionKind.Mixer ? 'conference' : 'bridge';
    this.segments.openConnection(connection, kind, legIds);
    this.ctx.emit({ type: 'call.bridged', tenantId: this.tenantId, callId: this.id, legIds, at: now() });
  }

  // ---- hold ----

  isHeld(leg: Leg): boolean {
    return this.held.has(leg);
  }

  /** Holds `leg` (it hears music on hold) on behalf of `holder`, the party it was talking to. */
  hold(leg: Leg, holder?: Leg): void {
    if (leg.isEnded || this.held.has(leg)) return;
    const partner = holder ?? this.partnersOf(leg)[0];
    this.detach(leg);
    if (!partner) return;
    this.held.set(leg, { holder: partner, since: now() });
    this.segments.openHold(leg, leg.id);
    this.playHoldMusic(leg);
    this.ctx.emit({ type: 'call.held', tenantId: this.tenantId, callId: this.id, legId: leg.id, at: now() });
  }

  /** Music on hold to `leg` while it is held: the call's playlist in order and again, its one file, or a soft tone. */
  private playHoldMusic(leg: Leg): void {
    const files = this.options.mohFiles?.length ? this.options.mohFiles : undefined;
    const single = this.options.mohFile;
    if (!files || files.length === 1) {
      const file = files?.[0] ?? single;
      leg.play(file ? { file, loop: true } : { tone: HOLD_TONE }).catch(() => {});
      return;
    }
    const state = this.held.get(leg);
    void (async () => {
      for (let i = 0; this.held.get(leg) === state && !leg.isEnded; i = (i + 1) % files.length) {
        const played = await leg.play({ file: files[i] as string }).then(
          () => true,
          () => false,
        );
        // A file that cannot be played must not spin: the rest of the hold is silent.
        if (!played) break;
      }
    })();
  }

  /** Music on hold for this call from now on (e.g. chosen by its inbound route). */
  setMusicOnHold(files: string[]): void {
    if (files.length > 0) this.options.mohFiles = [...files];
  }

  /** Ends the hold of `leg` and puts it back with its holder (or `with`). */
  async resume(leg: Leg, withLeg?: Leg): Promise<void> {
    const state = this.held.get(leg);
    if (!state) return;
    const partner = withLeg ?? state.holder;
    this.detach(leg);
    this.ctx.emit({ type: 'call.resumed', tenantId: this.tenantId, callId: this.id, legId: leg.id, at: now() });
    if (partner.isEnded) {
      this.reap();
      return;
    }
    const connection = this.connectionOf(partner);
    if (connection) connection.add(leg);
    else await this.connect([partner, leg]);
  }

  /** Parties held on behalf of `holder`. */
  heldBy(holder: Leg): Leg[] {
    return [...this.held].filter(([, s]) => s.holder === holder).map(([l]) => l);
  }

  // ---- the flow ----

  /** Marks `leg` as driven by a flow; returns the signal aborted when the leg ends. */
  startFlow(leg: Leg, name: string): AbortSignal {
    this.flowLeg = leg;
    this.flowAbort = new AbortController();
    this.flowSettled = new Promise((resolve) => {
      this.settleFlow = resolve;
    });
    this.segments.openFlow(leg, leg.id, name);
    this.ctx.emit({ type: 'flow.started', tenantId: this.tenantId, callId: this.id, flow: name, at: now() });
    return this.flowAbort.signal;
  }

  /** The flow finished: the call goes on only while its legs still have someone to talk to. */
  flowEnded(reason: string): void {
    const leg = this.flowLeg;
    this.flowLeg = null;
    this.flowAbort = null;
    if (leg) this.segments.closeFlow(leg);
    this.settleFlow?.();
    this.settleFlow = null;
    this.ctx.emit({ type: 'flow.ended', tenantId: this.tenantId, callId: this.id, reason, at: now() });
    this.reap();
  }

  /** Stops the running flow (a command took the call over). */
  stopFlow(): void {
    this.flowAbort?.abort('stopped');
  }

  /** Resolves when the running flow has ended (at once when none runs). */
  flowDone(): Promise<void> {
    return this.flowLeg ? this.flowSettled : Promise.resolve();
  }

  /** Resolves when `leg` has nobody left to talk to and nothing is under way for it. */
  waitAlone(leg: Leg, signal: AbortSignal): Promise<HangupSide> {
    return new Promise((resolve) => {
      let set = this.aloneWaiters.get(leg);
      if (!set) {
        set = new Set();
        this.aloneWaiters.set(leg, set);
      }
      const done = (by: HangupSide) => {
        set?.delete(done);
        signal.removeEventListener('abort', abort);
        resolve(by);
      };
      const abort = () => done(HangupSide.System);
      signal.addEventListener('abort', abort, { once: true });
      set.add(done);
      queueMicrotask(() => this.reap());
    });
  }

  onDigits(leg: Leg, listener: (digit: string) => void): () => void {
    let set = this.dtmfListeners.get(leg);
    if (!set) {
      set = new Set();
      this.dtmfListeners.set(leg, set);
    }
    set.add(listener);
    return () => set?.delete(listener);
  }

  // ---- leg events (LegListener) ----

  onDtmf(leg: Leg, digit: string, via: DtmfVia = DtmfVia.Rfc4733): void {
    this.ctx.emit({ type: 'call.dtmf', tenantId: this.tenantId, callId: this.id, legId: leg.id, digit, at: now() });
    for (const l of [...(this.dtmfListeners.get(leg) ?? [])]) l(digit);
    // The two-party relay passes RFC 4733 events with the audio to a party that negotiated telephone-event; any
    // other digit (SIP INFO, a party without telephone-event, a conference: the mixer passes no events) is sent
    // on explicitly (as RFC 4733 when the party takes it, else as SIP INFO).
    const relayed = via === DtmfVia.Rfc4733 && this.connectionOf(leg)?.kind === ConnectionKind.Relay;
    for (const p of this.partnersOf(leg)) {
      if (!relayed || p.media?.tePayloadType === undefined) void p.sendDtmf(digit).catch(() => {});
    }
  }

  onRefer(leg: Leg, request: SipRequest, tx: ServerTransaction): void {
    if (this.options.onRefer) this.options.onRefer(this, leg, request, tx);
    else tx.respond(createResponse(request, 501));
  }

  /** A leg ended for a reason of the system (e.g. our 2xx never ACKed: 408): the call ends with that cause. */
  onLegFailed(leg: Leg, cause: HangupCause, status: number): void {
    this.lastSide = HangupSide.System;
    this.failure = { cause, status };
    // A 2xx that was never ACKed set up no session (RFC 3261 §13.3.1.4): no talk time.
    if (leg === this.inbound && leg.answeredAt === null) this.answeredAt = null;
    this.legEnded(leg);
  }

  private failure: { cause: HangupCause; status: number } | null = null;

  onRemoteHangup(leg: Leg, _status: number | null): void {
    this.lastSide = leg.role === LegRole.Caller ? HangupSide.Caller : HangupSide.Callee;
    this.legEnded(leg);
  }

  /** A leg ended (remote BYE, failure, our hangup): it leaves everything, then the call decides whether to go on. */
  legEnded(leg: Leg): void {
    if (this.ended) return;
    this.ctx.emit({
      type: 'leg.ended',
      tenantId: this.tenantId,
      callId: this.id,
      legId: leg.id,
      status: leg.finalStatus,
      cause: leg.finalStatus && leg.finalStatus >= 300 ? causeForStatus(leg.finalStatus) : HangupCause.Normal,
      at: now(),
    });
    const orphans = this.heldBy(leg);
    this.detach(leg);
    if (leg === this.flowLeg) this.flowAbort?.abort('hangup');
    if (this.recording?.anchored === leg) this.moveRecording();
    // A held party whose holder left while consulting someone goes on to that party (attended transfer by hang-up).
    for (const h of orphans) {
      const target = this.consultOf.get(leg);
      if (target && !target.isEnded && !h.isEnded) void this.resume(h, target);
      else this.detach(h); // nobody to go back to
    }
    this.consultOf.delete(leg);
    this.releaseSupervisors(leg);
    this.reap();
  }

  /** Who each transferor is consulting (set by the transfer commands). */
  readonly consultOf = new Map<Leg, Leg>();

  /** Supervisors' legs (监听/密语/强插) and the agent's leg each supervises (call-supervision.ts). */
  readonly supervisorOf = new Map<Leg, Leg>();

  /** A supervisor goes when the agent they supervise left, or is with nobody but supervisors. */
  private releaseSupervisors(ended: Leg): void {
    this.supervisorOf.delete(ended);
    for (const [supervisor, agent] of [...this.supervisorOf]) {
      const others = agent.isEnded ? [] : this.partnersOf(agent).filter((l) => !this.supervisorOf.has(l));
      if (others.length > 0) continue;
      this.supervisorOf.delete(supervisor);
      this.hangupLeg(supervisor);
    }
  }

  /**
   * A re-INVITE (or UPDATE) offer from a leg. The switch answers it itself (RFC 6337 §5.3): an offer that puts us
   * on hold (sendonly/inactive) holds the leg's partners, who hear music; sendrecv again resumes them.
   */
  onReinvite(leg: Leg, request: SipRequest, tx: ServerTransaction): void {
    const offer = parseSdp(request.body);
    const m = offer?.media.find((x) => x.media === 'audio');
    if (!offer || !m) {
      if (request.body.length === 0) leg.answerReinvite(request, tx, undefined);
      else tx.respond(createResponse(request, 488));
      return;
    }
    leg.answerReinvite(request, tx, undefined);
    const direction = offer.effectiveDirection(m);
    this.holdChanged(leg, direction === 'sendonly' || direction === 'inactive');
  }

  /** `leg` put its partners on hold (true) or took them off (false). */
  holdChanged(leg: Leg, onHold: boolean): void {
    const connection = this.connectionOf(leg);
    // In a conference the others go on talking to each other: the holder only leaves the mix (muted: its phone may
    // play its own music) until it resumes.
    if (onHold && connection && connection.partnersOf(leg).length > 1) {
      if (!this.holdMuted.has(leg) && !connection.parties.get(leg.id)?.muted) {
        this.holdMuted.add(leg);
        connection.setMuted(leg, true);
      }
      return;
    }
    if (!onHold && this.holdMuted.delete(leg)) connection?.setMuted(leg, false);
    if (onHold) for (const p of this.partnersOf(leg)) this.hold(p, leg);
    else for (const h of this.heldBy(leg)) void this.resume(h, leg);
  }

  /** Conference parties muted because they put the call on hold (unmuted when they resume). */
  private readonly holdMuted = new Set<Leg>();

  // ---- ending ----

  private startRecording(anchor: Leg): void {
    if (this.recording || !this.recordingPath || this.ended) return;
    this.recording = new CallRecording(this.recordingPath, this.logger);
    this.recording.follow(this.inbound && !this.inbound.isEnded ? this.inbound : anchor);
  }

  /** The call's recording follows `leg` from now on (a redirected caller alone in a flow). */
  recordFrom(leg: Leg): void {
    if (!leg.isEnded) this.recording?.follow(leg);
  }

  private moveRecording(): void {
    const next = this.liveLegs().find((l) => l.isAnswered && (this.connectionOf(l) || this.held.has(l)));
    if (next) this.recording?.follow(next);
  }

  /** Does this leg still have someone: a partner in a connection, a held party, or a holder. */
  private engaged(leg: Leg): boolean {
    return this.partnersOf(leg).length > 0 || this.held.has(leg) || this.heldBy(leg).length > 0;
  }

  /** Decides whether the call goes on after a change. */
  private reap(): void {
    if (this.ended) return;
    const live = this.liveLegs();
    for (const [leg, waiters] of this.aloneWaiters) {
      if (waiters.size === 0 || (this.pending > 0 && !leg.isEnded) || (!leg.isEnded && this.engaged(leg))) continue;
      for (const w of [...waiters]) w(this.lastSide);
    }
    const f = this.failure;
    if (live.length === 0) {
      if (f) this.end(f.cause, HangupSide.System, f.status);
      else this.end(this.answeredAt ? HangupCause.Normal : HangupCause.Cancelled, this.lastSide, null);
      return;
    }
    if (this.flowLeg || this.pending > 0 || live.some((l) => this.engaged(l))) return;
    if (this.finishUnanswered()) return;
    if (f) {
      for (const leg of live) leg.hangup(f.cause);
      this.end(f.cause, HangupSide.System, f.status);
    } else this.hangup(HangupCause.Normal, this.lastSide);
  }

  /** A caller's leg that never got answered is answered with the best failure of the last dial. */
  private finishUnanswered(): boolean {
    const leg = this.inbound;
    if (!leg || leg.isAnswered || leg.isEnded) return false;
    const d = this.lastDial;
    if (!d || (d.result === DialResult.NoAnswer && d.sipStatus === null)) {
      leg.reject(480, 'No Answer');
      this.end(HangupCause.NoAnswer, HangupSide.System, 480);
      return true;
    }
    const best = d.sipStatus ?? 480;
    const relayed = best === 408 || best === 487 || (best >= 500 && best < 600) ? 480 : best;
    // 408 from the phone, or nobody to ring at all (not registered): unavailable rather than not answered.
    const cause =
      best === 408 || (d.result === DialResult.Failed && best === 480) ? HangupCause.Unavailable : causeForStatus(best);
    leg.reject(relayed);
    this.end(cause, HangupSide.Callee, relayed);
    return true;
  }

  /** Hangs up one leg; the call decides whether it goes on. */
  hangupLeg(leg: Leg, cause: HangupCause = HangupCause.Normal): void {
    if (leg.isEnded) return;
    leg.hangup(cause);
    // The caller's leg ended before it was answered (a flow's hangup, a command): it got a final status for the
    // cause (486 for busy, 480 for normal …) and the call ends with those, not as if the caller had cancelled.
    const status = leg.finalStatus;
    if (leg === this.inbound && !leg.answeredAt && status !== null && status >= 300 && !this.failure) {
      this.failure = { cause: cause === HangupCause.Normal ? causeForStatus(status) : cause, status };
    }
    this.legEnded(leg);
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

  /** CANCEL from the caller (RFC 3261 §9.2). */
  cancelledByCaller(): void {
    if (this.ended) return;
    this.inbound?.cancelled();
    this.flowAbort?.abort('hangup');
    for (const leg of this.legs) leg.hangup(HangupCause.Cancelled);
    this.end(HangupCause.Cancelled, HangupSide.Caller, 487);
  }

  private end(cause: HangupCause, side: HangupSide, status: number | null): void {
    if (this.ended) return;
    this.ended = true;
    this.endedAt = new Date();
    this.flowAbort?.abort('hangup');
    for (const c of this.connections) {
      c.close();
      this.segments.closeConnection(c);
    }
    this.connections.clear();
    for (const leg of this.legs) if (!leg.isEnded) leg.hangup(cause);
    this.segments.closeAll(this.endedAt.toISOString());
    for (const waiters of this.aloneWaiters.values()) for (const w of [...waiters]) w(side);
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
    const path = this.recording ? await this.recording.close() : null;
    this.recordingPath = path;
    const record = buildCallRecord(this, cause, side);
    try {
      await this.options.cdr?.write(record);
    } catch (err) {
      this.logger.error({ err: String(err) }, 'cannot write call record');
    }
    this.options.onEnd?.(this);
  }
}
