import {
  type CallClass,
  type createInboundRouteBody,
  type createOutboundRouteBody,
  type createTimeGroupBody,
  DEFAULT_CALL_CLASSES,
  type Destination,
  type DestinationKind,
  type ExtensionCallClasses,
  type FraudLimits,
  fraudLimits,
  type InboundRoute,
  type OutboundRoute,
  type TimeGroup,
  type updateFraudLimitsBody,
  type updateInboundRouteBody,
  type updateOutboundRouteBody,
  type updateTimeGroupBody,
} from '@hujiao/shared';
import type { z } from 'zod';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { InboundRouteRow, OutboundRouteRow, RoutingRepository, TimeGroupRow } from './routing.repository.ts';

type TimeGroupInput = z.infer<typeof createTimeGroupBody>;
type TimeGroupPatch = z.infer<typeof updateTimeGroupBody>;
type InboundInput = z.infer<typeof createInboundRouteBody>;
type InboundPatch = z.infer<typeof updateInboundRouteBody>;
type OutboundInput = z.infer<typeof createOutboundRouteBody>;
type OutboundPatch = z.infer<typeof updateOutboundRouteBody>;

/** Whether a destination of one kind exists in the tenant (queues and IVR menus come with their modules). */
export type DestinationCheck = (tenantId: string, destination: Destination) => Promise<boolean>;

interface Deps {
  repo: RoutingRepository;
  audit: AuditService;
  /** Throws TRUNK_NOT_FOUND unless every id is a trunk of the tenant. */
  checkTrunks: (tenantId: string, ids: string[]) => Promise<void>;
  /** Throws MOH_CLASS_NOT_FOUND unless the id is a music-on-hold class of the tenant. */
  checkMohClass?: (tenantId: string, id: string) => Promise<void>;
  /** Throws TRUNK_GROUP_NOT_FOUND unless the id is a trunk group of the tenant. */
  checkTrunkGroup: (tenantId: string, id: string) => Promise<void>;
  /** The numbers among `numbers` that are not verified caller IDs of the tenant. */
  unverifiedCallerIds: (tenantId: string, numbers: string[]) => Promise<string[]>;
  /** Checks for the kinds other modules own (queue, ivr, prompt's voice file); a kind without one is accepted. */
  destinationChecks?: Partial<Record<DestinationKind, DestinationCheck>>;
  onChange?: () => void;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toTimeGroup(row: TimeGroupRow): TimeGroup {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    weekly: row.weekly,
    holidays: row.holidays,
    workdays: row.workdays,
    override: row.override as TimeGroup['override'],
    overrideUntil: iso(row.overrideUntil),
    createdAt: row.createdAt.toISOString(),
  };
}
function toInbound(row: InboundRouteRow): InboundRoute {
  return {
    id: row.id,
    name: row.name,
    priority: row.priority,
    didPattern: row.didPattern,
    callerPattern: row.callerPattern,
    timeGroupId: row.timeGroupId,
    destination: row.destination,
    closedDestination: row.closedDestination,
    mohClassId: row.mohClassId,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
  };
}
function toOutbound(row: OutboundRouteRow): OutboundRoute {
  return {
    id: row.id,
    name: row.name,
    priority: row.priority,
    dialPatterns: row.dialPatterns,
    scope: row.scope,
    trunkIds: row.trunkIds,
    trunkOrder: row.trunkOrder as OutboundRoute['trunkOrder'],
    trunkGroupId: row.trunkGroupId,
    callerIdMode: row.callerIdMode as OutboundRoute['callerIdMode'],
    callerId: row.callerId,
    callerIdPool: row.callerIdPool,
    poolStrategy: row.poolStrategy as OutboundRoute['poolStrategy'],
    timeGroupId: row.timeGroupId,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
  };
}
const paged = <T>(items: T[], f: { page: number; pageSize: number }) => {
  const start = (f.page - 1) * f.pageSize;
  return { items: items.slice(start, start + f.pageSize), total: items.length };
};
const fieldError = (path: string, message = 'required') =>
  new DomainError('VALIDATION_FAILED', {}, [{ path, message }]);

export class RoutingService {
  constructor(private readonly d: Deps) {}

  private changed() {
    this.d.onChange?.();
  }

