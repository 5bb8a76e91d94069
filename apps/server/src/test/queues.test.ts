import { acdQueueConfig } from '@hujiao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';
import { agentOf, detailsByPath, type ErrorBody } from './pbx-helpers.ts';

type Member = { agentId: string; level: number; order: number; name: string; agentNo: string | null };
type QueueBody = {
  id: string;
  name: string;
  strategy: string;
  ringTimeoutSec: number;
  wrapUpSec: number;
  members: Member[];
  overflow: Record<string, unknown>;
  agentNoAnnouncement: string;
  agentNoPattern: string;
  redListPriority: boolean;
  mohClassId: string | null;
  enabled: boolean;
};

/**
 * 技能组管理 through the API: queues with members of the enterprise, validation in Chinese, overflow targets and
 * music on hold of the tenant only, permissions, a queue as inbound-route and IVR destination (kept while used),
 * audit entries, and the configuration the ACD engine reads.
 */
describe('queues (技能组) through the API', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;
  let tenantA: string;
  let agent1: string;
  let agent2: string;
  let agentB: string;
  let queueId: string;

  const user = async (s: Session, agentNo: string) => {
    const roles = await s.ok<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const role = roles.find((r) => r.code === 'agent')?.id;
    const u = await s.ok<{ id: string }>('POST', '/api/users', {
      agentNo,
      name: `坐席${agentNo}`,
      password: 'Agent#2026',
      roleIds: [role],
    });
    return u.id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await platformAdmin(t);
    ({ admin: a, tenantId: tenantA } = await createEnterprise(t, platform, 'queue-a'));
    ({ admin: b } = await createEnterprise(t, platform, 'queue-b'));
    await a.ok('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' });
    agent1 = await user(a, '8001');
    agent2 = await user(a, '8002');
    agentB = await user(b, '9001');
  });
  afterAll(() => t?.close());

  it('creates a queue with two members by level, defaults from the ACD schema, and lists it', async () => {
    const q = await a.ok<QueueBody>('POST', '/api/queues', {
      name: '售前',
      strategy: 'longest-idle',
      members: [
        { agentId: agent2, level: 2 },
        { agentId: agent1, level: 1 },
      ],
      overflow: { timeout: { kind: 'voicemail', box: '1001' } },
      maxWaitSec: 120,
      agentNoAnnouncement: 'random',
      agentNoPattern: '8??',
      redListPriority: true,
    });
    queueId = q.id;
    expect(q).toMatchObject({
      name: '售前',
      strategy: 'longest-idle',
      ringTimeoutSec: 20,
      wrapUpSec: 0,
      agentNoAnnouncement: 'random',
      agentNoPattern: '8??',
      redListPriority: true,
      mohClassId: null,
      enabled: true,
      overflow: { timeout: { kind: 'voicemail', box: '1001' } },
    });
    expect(q.members.map((m) => [m.agentNo, m.level, m.name])).toEqual([
      ['8001', 1, '坐席8001'],
      ['8002', 2, '坐席8002'],
    ]);
    const list = await a.ok<{ items: QueueBody[]; total: number }>('GET', '/api/queues?keyword=售');
    expect(list.total).toBe(1);
    expect(list.items[0]?.members).toHaveLength(2);
    const dup = await a.call<ErrorBody>('POST', '/api/queues', { name: '售前' });
    expect(dup.status).toBe(409);
  });

  it('explains wrong fields in Chinese (and in English when asked)', async () => {
    const bad = await a.call<ErrorBody>('POST', '/api/queues', {
      name: '',
      ringTimeoutSec: 2,
      agentNoPattern: '8ab',
      members: [{ agentId: agent1 }, { agentId: agent1 }],
      overflow: { empty: { kind: 'external', number: '12ab' } },
    });
    expect(bad.status).toBe(400);
    const by = detailsByPath(bad.body);
    expect(by.name).toBe('此项为必填项');
    expect(by.ringTimeoutSec).toMatch(/5/);
    expect(by.agentNoPattern).toBe('随机工号为 1-8 位数字和 ?(? 为随机数字),至少一个 ?,如 8??');
    expect(by['members.1.agentId']).toBe('同一坐席不能重复加入');
    expect(by['overflow.empty.number']).toBe('号码须为数字(可带 + 前缀)');
    const en = await a.call<ErrorBody>(
      'POST',
      '/api/queues',
      { name: 'x', agentNoPattern: '888' },
      {
        'accept-language': 'en-US',
      },
    );
    expect(detailsByPath(en.body).agentNoPattern).toContain('at least one ?');
  });

  it('takes members, overflow targets and music on hold of the enterprise only', async () => {
    const foreign = await a.call<ErrorBody>('POST', '/api/queues', {
      name: '借人',
      members: [{ agentId: agent1 }, { agentId: agentB }],
    });
    expect(foreign.body.error.code).toBe('VALIDATION_FAILED');
    expect(detailsByPath(foreign.body)).toEqual({ 'members.1.agentId': '坐席不存在或不属于本企业' });
    const badTargets = await a.call<ErrorBody>('POST', '/api/queues', {
      name: '错目的地',
      mohClassId: '00000000-0000-4000-8000-000000000000',
      overflow: {
        timeout: { kind: 'extension', number: '1999' },
        full: { kind: 'queue', queueId: '00000000-0000-4000-8000-000000000001' },
      },
    });
    expect(detailsByPath(badTargets.body)).toEqual({
      mohClassId: '所选保持音乐不存在或不属于本企业',
      'overflow.timeout': '溢出目的地不存在',
      'overflow.full': '溢出目的地不存在',
    });
    const self = await a.call<ErrorBody>('PATCH', `/api/queues/${queueId}`, {
      overflow: { full: { kind: 'queue', queueId } },
    });
    expect(detailsByPath(self.body)).toEqual({ 'overflow.full': '不能溢出到本技能组' });
    // Another enterprise neither sees nor changes the queue.
    expect((await b.call('GET', `/api/queues/${queueId}`)).status).toBe(404);
    expect((await b.call('PATCH', `/api/queues/${queueId}`, { name: 'x' })).status).toBe(404);
    expect((await b.call('DELETE', `/api/queues/${queueId}`)).status).toBe(404);
    expect((await b.ok<{ total: number }>('GET', '/api/queues')).total).toBe(0);
  });

  it('changes only what a PATCH names; members replace the list', async () => {
    const q = await a.ok<QueueBody>('PATCH', `/api/queues/${queueId}`, {
      wrapUpSec: 15,
      members: [{ agentId: agent2, level: 1, order: 1 }],
    });
    expect(q).toMatchObject({ strategy: 'longest-idle', wrapUpSec: 15, redListPriority: true, name: '售前' });
    expect(q.members.map((m) => m.agentNo)).toEqual(['8002']);
    const back = await a.ok<QueueBody>('PATCH', `/api/queues/${queueId}`, {
      members: [
        { agentId: agent1, level: 1 },
        { agentId: agent2, level: 2 },
      ],
    });
    expect(back.members.map((m) => [m.agentNo, m.level])).toEqual([
      ['8001', 1],
      ['8002', 2],
    ]);
  });

  it('lets inbound routes and IVR keys lead to queues of the enterprise only, and keeps a queue in use', async () => {
    const foreign = await b.call<ErrorBody>('POST', '/api/inbound-routes', {
      name: '借队列',
      didPattern: '4001',
      destination: { kind: 'queue', queueId },
    });
    expect(foreign.body.error.code).toBe('DESTINATION_NOT_FOUND');
    await a.ok('POST', '/api/inbound-routes', {
      name: '客服热线',
      didPattern: '4008001',
      destination: { kind: 'queue', queueId },
    });
    const menu = (id: string) => ({
      name: '前台',
      prompt: { kind: 'system', name: 'please-choose' },
      keys: [{ key: '1', action: { type: 'destination', destination: { kind: 'queue', queueId: id } } }],
    });
    const noQueue = await b.call<ErrorBody>('POST', '/api/ivr', { name: '前台', tree: menu(queueId) });
    expect(detailsByPath(noQueue.body)['tree.keys.0.action.destination.queueId']).toBe('技能组不存在');
    await a.ok('POST', '/api/ivr', { name: '前台', tree: menu(queueId) });
    const spare = await a.ok<QueueBody>('POST', '/api/queues', {
      name: '售后',
      overflow: { timeout: { kind: 'queue', queueId } },
    });
    const inUse = await a.call<ErrorBody>('DELETE', `/api/queues/${queueId}`);
    expect(inUse.body.error).toMatchObject({
      code: 'QUEUE_IN_USE',
      message: '该技能组仍被 客服热线, IVR 前台, 售后 使用,不能删除',
    });
    await a.ok('DELETE', `/api/queues/${spare.id}`);
    expect((await a.call('GET', `/api/queues/${spare.id}`)).status).toBe(404);
  });

  it('needs queue:view / queue:manage; the enterprise admin holds them, an agent does not', async () => {
    const roles = await a.ok<Array<{ code: string | null; permissions: string[] }>>('GET', '/api/roles');
    const admin = roles.find((r) => r.code === 'enterpriseAdmin');
    expect(admin?.permissions).toEqual(expect.arrayContaining(['queue:view', 'queue:manage']));
    const agent = await agentOf(t, a, 'queue-a', '8009');
    expect((await agent.call('GET', '/api/queues')).status).toBe(403);
    expect((await agent.call('POST', '/api/queues', { name: '坐席建的' })).status).toBe(403);
  });

  it('records every change in the operation log', async () => {
    const log = await a.ok<{ items: Array<{ module: string; action: string; summary: string }> }>(
      'GET',
      '/api/audit-logs?pageSize=100',
    );
    const entries = log.items.filter((e) => e.module === 'queue');
    expect(entries.map((e) => e.action).sort()).toEqual(['create', 'create', 'delete', 'update', 'update']);
    expect(entries.map((e) => e.summary)).toContainEqual(
      expect.stringContaining('新增了技能组 售前：成员 坐席8002、坐席8001'),
    );
  });

  it('hands the ACD engine configurations its schema accepts, enabled queues only', async () => {
    const setups = await t.services.queues.acdQueues(tenantA);
    expect(setups).toHaveLength(1);
    const [setup] = setups;
    expect(acdQueueConfig.parse(setup?.config)).toEqual(setup?.config);
    expect(setup).toMatchObject({ name: '售前', agentNoAnnouncement: 'random', redListPriority: true });
    expect(setup?.config.members).toEqual([
      { agentId: agent1, level: 1, order: 0 },
      { agentId: agent2, level: 2, order: 0 },
    ]);
    await a.ok('PATCH', `/api/queues/${queueId}`, { enabled: false });
    expect(await t.services.queues.acdQueues(tenantA)).toEqual([]);
  });

  it('offers busy reasons (示忙原因) as the dictionary type busyReason', async () => {
    const types = await a.ok<Array<{ code: string; items: Array<{ value: string; label: string; sort: number }> }>>(
      'GET',
      '/api/dictionaries',
    );
    const reasons = types.find((x) => x.code === 'busyReason')?.items.map((i) => i.label);
    expect(reasons).toEqual(['小休', '就餐', '会议', '培训', '整理', '其他']);
  });
});
