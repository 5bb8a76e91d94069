import {
  ALL_PERMISSIONS,
  BUILTIN_ADDITION_MARKS,
  BUILTIN_ROLE_ADDITIONS,
  BUILTIN_ROLES,
  type BuiltinRoleCode,
  builtinAdditionMark,
  ENTERPRISE_BUILTIN_ROLES,
  type PermissionModule,
  PLATFORM_ONLY_MODULES,
  type Role,
} from '@hujiao/shared';
import type { Tx } from '../../db/client.ts';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { RoleRepository, RoleRow } from './role.repository.ts';

/** What built-in roles remember knowing: every permission, and every later addition to a definition. */
const CATALOG: readonly string[] = [...ALL_PERMISSIONS, ...BUILTIN_ADDITION_MARKS];

/** Names the built-in roles are stored under; the console shows translated names by code. */
const BUILTIN_NAMES: Record<BuiltinRoleCode, string> = {
  platformAdmin: '平台管理员',
  enterpriseAdmin: '企业管理员',
  teamLeader: '班长',
  agent: '坐席',
  qcInspector: '质检员',
  orderVerifier: '核单员',
};

export interface RoleInput {
  name: string;
  description?: string;
  permissions: string[];
  enabled: boolean;
}

export function toRole(row: RoleRow, userCount: number): Role {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    builtin: row.code !== null,
    description: row.description,
    permissions: row.permissions,
    enabled: row.enabled,
    userCount,
    createdAt: row.createdAt.toISOString(),
  };
}

export function isPlatformPermission(permission: string): boolean {
  return PLATFORM_ONLY_MODULES.includes(permission.split(':')[0] as PermissionModule);
}

export class RoleService {
  constructor(
    private readonly repo: RoleRepository,
    private readonly audit: AuditService,
  ) {}

  /** Creates the built-in roles of a new tenant inside the caller's transaction. */
  createBuiltins(tenantId: string, isPlatform: boolean, tx: Tx) {
    const codes: BuiltinRoleCode[] = isPlatform ? ['platformAdmin'] : [...ENTERPRISE_BUILTIN_ROLES];
    return this.repo.insertMany(
      codes.map((code) => ({
        tenantId,
        code,
        name: BUILTIN_NAMES[code],
        permissions: [...BUILTIN_ROLES[code]],
        knownPermissions: [...CATALOG],
      })),
      tx,
    );
  }

  /**
   * After an upgrade: gives every tenant's built-in roles the permissions that their definition gained with the
   * new release (e.g. the CRM's for 企业管理员 and 坐席 of enterprises created before it), and nothing an
   * administrator removed before. Returns how many roles changed.
   */
  async syncBuiltins(): Promise<number> {
    let changed = 0;
    for (const role of await this.repo.builtinsBehind(CATALOG)) {
      const code = role.code as BuiltinRoleCode;
      const definition: readonly string[] = BUILTIN_ROLES[code] ?? [];
      const known = role.knownPermissions ?? knownBeforeTracking(role.permissions);
      const added = definition.filter((p) => !known.includes(p) && !role.permissions.includes(p));
      // Permissions the definition gained later (e.g. 班长 customer:import), given once.
      for (const p of BUILTIN_ROLE_ADDITIONS[code] ?? []) {
        if (!known.includes(builtinAdditionMark(code, p)) && !role.permissions.includes(p) && !added.includes(p)) {
          added.push(p);
        }
      }
      await this.repo.setPermissions(role.id, [...role.permissions, ...added], [...CATALOG]);
      if (added.length) changed++;
    }
    return changed;
  }

  async list(tenantId: string): Promise<Role[]> {
    const rows = await this.repo.list(tenantId);
    return rows.map((r) => toRole(r.role, r.userCount));
  }

  async create(ctx: AuditContext & { isPlatform: boolean }, input: RoleInput): Promise<Role> {
    this.checkPermissions(ctx.isPlatform, input.permissions);
    return this.repo.transaction(async (tx) => {
      const [row] = await this.repo.insertMany([{ ...input, tenantId: ctx.tenantId }], tx);
      if (!row) throw new Error('role insert returned nothing');
      await this.audit.record(ctx, 'role', 'create', { id: row.id, detail: { name: row.name } }, tx);
      return toRole(row, 0);
    });
  }

  async update(ctx: AuditContext & { isPlatform: boolean }, id: string, input: Partial<RoleInput>): Promise<Role> {
    const current = await this.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    if (input.permissions) this.checkPermissions(ctx.isPlatform, input.permissions);
    if (current.role.code && input.name !== undefined && input.name !== current.role.name) {
      throw new DomainError('BUILTIN_ROLE');
    }
    return this.repo.transaction(async (tx) => {
      const row = await this.repo.update(ctx.tenantId, id, input, tx);
      if (!row) throw notFound();
      await this.audit.record(ctx, 'role', 'update', { id, detail: { ...input } }, tx);
      return toRole(row, current.userCount);
    });
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    if (current.role.code) throw new DomainError('BUILTIN_ROLE');
    if (current.userCount > 0) throw new DomainError('ROLE_IN_USE');
    await this.repo.transaction(async (tx) => {
      await this.repo.delete(ctx.tenantId, id, tx);
      await this.audit.record(ctx, 'role', 'delete', { id, detail: { name: current.role.name } }, tx);
    });
  }

  private checkPermissions(isPlatform: boolean, permissions: string[]) {
    if (!isPlatform && permissions.some(isPlatformPermission)) throw new DomainError('PLATFORM_PERMISSION');
  }
}

/** Modules of the releases before roles remembered their known permissions (foundation and telephony). */
const EARLY_MODULES = new Set([
  'tenant',
  'department',
  'user',
  'role',
  'team',
  'userGroup',
  'audit',
  'apiToken',
  'extension',
  'callRecord',
]);

/**
 * What a built-in role made before `known_permissions` existed knew of: everything, if it already holds a
 * permission of a later module (it was made with them); otherwise only the early modules'.
 */
function knownBeforeTracking(permissions: readonly string[]): readonly string[] {
  const early = (p: string) => EARLY_MODULES.has(p.split(':')[0] as string);
  return permissions.every(early) ? ALL_PERMISSIONS.filter(early) : ALL_PERMISSIONS;
}
