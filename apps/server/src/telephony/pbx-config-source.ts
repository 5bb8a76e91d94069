import {
  type CallClass,
  type CallerIdNumber,
  DEFAULT_CALL_CLASSES,
  type NumberListEntry,
  type OutboundRoute,
  type TrunkGroup,
} from '@hujiao/shared';
import type { CallForwardingService } from '../modules/call-forwarding/index.ts';
import type { CallerIdService } from '../modules/caller-id/index.ts';
import type { ExtensionService } from '../modules/extension/index.ts';
import type { NumberListService } from '../modules/number-list/index.ts';
import type { RoutingService } from '../modules/routing/index.ts';
import type { TrunkService } from '../modules/trunk/index.ts';
import type { ExtensionProfile, PbxConfigSource, PbxTenantConfig } from './pbx-router.ts';
import { cached } from './ttl-cache.ts';

/** Extension look-ups are kept this long (as the switch's directory keeps them). */
const LOOKUP_TTL_MS = 2000;

/** Everything of one enterprise in one read (the router compiles it and keeps it for a while). */
const ALL = { page: 1, pageSize: 1_000_000 };

/**
 * A route that takes its trunks from a trunk group (智能中继) gets the group's trunks in the group's order; with the
 * group disabled (or gone) the route carries no calls.
 */
export function withTrunkGroups(routes: OutboundRoute[], groups: TrunkGroup[]): OutboundRoute[] {
  const byId = new Map(groups.map((g) => [g.id, g]));
  return routes.map((r) => {
    if (!r.trunkGroupId) return r;
    const g = byId.get(r.trunkGroupId);
    if (!g?.enabled) return { ...r, enabled: false };
    return { ...r, trunkIds: g.trunkIds, trunkOrder: g.order };
  });
}

/** The router's configuration, read through the PBX modules' services (tenant-bound like every query). */
export function pbxConfigSource(d: {
  routing: Pick<
    RoutingService,
    'listInbound' | 'listOutbound' | 'listTimeGroups' | 'listCallClasses' | 'getFraudLimits'
  >;
  numberLists: Pick<NumberListService, 'list'>;
  callerIds: Pick<CallerIdService, 'list'>;
  extensions: Pick<ExtensionService, 'findForSwitch'>;
  trunks?: Pick<TrunkService, 'listGroups'>;
  forwarding?: Pick<CallForwardingService, 'ruleFor'>;
}): PbxConfigSource & {
  callClassesOf(tenantId: string): Promise<Map<string, CallClass[]>>;
} {
  // Each call to an extension asks whether it is one and whether it forwards: at hundreds of calls per second.
  const extension = cached(LOOKUP_TTL_MS, (key) => {
    const [tenantId = '', number = ''] = key.split('|');
    return d.extensions.findForSwitch(tenantId, number);
  });
  const forwarding = d.forwarding
    ? cached(LOOKUP_TTL_MS, (key) => {
        const [tenantId = '', number = ''] = key.split('|');
        return d.forwarding?.ruleFor(tenantId, number) ?? Promise.resolve(null);
      })
    : undefined;
  const classesByTenant = new Map<string, Promise<Map<string, CallClass[]>>>();
  const callClassesOf = (tenantId: string) => {
    let hit = classesByTenant.get(tenantId);
    if (!hit) {
      hit = d.routing
        .listCallClasses(tenantId)
        .then((rows) => new Map(rows.map((r) => [r.number, r.classes] as const)));
      classesByTenant.set(tenantId, hit);
      // Read again with the next compile of the tenant's routes.
      setTimeout(() => classesByTenant.delete(tenantId), 2000).unref();
    }
    return hit;
  };
  return {
    callClassesOf,
    async load(tenantId): Promise<PbxTenantConfig> {
      const [inbound, outbound, timeGroups, list, callerIds, limits, groups] = await Promise.all([
        d.routing.listInbound(tenantId, ALL),
        d.routing.listOutbound(tenantId, ALL),
        d.routing.listTimeGroups(tenantId, ALL),
        d.numberLists.list(tenantId, { ...ALL, status: 'approved' }),
        d.callerIds.list(tenantId, ALL),
        d.routing.getFraudLimits(tenantId),
        d.trunks?.listGroups(tenantId, ALL) ?? { items: [] },
      ]);
      return {
        inboundRoutes: inbound.items,
        outboundRoutes: withTrunkGroups(outbound.items, groups.items),
        timeGroups: timeGroups.items,
        numberList: list.items as NumberListEntry[],
        callerIds: callerIds.items as CallerIdNumber[],
        limits,
      };
    },
    async extensionProfile(tenantId, number): Promise<ExtensionProfile | null> {
      const row = await extension(`${tenantId}|${number}`);
      if (!row) return null;
      const classes = (await callClassesOf(tenantId)).get(number);
      return {
        permissions: classes ?? [...DEFAULT_CALL_CLASSES],
        callerId: row.callerId ?? null,
        teamIds: [],
      };
    },
    async isExtension(tenantId, number) {
      return (await extension(`${tenantId}|${number}`)) != null;
    },
    // Kept for a moment like the switch's directory; a change clears it (forget).
    ...(forwarding ? { forwarding: (tenantId: string, number: string) => forwarding(`${tenantId}|${number}`) } : {}),
    forget: () => {
      forwarding?.clear();
      extension.clear();
    },
  };
}
