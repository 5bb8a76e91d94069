import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallRecordRepository } from '../modules/call-record/index.ts';
import { createEnterprise, createTestApp, platformAdmin, Session, type TestApp } from './harness.ts';

/** The workstation's own routes: the agent's day (状态条) and the lock screen (示忙锁屏). */
describe('workstation routes', () => {
  let t: TestApp;
  let platform: Session;
  let agent: Session;
  let other: Session;
  let tenantId: string;

  beforeAll(async () => {
    t = await createTestApp();
    platform = await platformAdmin(t);
    const created = await createEnterprise(t, platform, 'ws');
    const admin = created.admin;
    tenantId = created.tenantId;
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
      missedCalls: [],
    });
    expect((await agent.call('GET', '/api/agent/today')).status).toBe(400);
    // The platform administrator is nobody's agent.
    expect((await platform.call('GET', `/api/agent/today?since=${encodeURIComponent(since)}`)).status).toBe(403);
  });

  it('counts answered inbound, outbound and missed calls of the own extensions, and lists the missed ones', async () => {
    const records = new CallRecordRepository(t.database.db);
    const at = (minAgo: number) => new Date(Date.now() - minAgo * 60_000);
    const leg = (extension: string, answered: boolean, minAgo: number) => ({
      legId: `${extension}-${minAgo}`,
      role: 'callee',
      extension,
      uri: `sip:${extension}@ws`,
      startedAt: at(minAgo).toISOString(),
      answeredAt: answered ? at(minAgo).toISOString() : null,
      endedAt: at(minAgo - 1).toISOString(),
      status: answered ? 'answered' : 'no-answer',
    });
    const record = (callId: string, caller: string, callee: string, minAgo: number, legs: unknown[], talk = 0) => ({
      tenantId,
      callId,
      caller,
      callee,
      direction: caller.startsWith('1') && caller.length === 4 ? ('outbound' as const) : ('inbound' as const),
      startedAt: at(minAgo),
      answeredAt: talk ? at(minAgo) : null,
      endedAt: at(minAgo - 1),
      durationSec: 60,
      billedSec: talk,
      hangupCause: 'normal',
      hangupSide: 'caller',
      recordingPath: null,
      legs: legs as never,
      segments: [],
      customerId: null,
    });
    await records.upsertMany([
      // 1801's: taken, missed (802 took it), an outbound call, and yesterday's missed call (before `since`).
      record('c1', '13900000001', '4008001000', 50, [leg('1801', true, 50)], 30),
      record('c2', '13900000002', '4008001000', 40, [leg('1801', false, 40), leg('1802', true, 40)], 20),
      record('c3', '1801', '13900000003', 30, [], 45),
      record('c4', '13900000004', '4008001000', 60 * 30, [leg('1801', false, 60 * 30)]),
      // Only 1802's.
      record('c5', '13900000005', '4008001000', 20, [leg('1802', true, 20)], 10),
    ]);
    const since = encodeURIComponent(at(120).toISOString());
    const day = await agent.ok<{
      inbound: number;
      outbound: number;
      missed: number;
      lastCall: { number: string; direction: string; talkSec: number } | null;
      missedCalls: Array<{ number: string }>;
    }>('GET', `/api/agent/today?since=${since}`);
    expect(day).toMatchObject({
      inbound: 1,
      outbound: 1,
      missed: 1,
      lastCall: { number: '13900000003', direction: 'out', talkSec: 45 },
    });
    expect(day.missedCalls.map((m) => m.number)).toEqual(['13900000002']);
    const theirs = await other.ok<{ inbound: number; missed: number }>('GET', `/api/agent/today?since=${since}`);
    expect(theirs).toMatchObject({ inbound: 2, missed: 0 });
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
