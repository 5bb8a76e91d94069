import { ChineseTones } from '@hujiao/media';
import type { Call } from './call.ts';
import { causeForStatus } from './causes.ts';
import { DialResult } from './flow/flow-context.ts';
import { InboundLeg } from './inbound-leg.ts';
import type { Leg } from './leg.ts';
import { MediaBridge } from './media-bridge.ts';
import { type DialListener, OutboundLeg, type OutboundTarget } from './outbound-leg.ts';
import { failsOver } from './trunk/trunk-dial.ts';
import { CallDirection, HangupCause } from './types.ts';

export interface DialAttemptOutcome {
  result: DialResult;
  /** The final SIP status that decided it (200, 486, 487, 480 …), null when nothing was sent. */
  sipStatus: number | null;
  /** The answered leg: a dialled one, or a phone that picked the call up. */
  leg: Leg | null;
}

export interface DialPlan {
  /** Each group is forked in parallel; groups are tried one after another (sequential hunting). */
  groups: OutboundTarget[][];
  /** Ring time per group. */
  ringTimeoutMs: number;
  /** The leg that waits: it hears ringback (or the callee's early media) until the outcome. */
  waiting?: Leg | null;
  /** The waiting leg hears nothing of the dial (no ringback, no early media): a queue's caller keeps its music. */
  quiet?: boolean;
}

/** A pick-up by command: the picking phone's forks of a dial, and who waits for their outcome. */
interface PickupWaiter {
  legs: Set<OutboundLeg>;
  failures: number[];
  /** Its ring time is over: its forks are being cancelled (a 2xx crossing the CANCEL still takes the call). */
  timedOut: boolean;
  settle(o: DialAttemptOutcome): void;
}

/** Preference among callee failures when every fork failed (RFC 3261 §16.7 step 6, simplified). */
function rank(status: number): number {
  if (status >= 600) return 0;
  if (status === 486) return 1;
  if (status === 487) return 9;
  if (status === 408 || status === 503) return 8;
  return 5;
}

function resultOf(status: number): DialResult {
  if (status === 486 || status === 600) return DialResult.Busy;
  if (status === 408) return DialResult.NoAnswer;
  if (status === 487) return DialResult.Cancelled;
  return causeForStatus(status) === HangupCause.Busy ? DialResult.Busy : DialResult.Failed;
}

/**
 * One dial: INVITEs forked to every contact of a group at once (the first 2xx wins, RFC 3261 §16.7), groups in
 * turn, a ring timeout per group, ringback or early media (RFC 3960) to the waiting leg. Resolves with the outcome;
 * the caller decides what to do with an answered leg (bridge it, run a flow, add it to a conference).
 */
export class DialAttempt implements DialListener {
  /** Dials under way in any call, for call pick-up. */
  static readonly active = new Set<DialAttempt>();