  // ---- time groups (时间小组) ----
  async listTimeGroups(tenantId: string, f: { page: number; pageSize: number; keyword?: string }) {
    return paged((await this.d.repo.listTimeGroups(tenantId, f.keyword)).map(toTimeGroup), f);
  }
  async getTimeGroup(tenantId: string, id: string): Promise<TimeGroup> {
    const row = await this.d.repo.findTimeGroup(tenantId, id);
    if (!row) throw notFound();
    return toTimeGroup(row);
  }
  async createTimeGroup(ctx: AuditContext, input: TimeGroupInput): Promise<TimeGroup> {
    const { overrideUntil, ...rest } = input;
    const row = await this.d.repo.insertTimeGroup({
      ...rest,
      overrideUntil: overrideUntil ? new Date(overrideUntil) : null,
      tenantId: ctx.tenantId,
    });
    await this.d.audit.record(ctx, 'timeGroup', 'create', { id: row.id, detail: { name: row.name } });
    this.changed();
    return toTimeGroup(row);
  }
  async updateTimeGroup(ctx: AuditContext, id: string, input: TimeGroupPatch): Promise<TimeGroup> {
    const { overrideUntil, ...rest } = input;
    const row = await this.d.repo.updateTimeGroup(ctx.tenantId, id, {
      ...rest,
      ...(overrideUntil !== undefined ? { overrideUntil: overrideUntil ? new Date(overrideUntil) : null } : {}),
    });
    if (!row) throw notFound();
    await this.d.audit.record(ctx, 'timeGroup', 'update', { id, detail: { name: row.name, ...input } });
    this.changed();
    return toTimeGroup(row);
  }
  async deleteTimeGroup(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.d.repo.findTimeGroup(ctx.tenantId, id);
    if (!current) throw notFound();
    const usedBy = await this.d.repo.routesUsingTimeGroup(ctx.tenantId, id);
    if (usedBy.length > 0) throw new DomainError('TIME_GROUP_IN_USE', { usedBy: usedBy.join(', ') });
    if (!(await this.d.repo.deleteTimeGroup(ctx.tenantId, id))) throw notFound();
    await this.d.audit.record(ctx, 'timeGroup', 'delete', { id, detail: { name: current.name } });
    this.changed();
  }
  private async checkTimeGroup(tenantId: string, id: string | null | undefined) {
    if (id && !(await this.d.repo.findTimeGroup(tenantId, id))) throw new DomainError('TIME_GROUP_NOT_FOUND');
  }

  // ---- destinations ----
  private async checkDestination(
    tenantId: string,
    dest: Destination | null | undefined,
    numbers: () => Promise<Set<string>>,
  ) {
    if (!dest) return;
    const missing = async (list: string[]) => {
      const known = await numbers();
      return list.filter((n) => !known.has(n));
    };
    let absent: string[] = [];
    if (dest.kind === 'extension') absent = await missing([dest.number]);
    else if (dest.kind === 'ringGroup') absent = await missing(dest.numbers);
    else if (dest.kind === 'voicemail') absent = await missing([dest.box]);
    else {
      const check = this.d.destinationChecks?.[dest.kind];
      if (check && !(await check(tenantId, dest))) absent = [dest.kind];
    }
    if (absent.length > 0) throw new DomainError('DESTINATION_NOT_FOUND', { target: absent.join(', ') });
  }
  private extensionNumbers(tenantId: string) {
    let cached: Promise<Set<string>> | undefined;
    return () => {
      cached ??= this.d.repo.extensionNumbers(tenantId);
      return cached;
    };
  }

