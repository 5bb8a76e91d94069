import { randomUUID } from 'node:crypto';
import {
  type CommandError,
  type CommandResult,
  type ParsedSwitchCommand,
  type SwitchCommand,
  switchCommandSchema,
} from '@hujiao/shared';
import type { Call } from './call.ts';
import type { CallHost } from './call-host.ts';
import { pickupCall } from './call-pickup.ts';
import { redirectToFlow } from './call-redirect.ts';
import { setSuperviseMode, supervise } from './call-supervision.ts';
import {
  addToConference,
  blindTransfer,
  cancelConsult,
  completeConsult,
  consult,
  targetLabel,
} from './call-transfer.ts';
import type { Leg } from './leg.ts';
import { CallDirection, type Directory, HangupCause, HangupSide } from './types.ts';

const fail = (error: CommandError, message: string): CommandResult => ({ ok: false, error, message });
const OK: CommandResult = { ok: true };

type Of<C extends ParsedSwitchCommand['command']> = Extract<ParsedSwitchCommand, { command: C }>;

/**
 * The switch's command API: typed, validated JSON commands (packages/shared call-commands.ts) on calls and legs.
 * Each answers at once with what it did (originate waits for the outcome); events tell the rest.
 */
export class SwitchCommands {
  constructor(
    private readonly host: CallHost,
    private readonly directory: Directory,
    private readonly realmOf: (tenantId: string) => Promise<string | null>,
  ) {}

