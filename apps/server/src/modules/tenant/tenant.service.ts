import type { Tenant } from '@hujiao/shared';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { RoleService } from '../role/index.ts';
import type { UserRepository, UserService } from '../user/index.ts';
import type { TenantFilter, TenantRepository, TenantRow } from './tenant.repository.ts';

export interface CreateTenantInput {
  account: string;
  name: string;
  contactName?: string;
  contactPhone?: string;
  maxAgents: number;
  remark?: string;
  adminPassword: string;
  adminMobile?: string;
  adminAgentNo?: string;
}
export type UpdateTenantInput = Partial<
  Omit<CreateTenantInput, 'account' | 'adminPassword' | 'adminMobile' | 'adminAgentNo'>
> & { enabled?: boolean };

const toTenant = (t: TenantRow, userCount: number): Tenant => ({
  id: t.id,
  account: t.account,
  name: t.name,
  contactName: t.contactName,
  contactPhone: t.contactPhone,
  maxAgents: t.maxAgents,
  remark: t.remark,
  enabled: t.enabled,
  isPlatform: t.isPlatform,
  userCount,
  createdAt: t.createdAt.toISOString(),
});

interface Deps {
  tenants: TenantRepository;
  roles: RoleService;
  users: UserService;
  userRepo: UserRepository;
  audit: AuditService;
}

/** 企业管理: run by the platform operator; creating an enterprise also creates its roles and admin. */
export class TenantService {
  constructor(private readonly d: Deps) {}

  async list(f: TenantFilter) {
    const { rows, total } = await this.d.tenants.list(f);
    return { items: rows.map((r) => toTenant(r.tenant, r.userCount)), total };
  }

  async get(id: string): Promise<Tenant> {
    const row = await this.d.tenants.findById(id);
    if (!row) throw notFound();
    return toTenant(row.tenant, row.userCount);
  }

  async create(ctx: AuditContext, input: CreateTenantInput): Promise<Tenant> {
    const account = input.account.toLowerCase();
    const { adminPassword, adminMobile, adminAgentNo, ...fields } = input;
    const id = await this.d.tenants.transaction(async (tx) => {
      const tenant = await this.d.tenants.insert({ ...fields, account, contactPhone: fields.contactPhone || null }, tx);
      const roles = await this.d.roles.createBuiltins(tenant.id, false, tx);
      const adminRole = roles.find((r) => r.code === 'enterpriseAdmin');
      await this.d.users.create(
        { ...ctx, tenantId: tenant.id },
        {
          username: account,
          name: `${input.name}管理员`,
          password: adminPassword,
          mobile: adminMobile || null,
          agentNo: adminAgentNo || null,
          roleIds: adminRole ? [adminRole.id] : [],
          enabled: true,
        },
        { tx },
      );
      await this.d.audit.record(ctx, 'tenant', 'create', { id: tenant.id, detail: { account, name: input.name } }, tx);
      return tenant.id;
    });
    return this.get(id);
  }

  async update(ctx: AuditContext, id: string, input: UpdateTenantInput): Promise<Tenant> {
    const current = await this.d.tenants.findById(id);
    if (!current) throw notFound();
    if (current.tenant.isPlatform && input.enabled === false) throw new DomainError('PLATFORM_TENANT');
    await this.d.tenants.transaction(async (tx) => {
      const values = {
        ...input,
        ...(input.contactPhone !== undefined ? { contactPhone: input.contactPhone || null } : {}),
      };
      await this.d.tenants.update(id, values, tx);
      await this.d.audit.record(ctx, 'tenant', 'update', { id, detail: { ...input } }, tx);
    });
    return this.get(id);
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.d.tenants.findById(id);
    if (!current) throw notFound();
    if (current.tenant.isPlatform) throw new DomainError('PLATFORM_TENANT');
    if (current.tenant.enabled) throw new DomainError('TENANT_ENABLED');
    await this.d.tenants.transaction(async (tx) => {
      await this.d.tenants.delete(id, tx);
      await this.d.audit.record(ctx, 'tenant', 'delete', { id, detail: { account: current.tenant.account } }, tx);
    });
  }

  async resetAdminPassword(ctx: AuditContext, id: string, password: string): Promise<void> {
    const current = await this.d.tenants.findById(id);
    if (!current) throw notFound();
    const admin = await this.d.userRepo.findForLogin({ username: current.tenant.account });
    if (!admin || admin.tenantId !== id) throw notFound();
    await this.d.users.resetPassword({ ...ctx, tenantId: id }, admin.id, password);
    await this.d.audit.record(ctx, 'tenant', 'resetAdminPassword', { id, detail: { account: current.tenant.account } });
  }
}
