import { ensurePlatformAdmin } from '../../apps/server/src/bootstrap.ts';
import type { Config } from '../../apps/server/src/config.ts';
import type { Services } from '../../apps/server/src/services.ts';

/** An enterprise with its admin and 10 agents, created through the services. */
export async function bootstrapBench(services: Services, config: Config) {
  await ensurePlatformAdmin(services, config);
  const platform = await services.tenantRepo.findPlatform();
  if (!platform) throw new Error('no platform tenant');
  const system = { tenantId: platform.id, userId: null, userName: 'bench', ip: null };
  const tenant = await services.tenants.create(system, {
    account: 'crm-bench',
    name: 'CRM bench',
    maxAgents: 50,
    adminPassword: 'Bench#2026x',
  });
  const ctx = { tenantId: tenant.id, userId: null, userName: 'bench', ip: null };
  const users = await services.users.list(tenant.id, { page: 1, pageSize: 10 });
  const adminId = users.items[0]?.id;
  if (!adminId) throw new Error('no enterprise admin');
  const agentIds: string[] = [];
  for (let i = 0; i < 10; i++) {
    const u = await services.users.create(ctx, {
      agentNo: `80${String(i).padStart(2, '0')}`,
      name: `坐席${i}`,
      password: 'Agent#2026x',
      agentType: 'agent',
      roleIds: [],
      enabled: true,
    });
    agentIds.push(u.id);
  }
  return { tenantId: tenant.id, adminId, agentIds };
}
