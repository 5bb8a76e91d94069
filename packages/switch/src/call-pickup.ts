import type { CommandResult, ParsedSwitchCommand } from '@hujiao/shared';
import type { CallHost } from './call-host.ts';
import type { Directory } from './types.ts';

type PickupCommand = Extract<ParsedSwitchCommand, { command: 'pickup' }>;

/**
 * Call pick-up by command (the CTI's 代接): the picker's extension rings as one more fork of a dial ringing another
 * extension of the same tenant (the one named, else the oldest ringing one of `among`); answering takes the call.
 * The feature codes (*8, **1002) do the same from a phone's own INVITE (ingress.ts).
 */
export async function pickupCall(host: CallHost, directory: Directory, c: PickupCommand): Promise<CommandResult> {
  const ext = await directory.findExtension(c.tenantId, c.extension);
  if (!ext?.enabled) return { ok: false, error: 'failed', message: `no enabled extension ${c.extension}` };
  const among = c.among ? new Set(c.among) : null;
  const wanted = c.ringing ?? ((n: string) => n !== c.extension && (!among || among.has(n)));
  if (wanted === c.extension) return { ok: false, error: 'invalidState', message: 'an extension picks up no own call' };
  const dial = host.findRinging(c.tenantId, wanted, c.extension);
  if (!dial) return { ok: false, error: 'callNotFound', message: 'no call rings there' };
  const [group = []] = await host.resolveTargets(dial.call, [{ extension: ext.number }], { strategy: 'parallel' });
  if (group.length === 0) return { ok: false, error: 'failed', message: `extension ${ext.number} is not registered` };
  dial.call.logger.info({ by: ext.number, ringing: c.ringing }, 'call pick-up by command');
  const o = await dial.pickUpWith(group, c.ringTimeoutSec * 1000);
  return { ok: true, callId: dial.call.id, legId: o.leg?.id ?? null, outcome: o.result, status: o.sipStatus };
}
