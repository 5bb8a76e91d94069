import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';

type ErrorBody = { error: { code: string } };

describe('departments, roles, teams and user groups', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    ({ admin } = await createEnterprise(t, await platformAdmin(t), 'org'));
  });
  afterAll(() => t?.close());

  it('creates the built-in roles with every enterprise; they cannot be deleted or renamed', async () => {
    const roles = await admin.ok<Array<{ id: string; code: string | null; builtin: boolean }>>('GET', '/api/roles');
    expect(roles.map((r) => r.code).sort()).toEqual([
      'agent',
      'enterpriseAdmin',
      'orderVerifier',
      'qcInspector',
      'teamLeader',
    ]);
    const agent = roles.find((r) => r.code === 'agent');
    expect((await admin.call<ErrorBody>('DELETE', `/api/roles/${agent?.id}`)).body.error.code).toBe('BUILTIN_ROLE');
    expect((await admin.call<ErrorBody>('PATCH', `/api/roles/${agent?.id}`, { name: '新名' })).body.error.code).toBe(
      'BUILTIN_ROLE',
    );
    await admin.ok('PATCH', `/api/roles/${agent?.id}`, { permissions: ['user:view'] });
  });

  it('keeps the department tree sound', async () => {
    const root = await admin.ok<{ id: string }>('POST', '/api/departments', { name: '客服中心' });
    const child = await admin.ok<{ id: string }>('POST', '/api/departments', { name: '一部', parentId: root.id });
    expect(
      (await admin.call<ErrorBody>('PATCH', `/api/departments/${root.id}`, { parentId: child.id })).body.error.code,
    ).toBe('DEPARTMENT_CYCLE');
    expect((await admin.call<ErrorBody>('DELETE', `/api/departments/${root.id}`)).body.error.code).toBe(
      'DEPARTMENT_NOT_EMPTY',
    );
    await admin.ok('POST', '/api/users', {
      agentNo: '101',
      name: '部门员工',
      password: 'Agent#2026',
      departmentId: child.id,
    });
    expect((await admin.call<ErrorBody>('DELETE', `/api/departments/${child.id}`)).body.error.code).toBe(
      'DEPARTMENT_NOT_EMPTY',
    );
    const list = await admin.ok<Array<{ id: string; userCount: number }>>('GET', '/api/departments');
    expect(list.find((d) => d.id === child.id)?.userCount).toBe(1);
  });

  it('moves users between teams and keeps a role in use from deletion', async () => {
    const role = await admin.ok<{ id: string }>('POST', '/api/roles', { name: '外呼员', permissions: ['team:view'] });
    const u1 = await admin.ok<{ id: string }>('POST', '/api/users', {
      agentNo: '201',
      name: '甲',
      password: 'Agent#2026',
      roleIds: [role.id],
    });
    const u2 = await admin.ok<{ id: string }>('POST', '/api/users', {
      agentNo: '202',
      name: '乙',
      password: 'Agent#2026',
    });
    const t1 = await admin.ok<{ id: string; memberIds: string[] }>('POST', '/api/teams', {
      name: 'A组',
      leaderId: u1.id,
      memberIds: [u1.id, u2.id],
    });
    expect(t1.memberIds.sort()).toEqual([u1.id, u2.id].sort());
    const t2 = await admin.ok<{ id: string; memberIds: string[] }>('POST', '/api/teams', {
      name: 'B组',
      memberIds: [u2.id],
    });
    expect(t2.memberIds).toEqual([u2.id]);
    const teams = await admin.ok<{ items: Array<{ id: string; memberIds: string[]; leaderName: string | null }> }>(
      'GET',
      '/api/teams',
    );
    expect(teams.items.find((x) => x.id === t1.id)).toMatchObject({ memberIds: [u1.id], leaderName: '甲' });
    expect((await admin.call<ErrorBody>('DELETE', `/api/roles/${role.id}`)).body.error.code).toBe('ROLE_IN_USE');
    const roles = await admin.ok<Array<{ id: string; userCount: number }>>('GET', '/api/roles');
    expect(roles.find((r) => r.id === role.id)?.userCount).toBe(1);
    const g = await admin.ok<{ id: string; memberIds: string[] }>('POST', '/api/user-groups', {
      name: '夜班',
      memberIds: [u1.id, u2.id],
    });
    expect(g.memberIds.length).toBe(2);
    // A PATCH that leaves fields out keeps them: roles, enabled state and members stay as stored.
    await admin.ok('PATCH', `/api/users/${u1.id}`, { enabled: false });
    const renamed = await admin.ok<{ roleIds: string[]; enabled: boolean }>('PATCH', `/api/users/${u1.id}`, {
      name: '甲甲',
    });
    expect(renamed).toMatchObject({ roleIds: [role.id], enabled: false });
    const keptTeam = await admin.ok<{ memberIds: string[] }>('PATCH', `/api/teams/${t1.id}`, { description: '早班' });
    expect(keptTeam.memberIds).toEqual([u1.id]);
    const keptGroup = await admin.ok<{ memberIds: string[] }>('PATCH', `/api/user-groups/${g.id}`, {
      description: '夜',
    });
    expect(keptGroup.memberIds.length).toBe(2);
    const keptRole = await admin.ok<{ permissions: string[]; enabled: boolean }>('PATCH', `/api/roles/${role.id}`, {
      description: '改',
    });
    expect(keptRole).toMatchObject({ permissions: ['team:view'], enabled: true });
    await admin.ok('DELETE', `/api/users/${u1.id}`);
    const after = await admin.ok<{ items: Array<{ id: string; memberIds: string[]; leaderId: string | null }> }>(
      'GET',
      '/api/teams',
    );
    expect(after.items.find((x) => x.id === t1.id)).toMatchObject({ memberIds: [], leaderId: null });
    await admin.ok('DELETE', `/api/roles/${role.id}`);
  });

  it('records administrative actions in the audit log, newest first, with who and from where', async () => {
    const page = await admin.ok<{
      items: Array<{ module: string; action: string; userName: string; ip: string }>;
      total: number;
    }>('GET', '/api/audit-logs?pageSize=5');
    expect(page.total).toBeGreaterThan(5);
    expect(page.items[0]).toMatchObject({ module: 'role', action: 'delete', userName: 'org 企业管理员' });
    expect(page.items[0]?.ip).toBeTruthy();
  });
});
