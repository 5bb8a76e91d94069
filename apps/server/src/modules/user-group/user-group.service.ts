import type { UserGroup } from '@hujiao/shared';
import type { AuditContext } from '../../http/actor.ts';
import { notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { UserRepository } from '../user/index.ts';
import type { UserGroupRepository, UserGroupRow } from './user-group.repository.ts';

export interface UserGroupInput {
  name: string;
  description?: string;
  memberIds: string[];
}

const toGroup = (g: UserGroupRow, memberIds: string[]): UserGroup => ({
  id: g.id,
  name: g.name,
  description: g.description,
  memberIds,
  createdAt: g.createdAt.toISOString(),
});

/** 用户组: a user may be in several groups. */
export class UserGroupService {
  constructor(
    private readonly repo: UserGroupRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
  ) {}

  async list(tenantId: string, f: { page: number; pageSize: number; keyword?: string }) {
    const { rows, total } = await this.repo.list(tenantId, f);
    const members = await this.repo.memberIds(
      tenantId,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => toGroup(r, members.get(r.id) ?? [])), total };
  }

  async create(ctx: AuditContext, input: UserGroupInput): Promise<UserGroup> {
    const { memberIds, ...values } = input;
    await this.checkUsers(ctx.tenantId, memberIds);
    const id = await this.repo.transaction(async (tx) => {
      const row = await this.repo.insert({ ...values, tenantId: ctx.tenantId }, tx);
      await this.repo.setMembers(ctx.tenantId, row.id, memberIds, tx);
      await this.audit.record(ctx, 'userGroup', 'create', { id: row.id, detail: { name: row.name, memberIds } }, tx);
      return row.id;
    });
    return this.get(ctx.tenantId, id);
  }

  async update(ctx: AuditContext, id: string, input: Partial<UserGroupInput>): Promise<UserGroup> {
    const { memberIds, ...values } = input;
    if (memberIds) await this.checkUsers(ctx.tenantId, memberIds);
    await this.repo.transaction(async (tx) => {
      if (!(await this.repo.findById(ctx.tenantId, id, tx))) throw notFound();
      if (Object.keys(values).length) await this.repo.update(ctx.tenantId, id, values, tx);
      if (memberIds) await this.repo.setMembers(ctx.tenantId, id, memberIds, tx);
      await this.audit.record(ctx, 'userGroup', 'update', { id, detail: { ...input } }, tx);
    });
    return this.get(ctx.tenantId, id);
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    await this.repo.transaction(async (tx) => {
      const row = await this.repo.findById(ctx.tenantId, id, tx);
      if (!row) throw notFound();
      await this.repo.delete(ctx.tenantId, id, tx);
      await this.audit.record(ctx, 'userGroup', 'delete', { id, detail: { name: row.name } }, tx);
    });
  }

  private async get(tenantId: string, id: string): Promise<UserGroup> {
    const row = await this.repo.findById(tenantId, id);
    if (!row) throw notFound();
    return toGroup(row, (await this.repo.memberIds(tenantId, [id])).get(id) ?? []);
  }

  private async checkUsers(tenantId: string, ids: string[]) {
    const unique = [...new Set(ids)];
    if ((await this.users.existingIds(tenantId, unique)).length !== unique.length) throw notFound();
  }
}
