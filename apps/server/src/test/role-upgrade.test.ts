import { BUILTIN_ROLES } from '@hujiao/shared';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type TestApp } from './harness.ts';

type RoleBody = { id: string; code: string | null; permissions: string[] };

describe('upgrade: built-in roles get the permissions a release adds', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('gives roles made before the CRM its permissions, keeps what administrators removed since', async () => {
    const { tenantId, admin } = await createEnterprise(t, await platformAdmin(t), 'old-ent');
    const preCrm = (p: string) =>
      ['user', 'team', 'department', 'callRecord', 'apiToken'].includes(p.split(':')[0] ?? '');
    // As a database from the telephony release holds them: no CRM permissions, nothing remembered.
    await t.database.db.execute(sql`update roles set known_permissions = null,
      permissions = (select coalesce(jsonb_agg(p), '[]'::jsonb) from jsonb_array_elements_text(permissions) p
        where split_part(p, ':', 1) in ('user', 'team', 'department', 'callRecord', 'apiToken', 'role', 'userGroup',
          'audit', 'extension'))
      where tenant_id = ${tenantId} and code in ('agent', 'enterpriseAdmin')`);
    // An administrator of a newer release took 客户导出 away from 班长.
    const before = await admin.ok<RoleBody[]>('GET', '/api/roles');
    const leader = before.find((r) => r.code === 'teamLeader') as RoleBody;
    await admin.ok('PATCH', `/api/roles/${leader.id}`, {
      permissions: leader.permissions.filter((p) => p !== 'customer:export'),
    });
    const agentBefore = before.find((r) => r.code === 'agent') as RoleBody;
    expect(agentBefore.permissions.every(preCrm)).toBe(true);

    expect(await t.services.roles.syncBuiltins()).toBe(2);
    const after = await admin.ok<RoleBody[]>('GET', '/api/roles');
    const agent = after.find((r) => r.code === 'agent') as RoleBody;
    expect([...agent.permissions].sort()).toEqual([...BUILTIN_ROLES.agent].sort());
    const entAdmin = after.find((r) => r.code === 'enterpriseAdmin') as RoleBody;
    expect(entAdmin.permissions).toEqual(expect.arrayContaining(['customer:import', 'customField:manage']));
    expect(after.find((r) => r.code === 'teamLeader')?.permissions).not.toContain('customer:export');
    // Idempotent: a second start changes nothing.
    expect(await t.services.roles.syncBuiltins()).toBe(0);
  });
});
