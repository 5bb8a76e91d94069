import type { Team } from '@hujiao/shared';
import type { AuditContext } from '../../http/actor.ts';
import { notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { UserRepository } from '../user/index.ts';
import type { TeamRepository, TeamRow } from './team.repository.ts';

export interface TeamInput {
  name: string;
  description?: string;
  leaderId?: string | null;
  memberIds: string[];
}

const toTeam = (t: TeamRow, leaderName: string | null, memberIds: string[]): Team => ({
  id: t.id,
  name: t.name,
  description: t.description,
  leaderId: t.leaderId,
  leaderName,
  memberIds,
  createdAt: t.createdAt.toISOString(),
});

/** 班组: a user belongs to at most one team; the leader is one of the tenant's users. */
export class TeamService {
  constructor(
    private readonly repo: TeamRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
  ) {}

  async list(tenantId: string, f: { page: number; pageSize: number; keyword?: string }) {
    const { rows, total } = await this.repo.list(tenantId, f);
    const members = await this.users.teamMemberIds(
      tenantId,
      rows.map((r) => r.team.id),
    );
    return { items: rows.map((r) => toTeam(r.team, r.leaderName, members.get(r.team.id) ?? [])), total };
  }

  async create(ctx: AuditContext, input: TeamInput): Promise<Team> {
    const { memberIds: listed, ...values } = input;
    // A team leader belongs to the team they lead (their user shows it, and they count among its members).
    const memberIds = withLeader(listed, input.leaderId);
    await this.checkUsers(ctx.tenantId, [...memberIds, ...(input.leaderId ? [input.leaderId] : [])]);
    const id = await this.repo.transaction(async (tx) => {
      const row = await this.repo.insert({ ...values, tenantId: ctx.tenantId }, tx);
      await this.users.setTeamMembers(ctx.tenantId, row.id, memberIds, tx);
      await this.audit.record(ctx, 'team', 'create', { id: row.id, detail: { name: row.name, memberIds } }, tx);
      return row.id;
    });
    return this.get(ctx.tenantId, id);
  }

  async update(ctx: AuditContext, id: string, input: Partial<TeamInput>): Promise<Team> {
    const { memberIds: listed, ...values } = input;
    await this.checkUsers(ctx.tenantId, [...(listed ?? []), ...(input.leaderId ? [input.leaderId] : [])]);
    const current = await this.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    const leaderId = input.leaderId !== undefined ? input.leaderId : current.team.leaderId;
    let memberIds = listed ? withLeader(listed, leaderId) : undefined;
    if (!memberIds && input.leaderId) {
      const members = (await this.users.teamMemberIds(ctx.tenantId, [id])).get(id) ?? [];
      if (!members.includes(input.leaderId)) memberIds = [...members, input.leaderId];
    }
    await this.repo.transaction(async (tx) => {
      if (!(await this.repo.exists(ctx.tenantId, id, tx))) throw notFound();
      if (Object.keys(values).length) await this.repo.update(ctx.tenantId, id, values, tx);
      if (memberIds) await this.users.setTeamMembers(ctx.tenantId, id, memberIds, tx);
      await this.audit.record(ctx, 'team', 'update', { id, detail: { ...input } }, tx);
    });
    return this.get(ctx.tenantId, id);
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    await this.repo.transaction(async (tx) => {
      const row = await this.repo.findById(ctx.tenantId, id, tx);
      if (!row) throw notFound();
      await this.repo.delete(ctx.tenantId, id, tx);
      await this.audit.record(ctx, 'team', 'delete', { id, detail: { name: row.team.name } }, tx);
    });
  }

  private async get(tenantId: string, id: string): Promise<Team> {
    const row = await this.repo.findById(tenantId, id);
    if (!row) throw notFound();
    const members = await this.users.teamMemberIds(tenantId, [id]);
    return toTeam(row.team, row.leaderName, members.get(id) ?? []);
  }

  private async checkUsers(tenantId: string, ids: string[]) {
    const unique = [...new Set(ids)];
    if ((await this.users.existingIds(tenantId, unique)).length !== unique.length) throw notFound();
  }
}

/** The members with the leader among them. */
function withLeader(memberIds: string[], leaderId: string | null | undefined): string[] {
  return leaderId && !memberIds.includes(leaderId) ? [...memberIds, leaderId] : memberIds;
}
