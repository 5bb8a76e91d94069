import type {
  createTrunkBody,
  createTrunkGroupBody,
  Trunk,
  TrunkGroup,
  TrunkStatus,
  updateTrunkBody,
  updateTrunkGroupBody,
} from '@hujiao/shared';
import type { z } from 'zod';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { SecretBox } from './secret-box.ts';
import type { TrunkGroupRow, TrunkRepository, TrunkRow } from './trunk.repository.ts';

export type TrunkInput = z.infer<typeof createTrunkBody>;
export type TrunkPatch = z.infer<typeof updateTrunkBody>;
export type TrunkGroupInput = z.infer<typeof createTrunkGroupBody>;
export type TrunkGroupPatch = z.infer<typeof updateTrunkGroupBody>;

/** A trunk as the switch loads it (the shape of @hujiao/switch TrunkInfo), the password in clear. */
export interface SwitchTrunk {
  id: string;
  tenantId: string;
  name: string;
  kind: 'register' | 'ip';
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  username?: string;
  authUsername?: string;
  password?: string;
  realm?: string;
  registerExpiresSec: number;
  peers: string[];
  codecs: Array<'PCMA' | 'PCMU'>;
  dtmfMode: 'rfc4733' | 'info';
  callerIdFormat: 'e164' | 'national';
  countryCode?: string;
  assertIdentity: boolean;
  privacy: 'none' | 'id';
  maxCalls: number;
  enabled: boolean;
}

/**
 * Live trunk state. The switch's trunk registrar keeps it; until the server is wired to it the source answers
 * `undefined` and the API reports 'unknown'.
 */
export interface TrunkStatusSource {
  status(tenantId: string, trunkId: string): Omit<TrunkStatus, 'trunkId'> | undefined;
}

interface Deps {
  repo: TrunkRepository;
  audit: AuditService;
  secrets: SecretBox;
  status: TrunkStatusSource;
  /** Names of outbound routes that use the trunk or the trunk group (the routing module knows them). */
  routesUsing: (tenantId: string, trunkId: string) => Promise<string[]>;
  /** Called after any change so the switch reloads its trunks. */
  onChange?: () => void;
}

const UNKNOWN: Omit<TrunkStatus, 'trunkId'> = {
  state: 'unknown',
  lastError: null,
  expiresAt: null,
  lastOkAt: null,
  activeCalls: null,
};

