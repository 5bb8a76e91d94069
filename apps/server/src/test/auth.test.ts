import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, Session, type TestApp } from './harness.ts';

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

describe('login, lockout, sessions and tokens', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp({ CC_LOGIN_MAX_FAILURES: '5', CC_LOGIN_LOCK_MINUTES: '15' });
    const platform = await platformAdmin(t);
    ({ admin } = await createEnterprise(t, platform, 'acme'));
    await admin.ok('POST', '/api/users', {
      agentNo: '8001',
      name: '张三',
      mobile: '13800138000',
      password: 'Agent#2026',
      agentType: 'agent',
    });
  });
  afterAll(() => t?.close());

  it('signs in by enterprise account, agentNo@enterprise and bound mobile', async () => {
    const byAccount = await new Session(t.app).login('account', 'ACME', 'Admin#2026x');
    expect(byAccount.status).toBe(200);
    const byAgent = await new Session(t.app).login('agent', '8001@acme', 'Agent#2026');
    expect(byAgent.status).toBe(200);
    expect((byAgent.body as { name: string; roles: string[] }).roles).toEqual(['坐席']);
    const byMobile = await new Session(t.app).login('mobile', '13800138000', 'Agent#2026');
    expect(byMobile.status).toBe(200);
    expect((byMobile.body as { agentNo: string }).agentNo).toBe('8001');
  });

  it('answers a wrong password or unknown account with the same translated error', async () => {
    const zh = await new Session(t.app).login('agent', '8001@nope', 'Agent#2026');
    expect(zh.status).toBe(401);
    expect((zh.body as ErrorBody).error.message).toBe('账号或密码错误');
    const en = await new Session(t.app, 'en-US').login('account', 'acme', 'wrong-password1');
    expect((en.body as ErrorBody).error).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'Wrong account or password',
    });
  });

  it('locks the account after five wrong passwords and says for how long, even for the right password', async () => {
    await admin.ok('POST', '/api/users', { agentNo: '8002', name: '李四', password: 'Agent#2026' });
    const s = new Session(t.app);
    for (let i = 0; i < 4; i++) expect((await s.login('agent', '8002@acme', 'Wrong#0000')).status).toBe(401);
    const fifth = await s.login('agent', '8002@acme', 'Wrong#0000');
    expect(fifth.status).toBe(423);
    expect((fifth.body as ErrorBody).error.message).toBe('密码错误次数过多,账号已锁定,请在 15 分钟后重试');
    const right = await s.login('agent', '8002@acme', 'Agent#2026');
    expect(right.status).toBe(423);
    const users = await admin.ok<{ items: Array<{ id: string; locked: boolean }> }>('GET', '/api/users?keyword=8002');
    const locked = users.items[0];
    expect(locked?.locked).toBe(true);
    await admin.ok('POST', `/api/users/${locked?.id}/unlock`);
    expect((await s.login('agent', '8002@acme', 'Agent#2026')).status).toBe(200);
    const audit = await admin.ok<{ items: Array<{ action: string }> }>(
      'GET',
      '/api/audit-logs?module=auth&action=locked',
    );
    expect(audit.items.length).toBe(1);
  });

  it('needs the CSRF header for changes made with the session cookie', async () => {
    const s = new Session(t.app);
    await s.login('account', 'acme', 'Admin#2026x');
    const csrf = s.csrf;
    s.csrf = '';
    const res = await s.call<ErrorBody>('POST', '/api/departments', { name: '无令牌' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_FAILED');
    s.csrf = 'forged';
    expect((await s.call('POST', '/api/departments', { name: '伪造' })).status).toBe(403);
    s.csrf = csrf;
    expect((await s.call('POST', '/api/departments', { name: '有令牌' })).status).toBe(200);
  });

  it('lets an integration call with an API token, and forgets a revoked token', async () => {
    const created = await admin.ok<{ id: string; token: string }>('POST', '/api/auth/tokens', { name: 'crm' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/departments',
      headers: { authorization: `Bearer ${created.token}` },
      payload: { name: '接口部门' },
    });
    expect(res.statusCode).toBe(200);
    const listed = await admin.ok<Array<{ id: string; prefix: string }>>('GET', '/api/auth/tokens');
    expect(listed.find((x) => x.id === created.id)?.prefix).toBe(created.token.slice(0, 10));
    expect(JSON.stringify(listed)).not.toContain(created.token);
    await admin.ok('DELETE', `/api/auth/tokens/${created.id}`);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it('logs out, changes password and ends other sessions', async () => {
    await admin.ok('POST', '/api/users', { agentNo: '8003', name: '王五', password: 'Agent#2026' });
    const a = new Session(t.app);
    const b = new Session(t.app);
    await a.login('agent', '8003@acme', 'Agent#2026');
    await b.login('agent', '8003@acme', 'Agent#2026');
    const wrongOld = await a.call<ErrorBody>('POST', '/api/auth/password', {
      oldPassword: 'nope',
      newPassword: 'Better#2027',
    });
    expect(wrongOld.body.error.code).toBe('WRONG_PASSWORD');
    const weak = await a.call<ErrorBody>('POST', '/api/auth/password', {
      oldPassword: 'Agent#2026',
      newPassword: 'abcdefgh',
    });
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    await a.ok('POST', '/api/auth/password', { oldPassword: 'Agent#2026', newPassword: 'Better#2027' });
    expect((await b.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await a.call('GET', '/api/auth/me')).status).toBe(200);
    await a.ok('POST', '/api/auth/logout');
    expect((await a.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await new Session(t.app).login('agent', '8003@acme', 'Better#2027')).status).toBe(200);
  });

  it('answers the session probe of the console with 200 signed in or not, with built-in role codes', async () => {
    const anonymous = await new Session(t.app).call<{ me: null }>('GET', '/api/auth/session');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.me).toBeNull();
    const s = new Session(t.app);
    await s.login('agent', '8001@acme', 'Agent#2026');
    type Probe = { me: { roles: string[]; roleCodes: Array<string | null> } };
    const signedIn = await s.call<Probe>('GET', '/api/auth/session');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.me).toMatchObject({ roles: ['坐席'], roleCodes: ['agent'] });
  });

  it('refuses disabled users and disabled enterprises', async () => {
    const u = await admin.ok<{ id: string }>('POST', '/api/users', {
      agentNo: '8004',
      name: '赵六',
      password: 'Agent#2026',
    });
    const s = new Session(t.app);
    await s.login('agent', '8004@acme', 'Agent#2026');
    await admin.ok('PATCH', `/api/users/${u.id}`, { enabled: false });
    expect((await s.call('GET', '/api/auth/me')).status).toBe(401);
    const again = await new Session(t.app).login('agent', '8004@acme', 'Agent#2026');
    expect((again.body as ErrorBody).error.code).toBe('ACCOUNT_DISABLED');

    const platform = await platformAdmin(t);
    const { tenantId, admin: otherAdmin } = await createEnterprise(t, platform, 'closing');
    const del = await platform.call<ErrorBody>('DELETE', `/api/tenants/${tenantId}`);
    expect(del.body.error.code).toBe('TENANT_ENABLED');
    await platform.ok('PATCH', `/api/tenants/${tenantId}`, { enabled: false });
    expect((await otherAdmin.call('GET', '/api/auth/me')).status).toBe(401);
    const login = await new Session(t.app).login('account', 'closing', 'Admin#2026x');
    expect((login.body as ErrorBody).error.code).toBe('TENANT_DISABLED');
    await platform.ok('DELETE', `/api/tenants/${tenantId}`);
    expect((await platform.call('GET', `/api/tenants/${tenantId}`)).status).toBe(404);
  });

  it('translates validation errors per field', async () => {
    const zh = await admin.call<ErrorBody>('POST', '/api/users', { name: '', agentNo: 'abc', password: 'short' });
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    const byPath = Object.fromEntries((zh.body.error.details ?? []).map((d) => [d.path, d.message]));
    expect(byPath.name).toBe('此项为必填项');
    expect(byPath.agentNo).toBe('工号须为 2-10 位数字');
    expect(byPath.password).toMatch(/8/);
    const en = await new Session(t.app, 'en-US').login('mobile', '', '');
    expect((en.body as ErrorBody).error.details?.[0]?.message).toBe('This field is required');
    const dup = await admin.call<ErrorBody>('POST', '/api/users', {
      agentNo: '8001',
      name: '重复',
      password: 'Agent#2026',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('工号 已被使用');
  });

  it('keeps the agent limit of the enterprise', async () => {
    const platform = await platformAdmin(t);
    const { admin: small } = await createEnterprise(t, platform, 'small', 1);
    await small.ok('POST', '/api/users', { agentNo: '01', name: '甲', password: 'Agent#2026' });
    const res = await small.call<ErrorBody>('POST', '/api/users', {
      agentNo: '02',
      name: '乙',
      password: 'Agent#2026',
    });
    expect(res.body.error).toMatchObject({ code: 'AGENT_LIMIT', message: '坐席数量已达企业上限(1 个)' });
  });
});
