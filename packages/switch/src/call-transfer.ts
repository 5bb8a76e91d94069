import type { Call } from './call.ts';
import type { TargetResolver } from './call-flow-context.ts';
import type { DialAttemptOutcome } from './dial.ts';
import { DialResult, type DialTarget, dialTargetLabel } from './flow/flow-context.ts';
import type { Leg } from './leg.ts';
import { HangupCause } from './types.ts';

const now = () => new Date().toISOString();

/** Puts a transfer on the call's path and tells the bus. */
export function announceTransfer(
  call: Call,
  transferor: Leg,
  others: Leg[],
  kind: 'blind' | 'attended',
  target: string,
): void {
  call.segments.transfer([transferor.id, ...others.map((l) => l.id)], target);
  call.ctx.emit({
    type: 'call.transferred',
    tenantId: call.tenantId,
    callId: call.id,
    legId: transferor.id,
    kind,
    target,
    at: now(),
  });
}

export function targetLabel(target: DialTarget): string {
  return dialTargetLabel(target);
}

/** The parties `leg` is with: its partners in a connection, or those it holds. */
export function counterparts(call: Call, leg: Leg): Leg[] {
  return [...call.partnersOf(leg), ...call.heldBy(leg)];
}

export async function ring(
  call: Call,
  resolve: TargetResolver,
  target: DialTarget,
  waiting: Leg | null,
  signal?: AbortSignal,
  autoAnswer = false,
): Promise<DialAttemptOutcome> {
  const groups = await resolve(call, [target], { strategy: 'parallel', autoAnswer });
  const usable = groups.filter((g) => g.length > 0);
  if (usable.length === 0) return { result: DialResult.Failed, sipStatus: 480, leg: null };
  return call.dial({ groups: usable, waiting }, signal);
}

/** Consultations still ringing, by transferor: a cancel stops the ringing. */
const ringingConsults = new WeakMap<Leg, AbortController>();

/**
 * Blind transfer: `transferor` leaves, the party it was with hears ringback while the target rings and is put
 * through when it answers. If the target does not answer the party goes back to the transferor when it is still
 * there, else the call ends. `progress` reports to a phone that asked by REFER.
 */
export function blindTransfer(
  call: Call,
  transferor: Leg,
  target: DialTarget,
  resolve: TargetResolver,
  progress?: (outcome: DialAttemptOutcome) => void,
): Promise<DialAttemptOutcome> {
  const transferee = counterparts(call, transferor)[0];
  if (!transferee) return Promise.resolve({ result: DialResult.Failed, sipStatus: 481, leg: null });
  announceTransfer(call, transferor, [transferee], 'blind', targetLabel(target));
  return call.underway(async () => {
    call.detach(transferor);
    call.detach(transferee);
    const outcome = await ring(call, resolve, target, transferee);
    progress?.(outcome);
    if (outcome.leg && !transferee.isEnded) {
      await call.connect([transferee, outcome.leg]);
      call.hangupLeg(transferor);
    } else if (outcome.leg) {
      call.hangupLeg(outcome.leg);
    } else if (!transferor.isEnded && !transferee.isEnded) {
      await call.connect([transferee, transferor]);
    }
    return outcome;
  });
}

/**
 * Attended transfer, first half: the party `transferor` is with is held (music on hold) while the transferor
 * rings the target and, when it answers, talks to it. Complete with {@link completeConsult}, or go back with
 * {@link cancelConsult}; if the transferor hangs up while consulting, the held party goes on to the target.
 */
export function consult(call: Call, transferor: Leg, target: DialTarget, resolve: TargetResolver) {
  const held = counterparts(call, transferor);
  return call.underway(async () => {
    for (const h of held) call.hold(h, transferor);
    const ringing = new AbortController();
    ringingConsults.set(transferor, ringing);
    // The transferor hanging up while the target still rings (semi-attended transfer): the held parties keep
    // their music (the call released them) and go on to the target if it answers.
    const watch = new AbortController();
    void call.waitAlone(transferor, watch.signal).then(() => {
      if (!transferor.isEnded || watch.signal.aborted) return;
      for (const h of held) if (!h.isEnded && !call.isHeld(h)) call.hold(h, transferor);
    });
    const outcome = await ring(call, resolve, target, transferor, ringing.signal).finally(() => {
      watch.abort();
      if (ringingConsults.get(transferor) === ringing) ringingConsults.delete(transferor);
    });
    if (outcome.leg && !transferor.isEnded) {
      call.consultOf.set(transferor, outcome.leg);
      await call.connect([transferor, outcome.leg]);
    } else if (outcome.leg && call.heldBy(transferor).length > 0) {
      call.consultOf.set(transferor, outcome.leg);
      await completeConsult(call, transferor);
    } else {
      if (outcome.leg) call.hangupLeg(outcome.leg);
      for (const h of held) await call.resume(h, transferor);
    }
    return outcome;
  });
}

/** Attended transfer, second half: the held party and the consulted party talk; the transferor leaves. */
export async function completeConsult(call: Call, transferor: Leg): Promise<boolean> {
  const target = call.consultOf.get(transferor);
  const held = call.heldBy(transferor);
  if (!target || target.isEnded || held.length === 0) return false;
  call.consultOf.delete(transferor);
  announceTransfer(call, transferor, [...held, target], 'attended', target.extension ?? target.uri);
  await call.underway(async () => {
    call.detach(transferor);
    for (const h of held) await call.resume(h, target);
    call.hangupLeg(transferor);
  });
  return true;
}

/**
 * The consult ends: the consulted party is hung up (or, still ringing, cancelled) and the held party is back with
 * the transferor.
 */
export async function cancelConsult(call: Call, transferor: Leg): Promise<boolean> {
  ringingConsults.get(transferor)?.abort('cancelled');
  const target = call.consultOf.get(transferor);
  call.consultOf.delete(transferor);
  const held = call.heldBy(transferor);
  if (held.length === 0) return false;
  await call.underway(async () => {
    if (target) call.hangupLeg(target, HangupCause.Normal);
    for (const h of held) await call.resume(h, transferor);
  });
  return true;
}

/** Three-way: rings the target and adds it to `with`'s connection, which becomes a conference. */
export function addToConference(call: Call, withLeg: Leg, target: DialTarget, resolve: TargetResolver) {
  return call.underway(async () => {
    const outcome = await ring(call, resolve, target, null);
    if (outcome.leg) {
      if (withLeg.isEnded) call.hangupLeg(outcome.leg);
      else await call.join(outcome.leg, withLeg);
    }
    return outcome;
  });
}
