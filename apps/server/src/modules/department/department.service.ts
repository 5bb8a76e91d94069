import type { Department } from '@hujiao/shared';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { DepartmentRepository, DepartmentRow } from './department.repository.ts';

export interface DepartmentInput {
  name: string;
  parentId?: string | null;
  sort: number;
}

const toDepartment = (d: DepartmentRow, userCount: number): Department => ({
  id: d.id,
  parentId: d.parentId,
  name: d.name,
  sort: d.sort,
  userCount,
  createdAt: d.createdAt.toISOString(),
});

export class DepartmentService {
  constructor(
    private readonly repo: DepartmentRepository,
    private readonly audit: AuditService,
  ) {}

  async list(tenantId: string): Promise<Department[]> {
    const rows = await this.repo.list(tenantId);
    return rows.map((r) => toDepartment(r.department, r.userCount));
  }

  async create(ctx: AuditContext, input: DepartmentInput): Promise<Department> {
    return this.repo.transaction(async (tx) => {
      if (input.parentId && !(await this.repo.exists(ctx.tenantId, input.parentId, tx))) throw notFound();
      const row = await this.repo.insert({ ...input, tenantId: ctx.tenantId }, tx);
      await this.audit.record(ctx, 'department', 'create', { id: row.id, detail: { name: row.name } }, tx);
      return toDepartment(row, 0);
    });
  }

  async update(ctx: AuditContext, id: string, input: Partial<DepartmentInput>): Promise<Department> {
    await this.repo.transaction(async (tx) => {
      if (!(await this.repo.exists(ctx.tenantId, id, tx))) throw notFound();
      if (input.parentId) {
        // Walk up from the new parent: reaching `id` would make a cycle.
        let cursor: string | null = input.parentId;
        for (let depth = 0; cursor; depth++) {
          if (cursor === id || depth > 100) throw new DomainError('DEPARTMENT_CYCLE');
          const parent: DepartmentRow | undefined = await this.repo.findById(ctx.tenantId, cursor, tx);
          if (!parent) throw notFound();
          cursor = parent.parentId;
        }
      }
      const row = await this.repo.update(ctx.tenantId, id, input, tx);
      if (!row) throw notFound();
      await this.audit.record(ctx, 'department', 'update', { id, detail: { ...input } }, tx);
    });
    const updated = (await this.list(ctx.tenantId)).find((d) => d.id === id);
    if (!updated) throw notFound();
    return updated;
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    await this.repo.transaction(async (tx) => {
      const row = await this.repo.findById(ctx.tenantId, id, tx);
      if (!row) throw notFound();
      if (await this.repo.inUse(ctx.tenantId, id, tx)) throw new DomainError('DEPARTMENT_NOT_EMPTY');
      await this.repo.delete(ctx.tenantId, id, tx);
      await this.audit.record(ctx, 'department', 'delete', { id, detail: { name: row.name } }, tx);
    });
  }
}