function toTrunk(row: TrunkRow): Trunk {
  const { passwordSealed, tenantId: _t, updatedAt: _u, ...rest } = row;
  return {
    ...rest,
    kind: row.kind as Trunk['kind'],
    transport: row.transport as Trunk['transport'],
    codecs: row.codecs as Trunk['codecs'],
    dtmfMode: row.dtmfMode as Trunk['dtmfMode'],
    callerIdFormat: row.callerIdFormat as Trunk['callerIdFormat'],
    privacy: row.privacy as Trunk['privacy'],
    hasPassword: passwordSealed !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

function toGroup(row: TrunkGroupRow): TrunkGroup {
  return {
    id: row.id,
    name: row.name,
    order: row.order as TrunkGroup['order'],
    trunkIds: row.trunkIds,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
  };
}

export class TrunkService {
  constructor(private readonly d: Deps) {}

  async list(tenantId: string, f: { page: number; pageSize: number; keyword?: string; kind?: string }) {
    const rows = await this.d.repo.list(tenantId, f);
    const start = (f.page - 1) * f.pageSize;
    return { items: rows.slice(start, start + f.pageSize).map(toTrunk), total: rows.length };
  }

  async get(tenantId: string, id: string): Promise<Trunk> {
    const row = await this.d.repo.findById(tenantId, id);
    if (!row) throw notFound();
    return toTrunk(row);
  }

  /** Every trunk of the tenant with its live state. */
  async statuses(tenantId: string): Promise<TrunkStatus[]> {
    const rows = await this.d.repo.list(tenantId);
    return rows.map((r) => ({ trunkId: r.id, ...(this.d.status.status(tenantId, r.id) ?? UNKNOWN) }));
  }

  async create(ctx: AuditContext, input: TrunkInput): Promise<Trunk> {
    const { password, ...fields } = input;
    const row = await this.d.repo.insert({
      ...fields,
      tenantId: ctx.tenantId,
      passwordSealed: password ? this.d.secrets.seal(password) : null,
    });
    await this.d.audit.record(ctx, 'trunk', 'create', { id: row.id, detail: { name: row.name, kind: row.kind } });
    this.d.onChange?.();
    return toTrunk(row);
  }

  async update(ctx: AuditContext, id: string, input: TrunkPatch): Promise<Trunk> {
    const current = await this.d.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    const { password, ...fields } = input;
    const kind = fields.kind ?? current.kind;
    const hasPassword = !!password || current.passwordSealed !== null;
    if (kind === 'register' && !hasPassword) throw requiredField('password');
    if (kind === 'register' && (fields.username ?? current.username) === '') throw requiredField('username');
    if (kind === 'ip' && (fields.peers ?? current.peers).length === 0) throw requiredField('peers');
    const row = await this.d.repo.update(ctx.tenantId, id, {
      ...fields,
      ...(password ? { passwordSealed: this.d.secrets.seal(password) } : {}),
    });
    if (!row) throw notFound();
    await this.d.audit.record(ctx, 'trunk', 'update', {
      id,
      detail: { name: row.name, ...fields, passwordChanged: !!password },
    });
    this.d.onChange?.();
    return toTrunk(row);
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.d.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    const usedBy = [
      ...(await this.d.repo.groupsUsing(ctx.tenantId, id)),
      ...(await this.d.routesUsing(ctx.tenantId, id)),
    ];
    if (usedBy.length > 0) throw new DomainError('TRUNK_IN_USE', { usedBy: usedBy.join(', ') });
    if (!(await this.d.repo.delete(ctx.tenantId, id))) throw notFound();
    await this.d.audit.record(ctx, 'trunk', 'delete', { id, detail: { name: current.name } });
    this.d.onChange?.();
  }

  /** Refuses ids that are not trunks of the tenant (TRUNK_NOT_FOUND). */
  async checkTrunks(tenantId: string, ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    const found = await this.d.repo.existingIds(tenantId, unique);
    if (found.length !== unique.length) throw new DomainError('TRUNK_NOT_FOUND');
  }

  /** Refuses an id that is not a trunk group of the tenant (TRUNK_GROUP_NOT_FOUND). */
  async checkTrunkGroup(tenantId: string, id: string): Promise<void> {
    if (!(await this.d.repo.findGroupById(tenantId, id))) throw new DomainError('TRUNK_GROUP_NOT_FOUND');
  }

  // ---- the switch's side ----
  private toSwitch(row: TrunkRow): SwitchTrunk {
    const t = toTrunk(row);
    return {
      id: t.id,
      tenantId: row.tenantId,
      name: t.name,
      kind: t.kind,
      host: t.host,
      port: t.port,
      transport: t.transport,
      username: t.username || undefined,
      authUsername: t.authUsername || undefined,
      password: row.passwordSealed ? this.d.secrets.open(row.passwordSealed) : undefined,
      realm: t.realm || undefined,
      registerExpiresSec: t.registerExpiresSec,
      peers: t.peers,
      codecs: t.codecs,
      dtmfMode: t.dtmfMode,
      callerIdFormat: t.callerIdFormat,
      countryCode: t.countryCode,
      assertIdentity: t.assertIdentity,
      privacy: t.privacy,
      maxCalls: t.maxCalls,
      enabled: t.enabled,
    };
  }

  /** The switch's TrunkDirectory port: every tenant's trunks with their secrets opened. */
  readonly directory = {
    listTrunks: async (): Promise<SwitchTrunk[]> => (await this.d.repo.all()).map((r) => this.toSwitch(r)),
    trunkById: async (id: string): Promise<SwitchTrunk | null> => {
      const row = await this.d.repo.findAnyById(id);
      return row ? this.toSwitch(row) : null;
    },
  };

  // ---- trunk groups (智能中继) ----
  async listGroups(tenantId: string, f: { page: number; pageSize: number; keyword?: string }) {
    const rows = await this.d.repo.listGroups(tenantId, f.keyword);
    const start = (f.page - 1) * f.pageSize;
    return { items: rows.slice(start, start + f.pageSize).map(toGroup), total: rows.length };
  }

  async getGroup(tenantId: string, id: string): Promise<TrunkGroup> {
    const row = await this.d.repo.findGroupById(tenantId, id);
    if (!row) throw notFound();
    return toGroup(row);
  }

  async createGroup(ctx: AuditContext, input: TrunkGroupInput): Promise<TrunkGroup> {
    await this.checkTrunks(ctx.tenantId, input.trunkIds);
    const row = await this.d.repo.insertGroup({ ...input, tenantId: ctx.tenantId });
    await this.d.audit.record(ctx, 'trunkGroup', 'create', { id: row.id, detail: { name: row.name } });
    this.d.onChange?.();
    return toGroup(row);
  }

  async updateGroup(ctx: AuditContext, id: string, input: TrunkGroupPatch): Promise<TrunkGroup> {
    if (!(await this.d.repo.findGroupById(ctx.tenantId, id))) throw notFound();
    if (input.trunkIds) await this.checkTrunks(ctx.tenantId, input.trunkIds);
    const row = await this.d.repo.updateGroup(ctx.tenantId, id, input);
    if (!row) throw notFound();
    await this.d.audit.record(ctx, 'trunkGroup', 'update', { id, detail: { name: row.name, ...input } });
    this.d.onChange?.();
    return toGroup(row);
  }

  async deleteGroup(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.d.repo.findGroupById(ctx.tenantId, id);
    if (!current) throw notFound();
    const usedBy = await this.d.routesUsing(ctx.tenantId, id);
    if (usedBy.length > 0) throw new DomainError('TRUNK_GROUP_IN_USE', { usedBy: usedBy.join(', ') });
    if (!(await this.d.repo.deleteGroup(ctx.tenantId, id))) throw notFound();
    await this.d.audit.record(ctx, 'trunkGroup', 'delete', { id, detail: { name: current.name } });
    this.d.onChange?.();
  }
}

/** A field the whole record needs (checked against the stored row on a partial update). */
export function requiredField(path: string): DomainError {
  return new DomainError('VALIDATION_FAILED', {}, [{ path, message: 'required' }]);
}