  // ---- inbound routes (呼入路由) ----
  async listInbound(tenantId: string, f: { page: number; pageSize: number; keyword?: string }) {
    return paged((await this.d.repo.listInbound(tenantId, f.keyword)).map(toInbound), f);
  }
  async getInbound(tenantId: string, id: string): Promise<InboundRoute> {
    const row = await this.d.repo.findInbound(tenantId, id);
    if (!row) throw notFound();
    return toInbound(row);
  }
  private async checkInbound(tenantId: string, input: InboundPatch) {
    await this.checkTimeGroup(tenantId, input.timeGroupId);
    const numbers = this.extensionNumbers(tenantId);
    await this.checkDestination(tenantId, input.destination, numbers);
    await this.checkDestination(tenantId, input.closedDestination, numbers);
    if (input.mohClassId) await this.d.checkMohClass?.(tenantId, input.mohClassId);
  }
  async createInbound(ctx: AuditContext, input: InboundInput): Promise<InboundRoute> {
    await this.checkInbound(ctx.tenantId, input);
    const row = await this.d.repo.insertInbound({
      ...input,
      callerPattern: input.callerPattern ?? '',
      timeGroupId: input.timeGroupId ?? null,
      closedDestination: input.closedDestination ?? null,
      mohClassId: input.mohClassId ?? null,
      tenantId: ctx.tenantId,
    });
    await this.d.audit.record(ctx, 'inboundRoute', 'create', { id: row.id, detail: { name: row.name } });
    this.changed();
    return toInbound(row);
  }
  async updateInbound(ctx: AuditContext, id: string, input: InboundPatch): Promise<InboundRoute> {
    if (!(await this.d.repo.findInbound(ctx.tenantId, id))) throw notFound();
    await this.checkInbound(ctx.tenantId, input);
    const row = await this.d.repo.updateInbound(ctx.tenantId, id, input);
    if (!row) throw notFound();
    await this.d.audit.record(ctx, 'inboundRoute', 'update', { id, detail: { name: row.name, ...input } });
    this.changed();
    return toInbound(row);
  }
  async deleteInbound(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.d.repo.findInbound(ctx.tenantId, id);
    if (!current || !(await this.d.repo.deleteInbound(ctx.tenantId, id))) throw notFound();
    await this.d.audit.record(ctx, 'inboundRoute', 'delete', { id, detail: { name: current.name } });
    this.changed();
  }

  // ---- outbound routes (呼出路由) ----
  async listOutbound(tenantId: string, f: { page: number; pageSize: number; keyword?: string }) {
    return paged((await this.d.repo.listOutbound(tenantId, f.keyword)).map(toOutbound), f);
  }
  async getOutbound(tenantId: string, id: string): Promise<OutboundRoute> {
    const row = await this.d.repo.findOutbound(tenantId, id);
    if (!row) throw notFound();
    return toOutbound(row);
  }
  /** The merged route (stored + patch) must be whole: trunks and time group of the tenant, caller IDs verified. */
  private async checkOutbound(tenantId: string, input: OutboundPatch, merged: OutboundPatch) {
    if (input.trunkIds) await this.d.checkTrunks(tenantId, input.trunkIds);
    if (input.trunkGroupId) await this.d.checkTrunkGroup(tenantId, input.trunkGroupId);
    if ((merged.trunkIds ?? []).length === 0 && !merged.trunkGroupId) throw fieldError('trunkIds');
    await this.checkTimeGroup(tenantId, input.timeGroupId);
    if (input.scope && 'extensions' in input.scope && input.scope.extensions.length > 0) {
      const known = await this.d.repo.extensionNumbers(tenantId);
      const absent = input.scope.extensions.filter((n) => !known.has(n));
      if (absent.length > 0) throw new DomainError('SCOPE_EXTENSION_NOT_FOUND', { numbers: absent.join(', ') });
    }
    if (merged.callerIdMode === 'fixed' && !merged.callerId) throw fieldError('callerId');
    if (merged.callerIdMode === 'pool' && (merged.callerIdPool ?? []).length === 0) throw fieldError('callerIdPool');
    const chosen = [
      ...(merged.callerIdMode === 'fixed' && merged.callerId ? [merged.callerId] : []),
      ...(merged.callerIdMode === 'pool' ? (merged.callerIdPool ?? []) : []),
    ];
    const unverified = await this.d.unverifiedCallerIds(tenantId, [...new Set(chosen)]);
    if (unverified.length > 0) throw new DomainError('CALLER_ID_NOT_VERIFIED', { number: unverified.join(', ') });
  }
  async createOutbound(ctx: AuditContext, input: OutboundInput): Promise<OutboundRoute> {
    await this.checkOutbound(ctx.tenantId, input, input);
    const row = await this.d.repo.insertOutbound({
      ...input,
      callerId: input.callerId ?? null,
      timeGroupId: input.timeGroupId ?? null,
      trunkGroupId: input.trunkGroupId ?? null,
      tenantId: ctx.tenantId,
    });
    await this.d.audit.record(ctx, 'outboundRoute', 'create', { id: row.id, detail: { name: row.name } });
    this.changed();
    return toOutbound(row);
  }
  async updateOutbound(ctx: AuditContext, id: string, input: OutboundPatch): Promise<OutboundRoute> {
    const current = await this.d.repo.findOutbound(ctx.tenantId, id);
    if (!current) throw notFound();
    await this.checkOutbound(ctx.tenantId, input, { ...toOutbound(current), ...input });
    const row = await this.d.repo.updateOutbound(ctx.tenantId, id, input);
    if (!row) throw notFound();
    await this.d.audit.record(ctx, 'outboundRoute', 'update', { id, detail: { name: row.name, ...input } });
    this.changed();
    return toOutbound(row);
  }
  async deleteOutbound(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.d.repo.findOutbound(ctx.tenantId, id);
    if (!current || !(await this.d.repo.deleteOutbound(ctx.tenantId, id))) throw notFound();
    await this.d.audit.record(ctx, 'outboundRoute', 'delete', { id, detail: { name: current.name } });
    this.changed();
  }
  /** Priorities 10, 20, 30, … in the given order (ids of the tenant only). */
  async reorder(ctx: AuditContext, kind: 'inbound' | 'outbound', ids: string[]): Promise<void> {
    const find = (id: string) =>
      kind === 'inbound' ? this.d.repo.findInbound(ctx.tenantId, id) : this.d.repo.findOutbound(ctx.tenantId, id);
    for (const id of ids) if (!(await find(id))) throw notFound();
    for (const [i, id] of ids.entries()) {
      const priority = (i + 1) * 10;
      if (kind === 'inbound') await this.d.repo.updateInbound(ctx.tenantId, id, { priority });
      else await this.d.repo.updateOutbound(ctx.tenantId, id, { priority });
    }
    await this.d.audit.record(ctx, kind === 'inbound' ? 'inboundRoute' : 'outboundRoute', 'reorder', {
      detail: { ids },
    });
    this.changed();
  }
  /** Names of the tenant's outbound routes that use a trunk or a trunk group (the trunk module refuses to delete it). */
  routesUsingTrunk(tenantId: string, trunkId: string): Promise<string[]> {
    return this.d.repo.outboundUsingTrunk(tenantId, trunkId);
  }

