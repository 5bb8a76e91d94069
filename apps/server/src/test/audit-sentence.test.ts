import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';

type Entry = { summary: string; module: string; action: string; detail: Record<string, unknown> | null };
type RoleBody = { id: string; code: string | null };

describe('operation log as sentences with names', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    ({ admin } = await createEnterprise(t, await platformAdmin(t), 'audit-ent'));
  });
  afterAll(() => t?.close());

  it('reads "张三 修改了用户 李四：角色 坐席 → 班长" in Chinese and English, the raw detail kept', async () => {
    const roles = await admin.ok<RoleBody[]>('GET', '/api/roles');
    const agentRole = roles.find((r) => r.code === 'agent')?.id;
    const leaderRole = roles.find((r) => r.code === 'teamLeader')?.id;
    const user = await admin.ok<{ id: string }>('POST', '/api/users', {
      agentNo: '8101',
      name: '李四',
      password: 'Agent#2026',
      roleIds: [agentRole],
    });
    const team = await admin.ok<{ id: string }>('POST', '/api/teams', { name: '一组', memberIds: [] });
    await admin.ok('PATCH', `/api/users/${user.id}`, { roleIds: [leaderRole], teamId: team.id });
    await admin.ok('POST', `/api/users/${user.id}/reset-password`, { password: 'Reset#20270' });

    const zh = await admin.ok<{ items: Entry[] }>('GET', '/api/audit-logs?module=user&pageSize=10');
    const summaries = zh.items.map((e) => e.summary);
    expect(summaries).toContain('audit-ent 企业管理员 修改了用户 李四：角色 坐席 → 班长；班组 (空) → 一组');
    expect(summaries).toContain('audit-ent 企业管理员 重置了密码:用户 李四');
    expect(summaries.find((s) => s.includes('新增了用户 李四'))).toMatch(/工号 8101/);
    // The raw entry is still there for "expand".
    const update = zh.items.find((e) => e.action === 'update');
    expect(update?.detail).toMatchObject({ roleIds: [leaderRole], before: { roleIds: [agentRole] } });

    const en = await admin.call<{ items: Entry[] }>('GET', '/api/audit-logs?module=user&pageSize=10', undefined, {
      'accept-language': 'en-US',
    });
    expect(en.body.items.map((e) => e.summary)).toContain(
      'audit-ent 企业管理员 updated user 李四: roles Agent → Team leader; team (none) → 一组',
    );
    // A deleted user keeps the name its delete entry recorded.
    await admin.ok('DELETE', `/api/users/${user.id}`);
    const after = await admin.ok<{ items: Entry[] }>('GET', '/api/audit-logs?module=user&action=delete');
    expect(after.items[0]?.summary).toBe('audit-ent 企业管理员 删除了用户 李四');
  });
});
