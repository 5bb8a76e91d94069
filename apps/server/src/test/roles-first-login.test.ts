import { BUILTIN_ROLES } from '@hujiao/shared';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_PASSWORD, type CrmTenant, crmTenant, importFile } from './crm-helpers.ts';
import { callRecordOf, createTestApp, platformAdmin, Session, type TestApp } from './harness.ts';

type RoleBody = { id: string; code: string | null; permissions: string[] };
type Me = { mustChangePassword: boolean; teamName: string | null; agentNo: string | null; mobile: string | null };
type Page<T> = { items: T[]; total: number };

describe('built-in roles: agents see their own calls, team leaders import; first login', () => {
  let t: TestApp;
  let c: CrmTenant;

  beforeAll(async () => {
    t = await createTestApp();
    c = await crmTenant(t, 'roles-ent');
    // Extensions of the leader (8000) and agents A1 (8001), A2 (8002) of 一组 and B1 (8003) of 二组.
    for (const [n, userId] of [
      ['8000', c.ids.leader],
      ['8001', c.ids.a1],
      ['8002', c.ids.a2],
      ['8003', c.ids.b1],
    ]) {
      await c.admin.ok('POST', '/api/extensions', { number: n, password: `SipPass#${n}`, userId });
    }
    await t.services.callRecords.write(callRecordOf(c.tenantId, 'a1-b1', { caller: '8001', callee: '8003' }));
    await t.services.callRecords.write(
      callRecordOf(c.tenantId, 'a2-out', { caller: '8002', callee: '13800138000', direction: 'outbound' }),
    );
    await t.services.callRecords.write(
      callRecordOf(c.tenantId, 'in-b1', {
        caller: '13900139000',
        callee: '4001',
        direction: 'inbound',
        legs: [
          {
            legId: 'l1',
            role: 'callee',
            extension: '8003',
            uri: 'sip:8003@x',
            startedAt: new Date().toISOString(),
            answeredAt: null,
            endedAt: null,
            status: 'answered',
          },
        ],
      }),
    );
    await t.services.callRecords.write(callRecordOf(c.tenantId, 'other', { caller: '7777', callee: '7778' }));
  });
  afterAll(() => t?.close());

  const callIds = async (s: Session) =>
    (await s.ok<Page<{ callId: string }>>('GET', '/api/call-records?pageSize=100')).items.map((r) => r.callId).sort();

  it('shows an agent the calls of their own extension, a team leader the team’s, the admin all', async () => {
    expect(await callIds(c.a1)).toEqual(['a1-b1']);
    expect(await callIds(c.a2)).toEqual(['a2-out']);
    expect(await callIds(c.b1)).toEqual(['a1-b1', 'in-b1']); // callee, and a leg of an inbound call
    expect(await callIds(c.leader)).toEqual(['a1-b1', 'a2-out']);
    expect(await callIds(c.admin)).toEqual(['a1-b1', 'a2-out', 'in-b1', 'other']);
    // Another agent's call by id: 404, as if it did not exist.
    const all = await c.admin.ok<Page<{ id: string; callId: string }>>('GET', '/api/call-records?pageSize=100');
    const a2Call = all.items.find((r) => r.callId === 'a2-out')?.id;
    expect((await c.a1.call('GET', `/api/call-records/${a2Call}`)).status).toBe(404);
    expect((await c.a2.call('GET', `/api/call-records/${a2Call}`)).status).toBe(200);
  });

  it('lets the built-in 班长 import customers, and upgrades older roles once', async () => {
    const { job } = await importFile(t, c.leader, { name: 'l.csv', content: '电话,姓名\n13700001111,班长导入\n' });
    expect(job).toMatchObject({ status: 'succeeded', created: 1 });
    // Roles of an older release: no customer:import for 班长, no callRecord:view for 坐席, nothing remembered of it.
    const forget = sql`known_permissions = (select jsonb_agg(p) from jsonb_array_elements_text(known_permissions) p
      where p not like '+%')`;
    await t.database.db.execute(sql`update roles set permissions = permissions - 'customer:import', ${forget}
      where tenant_id = ${c.tenantId} and code = 'teamLeader'`);
    await t.database.db.execute(sql`update roles set permissions = permissions - 'callRecord:view', ${forget}
      where tenant_id = ${c.tenantId} and code = 'agent'`);
    expect((await c.leader.call('GET', '/api/customers/import')).status).toBe(403);
    expect(await t.services.roles.syncBuiltins()).toBeGreaterThanOrEqual(2);
    const roles = await c.admin.ok<RoleBody[]>('GET', '/api/roles');
    const leader = roles.find((r) => r.code === 'teamLeader') as RoleBody;
    expect([...leader.permissions].sort()).toEqual([...BUILTIN_ROLES.teamLeader].sort());
    expect(roles.find((r) => r.code === 'agent')?.permissions).toContain('callRecord:view');
    expect((await c.leader.call('GET', '/api/customers/import')).status).toBe(200);
    // An administrator takes it away again: a later start keeps it away.
    await c.admin.ok('PATCH', `/api/roles/${leader.id}`, {
      permissions: leader.permissions.filter((p) => p !== 'customer:import'),
    });
    await t.services.roles.syncBuiltins();
    const again = await c.admin.ok<RoleBody[]>('GET', '/api/roles');
    expect(again.find((r) => r.code === 'teamLeader')?.permissions).not.toContain('customer:import');
  });

  it('shows the team of a leader who was set as leader only', async () => {
    const leader2 = await c.admin.ok<{ id: string }>('POST', '/api/users', {
      agentNo: '8010',
      name: '二组班长',
      password: AGENT_PASSWORD,
      agentType: 'teamLeader',
    });
    await c.admin.ok('PATCH', `/api/teams/${c.ids.team2}`, { leaderId: leader2.id });
    const users = await c.admin.ok<Page<{ id: string; teamName: string | null }>>('GET', '/api/users?pageSize=100');
    expect(users.items.find((u) => u.id === leader2.id)?.teamName).toBe('二组');
    expect(users.items.find((u) => u.id === c.ids.b1)?.teamName).toBe('二组');
    const s = new Session(t.app);
    await s.login('agent', `8010@${c.account}`, AGENT_PASSWORD);
    expect((await s.ok<Me>('GET', '/api/auth/me')).teamName).toBe('二组');
    // A new team naming a leader outside its member list has the leader among its members.
    const team = await c.admin.ok<{ memberIds: string[] }>('POST', '/api/teams', {
      name: '三组',
      leaderId: c.ids.a2,
      memberIds: [],
    });
    expect(team.memberIds).toEqual([c.ids.a2]);
  });

  it('asks everyone whose password someone else typed to change it at first login', async () => {
    // A new user, created by the administrator.
    const s = new Session(t.app);
    const login = await s.login('agent', `8001@${c.account}`, AGENT_PASSWORD);
    expect((login.body as Me).mustChangePassword).toBe(true);
    await s.ok('POST', '/api/auth/password', { oldPassword: AGENT_PASSWORD, newPassword: 'Changed#2027' });
    expect((await s.ok<Me>('GET', '/api/auth/me')).mustChangePassword).toBe(false);
    // A password reset by the administrator.
    await c.admin.ok('POST', `/api/users/${c.ids.a1}/reset-password`, { password: 'Reset#20270' });
    const r = new Session(t.app);
    expect(((await r.login('agent', `8001@${c.account}`, 'Reset#20270')).body as Me).mustChangePassword).toBe(true);
  });

  it('creates an enterprise admin with mobile and 工号, who logs in by account, mobile and 工号', async () => {
    const platform = await platformAdmin(t);
    const body = {
      account: 'mob-ent',
      name: '手机企业',
      adminPassword: 'Admin#2026x',
      adminMobile: '13612345678',
      adminAgentNo: '9000',
      maxAgents: 5,
    };
    expect((await platform.call('POST', '/api/tenants', body)).status).toBe(200);
    for (const [mode, account] of [
      ['account', 'mob-ent'],
      ['mobile', '13612345678'],
      ['agent', '9000@mob-ent'],
    ] as const) {
      const s = new Session(t.app);
      const res = await s.login(mode, account, 'Admin#2026x');
      expect(res.status, mode).toBe(200);
      expect(res.body).toMatchObject({ mustChangePassword: true, mobile: '13612345678', agentNo: '9000' });
    }
    // Validated and unique as for any user: the mobile is taken now, 工号 must be digits.
    const taken = await platform.call<{ error: { code: string } }>('POST', '/api/tenants', {
      ...body,
      account: 'mob-ent2',
      adminAgentNo: '',
    });
    expect(taken.status).toBe(409);
    const bad = await platform.call('POST', '/api/tenants', { ...body, account: 'mob-ent3', adminAgentNo: 'x1' });
    expect(bad.status).toBe(400);
    expect(
      (await platform.ok<Page<{ account: string }>>('GET', '/api/tenants?pageSize=100')).items.map((x) => x.account),
    ).not.toContain('mob-ent2');
  });

  it('gives the platform admin the operator pages only (and the caller-ID review), not CRM or extensions of the platform itself', async () => {
    const platform = await platformAdmin(t);
    const me = await platform.ok<{ permissions: string[] }>('GET', '/api/auth/me');
    const modules = new Set(me.permissions.map((p) => p.split(':')[0]));
    expect([...modules].sort()).toEqual(['apiToken', 'audit', 'callerIdReview', 'role', 'tenant', 'user']);
    expect((await platform.call('GET', '/api/customers')).status).toBe(403);
    expect((await platform.call('GET', '/api/extensions')).status).toBe(403);
    expect((await platform.call('GET', '/api/tenants')).status).toBe(200);
    const catalogue = await platform.ok<{ modules: Record<string, string[]> }>('GET', '/api/permissions');
    expect(Object.keys(catalogue.modules).sort()).toEqual([
      'apiToken',
      'audit',
      'callerIdReview',
      'role',
      'tenant',
      'user',
    ]);
  });
});