  /** Names of the tenant's inbound routes that lead to an IVR menu (the IVR module refuses to delete it). */
  routesUsingIvr(tenantId: string, ivrId: string): Promise<string[]> {
    return this.d.repo.inboundUsingIvr(tenantId, ivrId);
  }

  /** Names of the tenant's outbound routes that show a caller ID (the caller-ID module keeps it then). */
  routesUsingCallerId(tenantId: string, number: string): Promise<string[]> {
    return this.d.repo.outboundUsingCallerId(tenantId, number);
  }

  // ---- call classes (呼叫权限) ----
  async listCallClasses(tenantId: string): Promise<ExtensionCallClasses[]> {
    const rows = await this.d.repo.listCallClasses(tenantId);
    return rows.map((r) => ({
      extensionId: r.extensionId,
      number: r.number,
      classes: (r.classes ?? [...DEFAULT_CALL_CLASSES]) as CallClass[],
      isDefault: r.classes === null,
    }));
  }
  async setCallClasses(ctx: AuditContext, extensionId: string, classes: CallClass[]): Promise<ExtensionCallClasses> {
    const ext = await this.d.repo.findExtension(ctx.tenantId, extensionId);
    if (!ext) throw notFound();
    const unique = [...new Set(classes)];
    await this.d.repo.setCallClasses(ctx.tenantId, extensionId, unique);
    await this.d.audit.record(ctx, 'callClass', 'update', {
      id: extensionId,
      detail: { number: ext.number, classes: unique },
    });
    this.changed();
    return { extensionId, number: ext.number, classes: unique, isDefault: false };
  }

  // ---- toll-fraud limits ----
  async getFraudLimits(tenantId: string): Promise<FraudLimits> {
    const row = await this.d.repo.findFraudLimits(tenantId);
    if (!row) return fraudLimits.parse({});
    const { tenantId: _t, updatedAt: _u, ...limits } = row;
    return limits;
  }
  async updateFraudLimits(ctx: AuditContext, input: z.infer<typeof updateFraudLimitsBody>): Promise<FraudLimits> {
    const merged = { ...(await this.getFraudLimits(ctx.tenantId)), ...input };
    await this.d.repo.saveFraudLimits({ tenantId: ctx.tenantId, ...merged });
    await this.d.audit.record(ctx, 'fraudLimits', 'update', { detail: input });
    this.changed();
    return merged;
  }
}
