import type { Config } from './config.ts';
import { generatePassword, hashPassword } from './modules/auth/index.ts';
import type { Services } from './services.ts';

/**
 * First start: creates the platform tenant, its platformAdmin role and the platform admin account. The password
 * comes from CC_ADMIN_PASSWORD, or is generated, must be changed at first login, and is returned to be printed
 * once. There is never a default password.
 */
export async function ensurePlatformAdmin(
  services: Services,
  config: Pick<Config, 'adminAccount' | 'adminPassword'>,
): Promise<{ created: boolean; generatedPassword?: string }> {
  if (await services.tenantRepo.findPlatform()) return { created: false };
  const generated = config.adminPassword ? undefined : generatePassword();
  const password = config.adminPassword ?? (generated as string);
  const passwordHash = await hashPassword(password);
  await services.tenantRepo.transaction(async (tx) => {
    const tenant = await services.tenantRepo.insert(
      { account: 'platform', name: '平台运营', isPlatform: true, maxAgents: 100000 },
      tx,
    );
    const [role] = await services.roles.createBuiltins(tenant.id, true, tx);
    const admin = await services.userRepo.insert(
      {
        tenantId: tenant.id,
        username: config.adminAccount,
        name: '平台管理员',
        passwordHash,
        mustChangePassword: !!generated,
      },
      tx,
    );
    if (role) await services.userRepo.setRoles(tenant.id, admin.id, [role.id], tx);
    await services.audit.record(
      { tenantId: tenant.id, userId: null, userName: 'system', ip: null },
      'tenant',
      'bootstrap',
      { id: tenant.id, detail: { admin: config.adminAccount } },
      tx,
    );
  });
  return { created: true, generatedPassword: generated };
}
