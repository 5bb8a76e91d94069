import type { Call } from './call.ts';
import type { TargetResolver } from './call-flow-context.ts';
import { ring } from './call-transfer.ts';
import { PartyMode } from './connection.ts';
import type { DialAttemptOutcome } from './dial.ts';
import { DialResult, type DialTarget } from './flow/flow-context.ts';
import type { Leg } from './leg.ts';

/** How a supervisor takes part: 监听 (hears both, heard by none), 密语 (heard by the agent only), 强插 (three-way). */
export type SuperviseMode = 'listen' | 'whisper' | 'barge';

function partyMode(mode: SuperviseMode, agent: Leg): [PartyMode, string[] | undefined] {
  if (mode === 'listen') return [PartyMode.Listen, undefined];
  if (mode === 'whisper') return [PartyMode.Whisper, [agent.id]];
  return [PartyMode.Full, undefined];
}

/**
 * Rings the supervisor's phone (asked to answer by itself: they asked for it) and, when it answers, puts it in the
 * agent's conversation in `mode`. The supervisor leaves with the agent (Call.releaseSupervisors).
 */
export function supervise(
  call: Call,
  agent: Leg,
  target: DialTarget,
  mode: SuperviseMode,
  resolve: TargetResolver,
): Promise<DialAttemptOutcome> {
  if (!call.connectionOf(agent) || call.partnersOf(agent).length === 0) {
    return Promise.resolve({ result: DialResult.Failed, sipStatus: 481, leg: null });
  }
  return call.underway(async () => {
    const outcome = await ring(call, resolve, target, null, undefined, true);
    const leg = outcome.leg;
    if (!leg) return outcome;
    if (agent.isEnded || !call.connectionOf(agent)) {
      call.hangupLeg(leg);
      return { result: DialResult.Failed, sipStatus: 481, leg: null };
    }
    call.supervisorOf.set(leg, agent);
    const [m, heardBy] = partyMode(mode, agent);
    await call.join(leg, agent, m, heardBy);
    return outcome;
  });
}

/** Moves a supervisor between 监听, 密语 and 强插 without ringing again; false: `supervisor` supervises nobody. */
export function setSuperviseMode(call: Call, supervisor: Leg, mode: SuperviseMode): boolean {
  const agent = call.supervisorOf.get(supervisor);
  const connection = call.connectionOf(supervisor);
  if (!agent || !connection) return false;
  const [m, heardBy] = partyMode(mode, agent);
  connection.setMode(supervisor, m, heardBy);
  return true;
}