  private forks: OutboundLeg[] = [];
  private failures: number[] = [];
  private earlyBridge: MediaBridge | null = null;
  private ringback = false;
  private settle: ((o: DialAttemptOutcome) => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private done = false;
  private forking = false;
  private readonly pickups = new Set<PickupWaiter>();
  /** Every fork a pick-up by command added (still one after its pick-up gave up). */
  private readonly pickupLegs = new WeakSet<Leg>();

  constructor(
    readonly call: Call,
    private readonly plan: DialPlan,
  ) {}

  async run(signal?: AbortSignal): Promise<DialAttemptOutcome> {
    if (this.plan.groups.length === 0) return { result: DialResult.Failed, sipStatus: 480, leg: null };
    const onAbort = () => this.finish({ result: DialResult.Cancelled, sipStatus: 487, leg: null });
    signal?.addEventListener('abort', onAbort, { once: true });
    DialAttempt.active.add(this);
    try {
      for (const group of this.plan.groups) {
        if (signal?.aborted) return { result: DialResult.Cancelled, sipStatus: 487, leg: null };
        const outcome = await this.tryGroup(group);
        if (outcome.result === DialResult.Answered || outcome.result === DialResult.Cancelled) return outcome;
        if (this.plan.groups.length === 1) return outcome;
        this.lastOutcome = outcome;
      }
      return this.lastOutcome ?? { result: DialResult.Failed, sipStatus: 480, leg: null };
    } finally {
      DialAttempt.active.delete(this);
      signal?.removeEventListener('abort', onAbort);
      this.stopRingback();
    }
  }

  private lastOutcome: DialAttemptOutcome | null = null;

  private tryGroup(group: OutboundTarget[]): Promise<DialAttemptOutcome> {
    this.forks = [];
    this.failures = [];
    this.done = false;
    return new Promise<DialAttemptOutcome>((resolve) => {
      this.settle = resolve;
      // Our own ring timeout: no SIP status decided it.
      this.timer = setTimeout(
        () => this.finish({ result: DialResult.NoAnswer, sipStatus: null, leg: null }),
        this.plan.ringTimeoutMs,
      );
      void this.fork(group);
    });
  }

  private async fork(group: OutboundTarget[]): Promise<void> {
    const preferred = this.plan.waiting?.media?.law;
    this.forking = true;
    for (const target of group) {
      if (this.done) return;
      await this.startFork(target, preferred);
    }
    this.forking = false;
    this.settleFailures();
  }

  /** One fork: the leg joins the forks at once (before its INVITE goes), so the group is not settled meanwhile. */
  private async startFork(
    target: OutboundTarget,
    preferred = this.plan.waiting?.media?.law,
    pickup?: PickupWaiter,
  ): Promise<void> {
    const leg = new OutboundLeg(this.call.ctx, target, this, this.call.logger);
    if (pickup) {
      pickup.legs.add(leg);
      this.pickupLegs.add(leg);
    }
    // An internal call that dials a carrier is an outbound call (one from a carrier stays inbound).
    if (target.trunk && (this.call.options.direction ?? CallDirection.Internal) === CallDirection.Internal)
      this.call.options.direction = CallDirection.Outbound;
    leg.setListener(this.call);
    this.forks.push(leg);
    this.call.addLeg(leg);
    try {
      await leg.start(preferred);
    } catch (err) {
      this.call.logger.warn({ err: String(err) }, 'cannot start outgoing leg');
      leg.hangup(HangupCause.Failed);
      this.onFailure(leg, 500);
    }
  }

  /** Every fork of the group failed: the best failure decides. */
  private settleFailures(): void {
    if (this.done || this.forking || this.forks.some((f) => !f.isEnded)) return;
    const best = [...this.failures].sort((x, y) => rank(x) - rank(y))[0] ?? 480;
    this.finish({ result: resultOf(best), sipStatus: best, leg: null });
  }

  /** The dialled legs still ringing (for call pick-up), with the extension each rings. */
  ringing(): OutboundLeg[] {
    return this.done ? [] : this.forks.filter((f) => !f.isEnded && !f.isAnswered);
  }

  /** Another phone picked the call up (RFC 3261 has no word for it: a feature code): the forks stop ringing. */
  pickUp(leg: Leg): void {
    this.finish({ result: DialResult.Answered, sipStatus: 200, leg });
  }

  /**
   * Call pick-up by command (the CTI's 代接): `targets` (the picking phone's contacts) ring as more forks of this
   * dial for at most `ringTimeoutMs` (and no longer than the dial itself rings); the first to answer takes the call
   * and the other forks stop ringing. Their failures do not decide the dial's outcome: the others ring on.
   * Resolves with the pick-up's outcome (cancelled: the call was answered elsewhere or ended meanwhile).
   */
  pickUpWith(targets: OutboundTarget[], ringTimeoutMs: number): Promise<DialAttemptOutcome> {
    if (this.done || targets.length === 0)
      return Promise.resolve({ result: DialResult.Failed, sipStatus: null, leg: null });
    return new Promise((resolve) => {
      let settled = false;
      let fallback: ReturnType<typeof setTimeout> | undefined;
      const noAnswer: DialAttemptOutcome = { result: DialResult.NoAnswer, sipStatus: null, leg: null };
      const waiter: PickupWaiter = {
        legs: new Set(),
        failures: [],
        timedOut: false,
        settle: (o) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          clearTimeout(fallback);
          this.pickups.delete(waiter);
          resolve(o);
        },
      };
      const timer = setTimeout(() => {
        waiter.timedOut = true;
        const ringing = [...waiter.legs].filter((l) => !l.isEnded);
        if (ringing.length === 0) return waiter.settle(noAnswer);
        for (const leg of ringing) leg.cancel();
        // The cancelled forks' failures settle it; should one never end, it is not answered all the same.
        fallback = setTimeout(() => waiter.settle(noAnswer), 5000);
      }, ringTimeoutMs);
      this.pickups.add(waiter);
      void (async () => {
        for (const target of targets) if (!this.done) await this.startFork(target, undefined, waiter);
      })();
    });
  }

