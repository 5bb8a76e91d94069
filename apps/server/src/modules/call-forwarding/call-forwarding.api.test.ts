import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from '../../test/harness.ts';
import { agentOf, detailsByPath, type ErrorBody } from '../../test/pbx-helpers.ts';

type Fwd = {
  extensionId: string;
  number: string;
  unconditional: string | null;
  busy: string | null;
  noAnswer: string | null;
  noAnswerSec: number;
  updatedAt: string | null;
};

describe('call forwarding API (转移设置)', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;
  let tenantA: string;
  let ext1001 = '';
  let ext1002 = '';
  let extB = '';

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await platformAdmin(t);
    ({ admin: a, tenantId: tenantA } = await createEnterprise(t, platform, 'fwd-a'));
    ({ admin: b } = await createEnterprise(t, platform, 'fwd-b'));
    ext1001 = (await a.ok<{ id: string }>('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' })).id;
    ext1002 = (await a.ok<{ id: string }>('POST', '/api/extensions', { number: '1002', password: 'SipPass#1002' })).id;
    extB = (await b.ok<{ id: string }>('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' })).id;
  });
  afterAll(() => t?.close());

  it('reads the defaults, saves each mode, and routing reads it by number; audited', async () => {
    const empty = await a.ok<Fwd>('GET', `/api/extensions/${ext1002}/forwarding`);
    expect(empty).toMatchObject({ number: '1002', unconditional: null, busy: null, noAnswer: null, noAnswerSec: 20 });
    expect(empty.updatedAt).toBeNull();

    const saved = await a.ok<Fwd>('PUT', `/api/extensions/${ext1002}/forwarding`, {
      busy: '1001',
      noAnswer: '13800138000',
      noAnswerSec: 5,
    });
    expect(saved).toMatchObject({ unconditional: null, busy: '1001', noAnswer: '13800138000', noAnswerSec: 5 });
    expect(await a.ok<Fwd>('GET', `/api/extensions/${ext1002}/forwarding`)).toEqual(saved);
    expect(await t.services.callForwarding.ruleFor(tenantA, '1002')).toEqual({
      unconditional: null,
      busy: '1001',
      noAnswer: '13800138000',
      noAnswerSec: 5,
    });
    // Saving again replaces the row (off = null).
    await a.ok('PUT', `/api/extensions/${ext1002}/forwarding`, { unconditional: '1001' });
    expect(await t.services.callForwarding.ruleFor(tenantA, '1002')).toMatchObject({
      unconditional: '1001',
      busy: null,
      noAnswer: null,
    });

    const audit = await a.ok<{ items: Array<{ module: string; targetId: string; summary: string }> }>(
      'GET',
      '/api/audit-logs?module=callForwarding',
    );
    const entries = audit.items.filter((e) => e.module === 'callForwarding' && e.targetId === ext1002);
    expect(entries).toHaveLength(2);
    expect(entries[0]?.summary).toContain('修改了转移设置 1002');
  });

  it('validates: seconds 5-120, a target of digits, an extension of the enterprise, not itself', async () => {
    const url = `/api/extensions/${ext1001}/forwarding`;
    const tooShort = await a.call<ErrorBody>('PUT', url, { noAnswer: '1002', noAnswerSec: 4 });
    expect(tooShort.status).toBe(400);
    expect(detailsByPath(tooShort.body).noAnswerSec).toMatch(/at least 5|5/);
    expect((await a.call('PUT', url, { noAnswer: '1002', noAnswerSec: 121 })).status).toBe(400);
    expect((await a.call('PUT', url, { busy: 'sip:x@y' })).status).toBe(400);
    const unknown = await a.call<ErrorBody>('PUT', url, { busy: '1999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('FORWARDING_TARGET_INVALID');
    const self = await a.call<ErrorBody>('PUT', url, { unconditional: '1001' });
    expect(self.body.error.code).toBe('FORWARDING_TARGET_SELF');
    // The en-US message.
    const en = await a.call<ErrorBody>('PUT', url, { busy: '1999' }, { 'accept-language': 'en-US' });
    expect(en.body.error.message).toMatch(/extension of the enterprise or a phone number/);
  });

  it('keeps enterprises apart: another enterprise’s extension is not found, nor its forwarding read', async () => {
    expect((await a.call('GET', `/api/extensions/${extB}/forwarding`)).status).toBe(404);
    expect((await a.call('PUT', `/api/extensions/${extB}/forwarding`, { busy: '1002' })).status).toBe(404);
    // B's 1001 has no forwarding although A's 1002 has some: the look-up is per enterprise.
    await b.ok('PUT', `/api/extensions/${extB}/forwarding`, { noAnswer: '13900139000' });
    const b1001 = await b.ok<Fwd>('GET', `/api/extensions/${extB}/forwarding`);
    expect(b1001.noAnswer).toBe('13900139000');
    expect((await a.ok<Fwd>('GET', `/api/extensions/${ext1001}/forwarding`)).noAnswer).toBeNull();
  });

  it('needs extension:manage to set; an agent sets only the forwarding of their own extension', async () => {
    const agent = await agentOf(t, a, 'fwd-a', '8001');
    expect((await agent.call('GET', `/api/extensions/${ext1001}/forwarding`)).status).toBe(403);
    expect((await agent.call('PUT', `/api/extensions/${ext1001}/forwarding`, { busy: '1002' })).status).toBe(403);
    expect(await agent.ok<Fwd[]>('GET', '/api/me/forwarding')).toEqual([]);
    expect((await agent.call('PUT', `/api/me/forwarding/${ext1001}`, { busy: '1002' })).status).toBe(404);

    const users = await a.ok<{ items: Array<{ id: string; agentNo: string | null }> }>(
      'GET',
      '/api/users?keyword=8001',
    );
    const userId = users.items.find((u) => u.agentNo === '8001')?.id;
    expect(userId).toBeTruthy();
    await a.ok('PATCH', `/api/extensions/${ext1001}`, { userId });
    const own = await agent.ok<Fwd[]>('GET', '/api/me/forwarding');
    expect(own.map((f) => f.number)).toEqual(['1001']);
    const set = await agent.ok<Fwd>('PUT', `/api/me/forwarding/${ext1001}`, { noAnswer: '1002', noAnswerSec: 15 });
    expect(set).toMatchObject({ noAnswer: '1002', noAnswerSec: 15 });
    // Still not another's extension.
    expect((await agent.call('PUT', `/api/me/forwarding/${ext1002}`, { busy: '1001' })).status).toBe(404);
    expect((await agent.call('PUT', `/api/me/forwarding/${extB}`, { busy: '1001' })).status).toBe(404);
  });

  it('goes with its extension when the extension is deleted', async () => {
    const e = (await a.ok<{ id: string }>('POST', '/api/extensions', { number: '1003', password: 'SipPass#1003' })).id;
    await a.ok('PUT', `/api/extensions/${e}/forwarding`, { busy: '1001' });
    await a.ok('DELETE', `/api/extensions/${e}`);
    expect(await t.services.callForwarding.ruleFor(tenantA, '1003')).toBeNull();
  });

  it('an IVR key to an extension with forwarding compiles to its forwarding (the menu read again after a change)', async () => {
    await a.ok('PUT', `/api/extensions/${ext1002}/forwarding`, { unconditional: null, busy: '1001' });
    const ivr = await a.ok<{ id: string }>('POST', '/api/ivr', {
      name: '总机',
      tree: {
        name: '主菜单',
        prompt: { kind: 'system', name: 'please-choose' },
        keys: [{ key: '1', action: { type: 'destination', destination: { kind: 'extension', number: '1002' } } }],
        timeoutSec: 10,
      },
    });
    const text = JSON.stringify(await t.services.ivr.flow(tenantA, ivr.id));
    // 1002 rings with its status kept, and on busy 1001 is dialled.
    expect(text).toContain('"into":"fwd1"');
    expect(text).toContain('{"extension":"1001"}');
    await a.ok('PUT', `/api/extensions/${ext1002}/forwarding`, { busy: null });
    const plain = JSON.stringify(await t.services.ivr.flow(tenantA, ivr.id));
    expect(plain).not.toContain('fwd1');
    expect(plain).toContain('{"extension":"1002"}');
  });
});
