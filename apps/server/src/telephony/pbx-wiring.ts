import { MemoryPbxStore } from '@hujiao/pbx';
import type { FlowInput } from '@hujiao/shared';
import type { Logger } from 'pino';
import type { CallForwardingService } from '../modules/call-forwarding/index.ts';
import type { CallerIdService } from '../modules/caller-id/index.ts';
import type { ExtensionService } from '../modules/extension/index.ts';
import type { IvrService } from '../modules/ivr/index.ts';
import type { NumberListService } from '../modules/number-list/index.ts';
import type { MohClassService, VoiceFileService } from '../modules/voice-file/index.ts';
import { pbxConfigSource } from './pbx-config-source.ts';
import { PbxRouter, type RefusedCall } from './pbx-router.ts';
import { cached } from './ttl-cache.ts';

/** An IVR menu's compiled flow is kept this long (a menu saved since reaches new calls after it). */
const IVR_FLOW_TTL_MS = 2000;

/**
 * The server's routing for the switch, over the PBX modules: the route resolver (inbound routes → destinations,
 * outbound routes → trunks) with the IVR menus' flows and approved voice files. One node's counters live in memory
 * (round robin, caller-ID rotation, concurrency, daily minutes); a shared store comes with step 10.
 */
export function pbxRouting(d: {
  routing: Parameters<typeof pbxConfigSource>[0]['routing'];
  numberLists: Pick<NumberListService, 'list'>;
  callerIds: Pick<CallerIdService, 'list'>;
  extensions: Pick<ExtensionService, 'findForSwitch'>;
  trunks?: Parameters<typeof pbxConfigSource>[0]['trunks'];
  forwarding?: Pick<CallForwardingService, 'ruleFor'>;
  ivr?: Pick<IvrService, 'flow'>;
  voiceFiles?: Pick<VoiceFileService, 'resolveVoiceFile'>;
  musicOnHold?: Pick<MohClassService, 'filesOfClass'>;
  logger?: Logger;
  onRefused?: (refused: RefusedCall) => void;
}): PbxRouter {
  const ivrFlows = new Map<string, { at: number; flow: Promise<FlowInput | null> }>();
  const ivrFlow = (tenantId: string, ivrId: string): Promise<FlowInput | null> => {
    const key = `${tenantId}|${ivrId}`;
    const hit = ivrFlows.get(key);
    if (hit && Date.now() - hit.at < IVR_FLOW_TTL_MS) return hit.flow;
    if (ivrFlows.size > 10_000) ivrFlows.clear();
    const flow = (d.ivr?.flow(tenantId, ivrId) ?? Promise.resolve(null)).catch((err: unknown) => {
      d.logger?.warn({ err, tenantId, ivrId }, 'IVR menu not available to calls');
      return null;
    });
    ivrFlows.set(key, { at: Date.now(), flow });
    return flow;
  };
  // A route's hold music is read for each of its calls: kept for a moment.
  const mohClass = d.musicOnHold
    ? cached(IVR_FLOW_TTL_MS, (key) => {
        const [tenantId = '', classId = ''] = key.split('|');
        return d.musicOnHold?.filesOfClass(tenantId, classId) ?? Promise.resolve([]);
      })
    : undefined;
  return new PbxRouter({
    source: pbxConfigSource(d),
    store: new MemoryPbxStore({ now: Date.now }),
    parts: {
      ivrFlow,
      ...(d.voiceFiles ? { voiceFile: d.voiceFiles.resolveVoiceFile } : {}),
      ...(mohClass ? { musicOnHoldClass: (t: string, id: string) => mohClass(`${t}|${id}`) } : {}),
    },
    ...(d.logger ? { logger: d.logger.child({ module: 'routing' }) } : {}),
    ...(d.onRefused ? { onRefused: d.onRefused } : {}),
  });
}
