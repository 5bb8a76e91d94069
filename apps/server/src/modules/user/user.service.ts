import type { User } from '@hujiao/shared';
import type { Tx } from '../../db/client.ts';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import { assertStrongPassword, hashPassword } from '../auth/password.ts';
import type { DepartmentRepository } from '../department/index.ts';
import type { RoleRepository } from '../role/index.ts';
import type { TeamRepository } from '../team/index.ts';
import type { UserDetailRow, UserFilter, UserInsert, UserRepository } from './user.repository.ts';

export interface UserInput {
  username?: string | null;
  agentNo?: string | null;
  name: string;
  mobile?: string | null;
  email?: string | null;
  agentType?: 'agent' | 'teamLeader' | null;
  departmentId?: string | null;
  teamId?: string | null;
  roleIds: string[];
  enabled: boolean;
}

export function toUser(r: UserDetailRow, now = Date.now()): User {
  const u = r.user;
  return {
    id: u.id,
    username: u.username,
    agentNo: u.agentNo,
    name: u.name,
    mobile: u.mobile,
    email: u.email,
    agentType: u.agentType,
    departmentId: u.departmentId,
    departmentName: r.departmentName,
    teamId: u.teamId,
    teamName: r.teamName,
    roleIds: r.roles.map((x) => x.id),
    roleNames: r.roles.map((x) => x.name),
    roleCodes: r.roles.map((x) => x.code),
    enabled: u.enabled,
    locked: !!u.lockedUntil && u.lockedUntil.getTime() > now,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

interface Deps {
  users: UserRepository;
  roles: RoleRepository;
  departments: DepartmentRepository;
  teams: TeamRepository;
  audit: AuditService;
  maxAgents: (tenantId: string, tx: Tx) => Promise<number>;
}

export class UserService {
  constructor(private readonly d: Deps) {}

  async list(tenantId: string, filter: UserFilter) {
    const { rows, total } = await this.d.users.list(tenantId, filter);
    return { items: rows.map((r) => toUser(r)), total };
  }

  async get(tenantId: string, id: string): Promise<User> {
    const row = await this.d.users.findDetail(tenantId, id);
    if (!row) throw notFound();
    return toUser(row);
  }

  async create(ctx: AuditContext, input: UserInput & { password: string }, opts: { tx?: Tx } = {}): Promise<User> {
    assertStrongPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    const run = async (tx: Tx) => {
      const values = await this.checkedValues(ctx.tenantId, input, tx);
      if (values.agentNo) await this.checkAgentLimit(ctx.tenantId, tx);
      let roleIds = input.roleIds;
      if (roleIds.length === 0 && input.agentType) {
        const builtin = await this.d.roles.findByCode(ctx.tenantId, input.agentType, tx);
        if (builtin) roleIds = [builtin.id];
      }
      // Someone else chose this password (an administrator, the platform admin for a new enterprise's admin):
      // the user changes it at first login, like after a reset.
      const row = await this.d.users.insert(
        { ...values, tenantId: ctx.tenantId, passwordHash, mustChangePassword: true } as UserInsert,
        tx,
      );
      await this.d.users.setRoles(ctx.tenantId, row.id, roleIds, tx);
      await this.d.audit.record(ctx, 'user', 'create', { id: row.id, detail: describe(input) }, tx);
      const detail = await this.d.users.findDetail(ctx.tenantId, row.id, tx);
      if (!detail) throw notFound();
      return toUser(detail);
    };
    return opts.tx ? run(opts.tx) : this.d.users.transaction(run);
  }

  async update(ctx: AuditContext, id: string, input: Partial<UserInput>): Promise<User> {
    const before = await this.d.users.findDetail(ctx.tenantId, id);
    const current = before?.user;
    if (!before || !current) throw notFound();
    if (input.enabled === false && id === ctx.userId) throw new DomainError('SELF_LOCKOUT');
    return this.d.users.transaction(async (tx) => {
      const values = await this.checkedValues(ctx.tenantId, input, tx);
      if (values.agentNo && !current.agentNo) await this.checkAgentLimit(ctx.tenantId, tx);
      await this.d.users.update(ctx.tenantId, id, values, tx);
      if (input.roleIds) await this.d.users.setRoles(ctx.tenantId, id, input.roleIds, tx);
      // The values before the change too, so the log reads "角色 坐席 → 班长".
      const changed = describe(input);
      const was: Record<string, unknown> = {};
      for (const k of Object.keys(changed)) {
        was[k] = k === 'roleIds' ? before.roles.map((r) => r.id) : current[k as keyof typeof current];
      }
      await this.d.audit.record(ctx, 'user', 'update', { id, detail: { ...changed, before: was } }, tx);
      const detail = await this.d.users.findDetail(ctx.tenantId, id, tx);
      if (!detail) throw notFound();
      return toUser(detail);
    });
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    if (id === ctx.userId) throw new DomainError('SELF_LOCKOUT');
    const current = await this.d.users.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    await this.d.users.transaction(async (tx) => {
      await this.d.teams.clearLeader(ctx.tenantId, id, tx);
      await this.d.users.delete(ctx.tenantId, id, tx);
      await this.d.audit.record(ctx, 'user', 'delete', { id, detail: { name: current.name } }, tx);
    });
  }

  async resetPassword(ctx: AuditContext, id: string, password: string): Promise<void> {
    assertStrongPassword(password);
    const passwordHash = await hashPassword(password);
    await this.d.users.transaction(async (tx) => {
      const row = await this.d.users.update(
        ctx.tenantId,
        id,
        { passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null },
        tx,
      );
      if (!row) throw notFound();
      await this.d.audit.record(ctx, 'user', 'resetPassword', { id, detail: { name: row.name } }, tx);
    });
  }

  async unlock(ctx: AuditContext, id: string): Promise<void> {
    await this.d.users.transaction(async (tx) => {
      const row = await this.d.users.update(ctx.tenantId, id, { failedLogins: 0, lockedUntil: null }, tx);
      if (!row) throw notFound();
      await this.d.audit.record(ctx, 'user', 'unlock', { id, detail: { name: row.name } }, tx);
    });
  }

  /** Normalises names and proves that referenced department, team and roles belong to the tenant. */
  private async checkedValues(tenantId: string, input: Partial<UserInput>, tx: Tx): Promise<Partial<UserInsert>> {
    const { roleIds, ...rest } = input;
    if (input.departmentId && !(await this.d.departments.exists(tenantId, input.departmentId, tx))) throw notFound();
    if (input.teamId && !(await this.d.teams.exists(tenantId, input.teamId, tx))) throw notFound();
    if (roleIds?.length) {
      const found = await this.d.roles.existingIds(tenantId, roleIds, tx);
      if (found.length !== new Set(roleIds).size) throw notFound();
    }
    const values: Partial<UserInsert> = { ...rest };
    if (typeof input.username === 'string') values.username = input.username.toLowerCase();
    if (input.email === '') values.email = null;
    return values;
  }

  private async checkAgentLimit(tenantId: string, tx: Tx) {
    const max = await this.d.maxAgents(tenantId, tx);
    if ((await this.d.users.countAgents(tenantId, tx)) >= max) throw new DomainError('AGENT_LIMIT', { max });
  }
}

function describe(input: Partial<UserInput>): Record<string, unknown> {
  const { name, username, agentNo, agentType, enabled, roleIds, departmentId, teamId } = input;
  return Object.fromEntries(
    Object.entries({ name, username, agentNo, agentType, enabled, roleIds, departmentId, teamId }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}