  private pickupOf(leg: Leg): PickupWaiter | undefined {
    for (const w of this.pickups) if (w.legs.has(leg as OutboundLeg)) return w;
    return undefined;
  }

  private finish(outcome: DialAttemptOutcome): void {
    if (this.done) return;
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const f of this.forks) if (f !== outcome.leg) f.cancel();
    for (const w of [...this.pickups]) {
      const mine = outcome.leg !== null && w.legs.has(outcome.leg as OutboundLeg);
      w.settle(mine ? outcome : { result: DialResult.Cancelled, sipStatus: 487, leg: null });
    }
    this.stopRingback();
    const settle = this.settle;
    this.settle = null;
    settle?.(outcome);
  }

  private stopRingback(): void {
    const waiting = this.plan.waiting;
    if (this.ringback && waiting) waiting.stopPlaying();
    this.ringback = false;
    this.earlyBridge?.stop();
    this.earlyBridge = null;
  }

  onProgress(leg: OutboundLeg, status: number, earlyMedia: boolean): void {
    if (this.done) return;
    this.call.legRinging(leg, status, earlyMedia);
    const waiting = this.plan.waiting;
    if (!waiting || waiting.isEnded || this.plan.quiet) return;
    if (earlyMedia) {
      // Early media from the callee (RFC 3960): relay it instead of our ringback.
      if (this.earlyBridge) return;
      if (this.ringback) waiting.stopPlaying();
      this.ringback = false;
      if (waiting instanceof InboundLeg && !waiting.isAnswered) waiting.ring(true, 183);
      this.earlyBridge = new MediaBridge(waiting, leg);
      this.earlyBridge.start();
      return;
    }
    if (this.ringback || this.earlyBridge) return;
    // Ringing without early media: our SDP in the 180 and the Chinese ringback (450 Hz, 1 s on 4 s off).
    if (waiting instanceof InboundLeg && !waiting.isAnswered) waiting.ring(true, 180);
    this.ringback = true;
    waiting.play({ tone: ChineseTones.ringback }).catch(() => {});
  }

  onAnswer(leg: OutboundLeg): void {
    if (this.done) {
      leg.hangup(HangupCause.Normal);
      return;
    }
    this.finish({ result: DialResult.Answered, sipStatus: 200, leg });
  }

  onFailure(leg: OutboundLeg, status: number): void {
    this.call.legEnded(leg);
    if (this.done) return;
    if (this.pickupLegs.has(leg)) {
      // The picking phone refused or failed: the pick-up fails, the call rings on where it rang.
      const pickup = this.pickupOf(leg);
      pickup?.failures.push(status);
      if (pickup && [...pickup.legs].every((l) => l.isEnded)) {
        const best = [...pickup.failures].sort((x, y) => rank(x) - rank(y))[0] ?? 480;
        if (pickup.timedOut) pickup.settle({ result: DialResult.NoAnswer, sipStatus: best, leg: null });
        else pickup.settle({ result: resultOf(best), sipStatus: best, leg: null });
      }
      this.settleFailures();
      return;
    }
    if (this.earlyBridge && (this.earlyBridge.callee === leg || this.earlyBridge.caller === leg)) {
      this.earlyBridge.stop();
      this.earlyBridge = null;
    }
    // A trunk that failed over: the next trunk of the list takes this fork's place (ADR 0009).
    const next = leg.target.trunk?.next;
    if (next && failsOver(status)) {
      this.call.logger.info(
        { trunkId: leg.target.trunk?.trunkId, status, next: next.trunk?.trunkId },
        'trunk failover',
      );
      void this.startFork(next);
      return;
    }
    this.failures.push(status);
    this.settleFailures();
  }

  // LegListener: an outgoing leg's in-dialog events go to the call (set with setListener above).
  onDtmf(leg: Leg, digit: string): void {
    this.call.onDtmf(leg, digit);
  }

  onRemoteHangup(leg: Leg, status: number | null): void {
    this.call.onRemoteHangup(leg, status);
  }

  onReinvite: Call['onReinvite'] = (leg, request, tx) => this.call.onReinvite(leg, request, tx);
}