  /** Validates and runs one command. */
  async execute(input: SwitchCommand | unknown): Promise<CommandResult> {
    const parsed = switchCommandSchema.safeParse(input);
    if (!parsed.success)
      return fail('failed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const c = parsed.data;
    if (c.command === 'originate') return this.originate(c);
    if (c.command === 'pickup') return pickupCall(this.host, this.directory, c);
    const call = this.host.findCall(c.callId);
    if (!call || call.isEnded) return fail('callNotFound', `no call ${c.callId}`);
    if (c.command === 'hangup') {
      if (!c.legId) {
        call.hangup(HangupCause.Normal, HangupSide.System);
        return OK;
      }
      const leg = call.leg(c.legId);
      if (!leg || leg.isEnded) return fail('legNotFound', `no leg ${c.legId}`);
      call.hangupLeg(leg);
      return OK;
    }
    const leg = call.leg(c.legId);
    if (!leg || leg.isEnded) return fail('legNotFound', `no leg ${c.legId} in call ${c.callId}`);
    return this.onLeg(call, leg, c);
  }

  private async onLeg(
    call: Call,
    leg: Leg,
    c: Exclude<ParsedSwitchCommand, Of<'originate'> | Of<'pickup'> | Of<'hangup'>>,
  ): Promise<CommandResult> {
    const resolve = this.host.resolveTargets;
    switch (c.command) {
      case 'transfer': {
        call.stopFlow();
        const o = await blindTransfer(call, leg, c.target, resolve);
        return { ok: true, outcome: o.result, status: o.sipStatus, legId: o.leg?.id ?? null } as CommandResult;
      }
      case 'redirect': {
        const party = await redirectToFlow(call, leg, c.flow, (x, l, f) => this.host.runFlow(x, l, f));
        return party ? { ok: true, legId: party.id } : fail('invalidState', 'the leg is with nobody to redirect');
      }
      case 'consult': {
        const o = await consult(call, leg, c.target, resolve);
        return { ok: true, outcome: o.result, status: o.sipStatus, legId: o.leg?.id ?? null } as CommandResult;
      }
      case 'completeTransfer':
        return (await completeConsult(call, leg)) ? OK : fail('invalidState', 'no consultation to complete');
      case 'cancelTransfer':
        return (await cancelConsult(call, leg)) ? OK : fail('invalidState', 'no consultation to cancel');
      case 'hold':
        if (call.partnersOf(leg).length === 0) return fail('invalidState', 'the leg is not talking to anyone');
        call.hold(leg);
        return OK;
      case 'resume':
        if (!call.isHeld(leg)) return fail('invalidState', 'the leg is not on hold');
        await call.resume(leg);
        return OK;
      case 'conferenceAdd': {
        const o = await addToConference(call, leg, c.target, resolve);
        return { ok: true, outcome: o.result, status: o.sipStatus, legId: o.leg?.id ?? null } as CommandResult;
      }
      case 'conferenceRemove':
        call.hangupLeg(leg);
        return OK;
      case 'supervise': {
        const o = await supervise(call, leg, c.target, c.mode, resolve);
        if (o.sipStatus === 481) return fail('invalidState', 'the agent is not talking with anyone');
        return { ok: true, outcome: o.result, status: o.sipStatus, legId: o.leg?.id ?? null } as CommandResult;
      }
      case 'superviseMode':
        return setSuperviseMode(call, leg, c.mode) ? OK : fail('invalidState', 'the leg supervises nobody');
      case 'play':
        void leg.play({ file: c.file, loop: c.loop });
        return OK;
      case 'stopPlay':
        leg.stopPlaying();
        return OK;
      case 'mute':
        call.connectionOf(leg)?.setMuted(leg, c.muted);
        return OK;
      case 'sendDtmf':
        for (const d of c.digits) await leg.sendDtmf(d);
        return OK;
    }
  }

  /**
   * Starts a call from the server: rings the target; when it answers runs the flow on that leg (none: the call
   * stays up until a command or the phone ends it). Resolves with the outcome; `originate.result` tells it too.
   */
  private async originate(c: Of<'originate'>): Promise<CommandResult> {
    const realm = await this.realmOf(c.tenantId);
    if (!realm) return fail('tenantNotFound', `no enterprise ${c.tenantId}`);
    const requestId = c.requestId ?? randomUUID();
    const to = targetLabel(c.to);
    const behalf = c.onBehalf;
    const caller = behalf?.caller ?? c.callerId ?? 'system';
    const call = this.host.createCall({
      tenantId: c.tenantId,
      realm,
      caller,
      callerName: null,
      callee: behalf?.callee ?? to,
      direction: behalf?.direction ?? ('trunk' in c.to ? CallDirection.Outbound : CallDirection.Internal),
      ...(behalf ? { firstAnswerIsCaller: true } : {}),
    });
    if ('extension' in c.to) {
      const ext = await this.directory.findExtension(c.tenantId, c.to.extension);
      if (!ext) {
        this.result(call, requestId, null, 'failed', 404);
        call.fail(HangupCause.NotFound, 404);
        return { ok: true, callId: call.id, legId: null, outcome: 'failed', status: 404 };
      }
    }
    const groups = await this.host.resolveTargets(call, [c.to], {
      strategy: 'parallel',
      ...(c.callerId ? { callerId: c.callerId } : {}),
      ...(c.autoAnswer ? { autoAnswer: true } : {}),
    });
    // Under way until the answered leg has its flow (or is parked): the call must not be reaped in between.
    return call.underway(async () => {
      const outcome = await call.dial({ groups, ringTimeoutMs: c.ringTimeoutSec * 1000 });
      const legId = outcome.leg?.id ?? null;
      this.result(call, requestId, legId, outcome.result, outcome.sipStatus);
      if (!outcome.leg) call.hangup(HangupCause.Normal, HangupSide.System);
      // No flow: the answered phone waits with music on hold until a command (transfer, conference …) or it hangs up.
      else if (c.flow) void this.host.runFlow(call, outcome.leg, c.flow);
      else call.hold(outcome.leg, outcome.leg);
      return { ok: true, callId: call.id, legId, outcome: outcome.result, status: outcome.sipStatus } as CommandResult;
    });
  }

  private result(call: Call, requestId: string, legId: string | null, outcome: string, status: number | null): void {
    call.ctx.emit({
      type: 'originate.result',
      tenantId: call.tenantId,
      callId: call.id,
      requestId,
      legId,
      outcome: outcome as 'answered',
      status,
      at: new Date().toISOString(),
    });
  }
}
