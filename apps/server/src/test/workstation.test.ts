import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, Session, type TestApp } from './harness.ts';

/** The workstation's own routes: the agent's day (状态条) and the lock screen (示忙锁屏). */
describe('workstation routes', () => {
  let t: TestApp;
  let platform: Session;
  let agent: Session;
  let other: Session;

  beforeAll(async () => {
    t = await createTestApp();
    platform = await platformAdmin(t);
    const { admin } = await createEnterprise(t, platform, 'ws');
    const roles = await admin.ok<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const agentRole = roles.find((r) => r.code === 'agent')?.id;
    for (const agentNo of ['801', '802']) {
      const user = await admin.ok<{ id: string }>('POST', '/api/users', {
        agentNo,
        name: `坐席${agentNo}`,
        password: 'Agent#2026',
        roleIds: [agentRole],
      });
      await admin.ok('POST', '/api/extensions', {
        number: `1${agentNo}`,
        password: `SipPass#${agentNo}`,
        userId: user.id,
      });
    }
    agent = new Session(t.app);
    expect((await agent.login('agent', '801@ws', 'Agent#2026')).status).toBe(200);
    other = new Session(t.app);
    expect((await other.login('agent', '802@ws', 'Agent#2026')).status).toBe(200);
  });
  afterAll(() => t?.close());

  it("counts the agent's own calls since the given start; the start is required", async () => {
    const since = new Date(Date.now() - 3600_000).toISOString();
    expect(await agent.ok('GET', `/api/agent/today?since=${encodeURIComponent(since)}`)).toEqual({
      inbound: 0,
      outbound: 0,
      missed: 0,
      lastCall: null,
    });
    expect((await agent.call('GET', '/api/agent/today')).status).toBe(400);
    // The platform administrator is nobody's agent.
    expect((await platform.call('GET', `/api/agent/today?since=${encodeURIComponent(since)}`)).status).toBe(403);
  });

  it('unlocks with the own password, says how many tries are left, and ends the session after five', async () => {
    expect(await agent.ok('POST', '/api/auth/unlock', { password: 'Agent#2026' })).toEqual({ ok: true });
    const wrong = await agent.call<{ error: { message: string } }>('POST', '/api/auth/unlock', { password: 'nope' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe('密码不正确,还可尝试 4 次');
    // A colleague's password does not unlock.
    expect((await agent.call('POST', '/api/auth/unlock', { password: 'Agent#2026x' })).status).toBe(400);
    // The right one resets the count.
    await agent.ok('POST', '/api/auth/unlock', { password: 'Agent#2026' });
    for (let i = 0; i < 4; i++)
      expect((await agent.call('POST', '/api/auth/unlock', { password: 'x' })).status).toBe(400);
    expect((await agent.call('POST', '/api/auth/unlock', { password: 'x' })).status).toBe(401);
    // The session is gone; the colleague's is not.
    expect((await agent.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await other.call('GET', '/api/auth/me')).status).toBe(200);
  });
});
