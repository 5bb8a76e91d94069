import type { Flow } from '@hujiao/shared';
import type { Call } from './call.ts';
import { announceTransfer, counterparts } from './call-transfer.ts';
import type { Leg } from './leg.ts';

/** How long the flow a redirect stops may take to settle (its verbs settle at once on abort). */
const FLOW_STOP_MS = 3000;

/**
 * Redirect to a flow: `leaving` (the agent) leaves and the party it was with (the customer, talking or held) runs
 * `flow` on its own leg — a queue, an IVR menu, an outside number, the survey. The call stays the same call: its
 * recording follows the party, its call record goes on. The flow that ran before (e.g. the enqueue verb that
 * bridged the agent) is stopped and has settled before the new one starts. Resolves with the party's leg, or
 * null when `leaving` is with nobody (or the old flow would not stop).
 */
export function redirectToFlow(
  call: Call,
  leaving: Leg,
  flow: Flow,
  run: (call: Call, leg: Leg, flow: Flow) => Promise<void>,
): Promise<Leg | null> {
  const party = counterparts(call, leaving)[0];
  if (!party) return Promise.resolve(null);
  return call.underway(async () => {
    call.stopFlow();
    const settled = await Promise.race([
      call.flowDone().then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), FLOW_STOP_MS).unref()),
    ]);
    if (!settled || party.isEnded) {
      call.logger.warn({ settled, partyEnded: party.isEnded }, 'redirect: the call cannot take a new flow');
      return null;
    }
    announceTransfer(call, leaving, [party], 'blind', `flow:${flow.name ?? 'flow'}`);
    call.detach(party);
    call.detach(leaving);
    call.hangupLeg(leaving);
    call.recordFrom(party);
    // runFlow marks the party as the flow's leg at once (before this operation ends), so the call is not reaped.
    void run(call, party, flow);
    return party;
  });
}
