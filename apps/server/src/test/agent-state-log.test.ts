import type { AgentState } from '@hujiao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, Session, type TestApp } from './harness.ts';

type Entry = {
  agentId: string;
  agentName: string;
  agentNo: string | null;
  fromState: string;
  state: string;
  reason: string | null;
  startedAt: string;
  endedAt: string | null;
  durationSec: number | null;
};
type Page = { items: Entry[]; total: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * 示忙示闲记录: an agent's changes through PUT /api/agent/state are written by the ACD runtime's state hook and read
 * back newest first with their reasons, ends and durations; filters; a team leader sees the team's agents only; an
 * agent without the permission gets 403; another enterprise sees nothing; the export is XLSX or CSV.
 */
describe('agent state log (示忙示闲记录)', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;
  let agent1: Session;
  let leader: Session;
  let agent1Id: string;
  let agent2Id: string;
  let tenantId: string;

  const user = async (s: Session, agentNo: string, code: string) => {
    const roles = await s.ok<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const role = roles.find((r) => r.code === code)?.id;
    return (
      await s.ok<{ id: string }>('POST', '/api/users', {
        agentNo,
        name: `坐席${agentNo}`,
        password: 'Agent#2026',
        roleIds: [role],
      })
    ).id;
  };
  const signIn = async (agentNo: string, account: string) => {
    const s = new Session(t.app);
    expect((await s.login('agent', `${agentNo}@${account}`, 'Agent#2026')).status).toBe(200);
    return s;
  };
  const log = async (s: Session, query = '') => {
    await t.services.agentStateLog.flush();
    return s.ok<Page>('GET', `/api/agent-state-log${query}`);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await platformAdmin(t);
    ({ admin: a, tenantId } = await createEnterprise(t, platform, 'state-log-a'));
    ({ admin: b } = await createEnterprise(t, platform, 'state-log-b'));
    agent1Id = await user(a, '8001', 'agent');
    agent2Id = await user(a, '8002', 'agent');
    const leaderId = await user(a, '8100', 'teamLeader');
    await a.ok('POST', '/api/teams', { name: '一组', leaderId, memberIds: [agent1Id] });
    await a.ok('POST', '/api/queues', {
      name: '售前',
      members: [
        { agentId: agent1Id, level: 1 },
        { agentId: agent2Id, level: 1 },
      ],
    });
    agent1 = await signIn('8001', 'state-log-a');
    leader = await signIn('8100', 'state-log-a');
  });
  afterAll(() => t?.close());

  it('writes every change of PUT /api/agent/state: newest first, with reasons, ends and durations', async () => {
    const set = (s: Session, state: string, reason?: string) =>
      s.ok<{ state: string; reason: string | null }>('PUT', '/api/agent/state', reason ? { state, reason } : { state });
    expect((await set(agent1, 'ready')).state).toBe('ready');
    expect(await set(agent1, 'busy', 'meal')).toMatchObject({ state: 'busy', reason: 'meal' });
    await sleep(1100);
    await set(agent1, 'ready');
    await set(agent1, 'logged-out');
    const agent2 = await signIn('8002', 'state-log-a');
    await set(agent2, 'busy', 'rest');

    const mine = await log(a, `?agentId=${agent1Id}`);
    expect(mine.total).toBe(4);
    expect(mine.items.map((e) => [e.fromState, e.state, e.reason])).toEqual([
      ['ready', 'logged-out', null],
      ['busy', 'ready', null],
      ['ready', 'busy', 'meal'],
      ['logged-out', 'ready', null],
    ]);
    expect(mine.items[0]).toMatchObject({ agentName: '坐席8001', agentNo: '8001', endedAt: null, durationSec: null });
    // Each state ends when the next begins; its duration is the whole seconds between.
    for (let i = 1; i < mine.items.length; i++) {
      const e = mine.items[i] as Entry;
      expect(e.endedAt).toBe(mine.items[i - 1]?.startedAt);
      const ms = Date.parse(e.endedAt as string) - Date.parse(e.startedAt);
      expect(e.durationSec).toBe(Math.round(ms / 1000));
    }
    expect(mine.items[2]?.durationSec).toBeGreaterThanOrEqual(1);

    const all = await log(a);
    expect(all.total).toBe(5);
    expect(all.items[0]).toMatchObject({ agentId: agent2Id, state: 'busy', reason: 'rest', endedAt: null });
  });

  it('filters by state, reason, agent, time range and pages', async () => {
    expect((await log(a, '?state=busy')).items.map((e) => e.reason).sort()).toEqual(['meal', 'rest']);
    expect((await log(a, '?reason=meal')).items).toHaveLength(1);
    expect((await log(a, `?reason=rest&agentId=${agent1Id}`)).total).toBe(0);
    expect((await log(a, '?keyword=8002')).total).toBe(1);
    const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
    expect((await log(a, `?from=${future}`)).total).toBe(0);
    expect((await log(a, `?to=${future}`)).total).toBe(5);
    const p2 = await log(a, '?page=2&pageSize=2');
    expect(p2).toMatchObject({ total: 5 });
    expect(p2.items).toHaveLength(2);
    const bad = await a.call<{ code: string }>('GET', '/api/agent-state-log?state=sleeping');
    expect(bad.status).toBe(400);
  });

  it("a team leader sees the team's agents only; an agent gets 403; another enterprise sees nothing", async () => {
    const led = await log(leader);
    expect(led.total).toBe(4);
    expect(new Set(led.items.map((e) => e.agentId))).toEqual(new Set([agent1Id]));
    expect((await log(leader, `?agentId=${agent2Id}`)).total).toBe(0);

    expect((await agent1.call('GET', '/api/agent-state-log')).status).toBe(403);
    expect((await agent1.call('GET', '/api/agent-state-log/export')).status).toBe(403);

    expect((await log(b)).total).toBe(0);
    expect((await log(b, `?agentId=${agent1Id}`)).total).toBe(0);
    const exported = await b.call<string>('GET', '/api/agent-state-log/export?format=csv');
    expect(exported.body.trim().split('\n')).toHaveLength(1);
  });

  it('exports XLSX and CSV with labels in the language asked, reasons by the dictionary', async () => {
    const xlsx = await a.call<string>('GET', '/api/agent-state-log/export');
    expect(xlsx.status).toBe(200);
    expect(xlsx.body.startsWith('PK')).toBe(true);

    const csv = await a.call<string>('GET', `/api/agent-state-log/export?format=csv&agentId=${agent1Id}`);
    expect(csv.status).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('工号,坐席,状态,置忙原因,上一状态,开始时间,结束时间,时长(秒),时长');
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatch(/^8001,坐席8001,置忙,就餐,空闲,/);

    const en = await a.call<string>('GET', '/api/agent-state-log/export?format=csv&state=busy&lang=en-US');
    expect(en.body).toContain('Busy reason');
    expect(en.body).toContain('Busy');
  });

  it('at start-up, states the previous process left open end, followed by a signed-out row', async () => {
    const closed = await t.services.agentStateLogRepo.closeInterrupted();
    expect(closed).toBe(1);
    const rows = await log(a, `?agentId=${agent2Id}`);
    expect(rows.items.map((e) => [e.fromState, e.state, e.endedAt === null])).toEqual([
      ['busy', 'logged-out', true],
      ['logged-out', 'busy', false],
    ]);
  });

  it("a burst of changes queued at once is written in one batch, each ended by the same agent's next one", async () => {
    // An hour from now: after every row the earlier tests left.
    const at = Math.floor(Date.now() / 1000) * 1000 + 3_600_000;
    const change = (agentId: string, from: AgentState, to: AgentState, sec: number, version: number) =>
      t.services.agentStateLog.record(tenantId, { agentId, from, to, at: at + sec * 1000, version });
    // Interleaved: agent 1 ready → busy → ready, agent 2 ready → logged-out, all before the writer runs.
    change(agent1Id, 'logged-out', 'ready', 0, 100);
    change(agent2Id, 'logged-out', 'ready', 1, 100);
    change(agent1Id, 'ready', 'busy', 30, 101);
    change(agent2Id, 'ready', 'logged-out', 91, 101);
    change(agent1Id, 'busy', 'ready', 75, 102);
    const range = `?from=${new Date(at - 1000).toISOString()}&to=${new Date(at + 600_000).toISOString()}`;
    const burst = (await log(a, range)).items;
    const rows = burst.map((e) => [e.agentId === agent1Id ? 1 : 2, e.state, e.durationSec]);
    expect(rows).toEqual([
      [2, 'logged-out', null],
      [1, 'ready', null],
      [1, 'busy', 45],
      [2, 'ready', 90],
      [1, 'ready', 30],
    ]);
  });
});
