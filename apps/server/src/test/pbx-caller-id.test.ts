import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository, AuditService } from '../modules/audit/index.ts';
import { CallerIdRepository, CallerIdService } from '../modules/caller-id/index.ts';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';
import { agentOf, detailsByPath, type ErrorBody } from './pbx-helpers.ts';

type CallerId = { id: string; number: string; status: string; verifiedBy: string | null; tenantName?: string };

describe('caller IDs (主叫号码) and their review by the platform operator', () => {
  let t: TestApp;
  let platform: Session;
  let a: Session;
  let b: Session;
  let tenantA: string;

  beforeAll(async () => {
    t = await createTestApp();
    platform = await platformAdmin(t);
    ({ admin: a, tenantId: tenantA } = await createEnterprise(t, platform, 'cid-a'));
    ({ admin: b } = await createEnterprise(t, platform, 'cid-b'));
  });
  afterAll(() => t?.close());

  it('adds numbers unverified, lets the platform operator verify or reject each once', async () => {
    const one = await a.ok<CallerId>('POST', '/api/caller-ids', { number: '02566668888', region: '025' });
    const two = await a.ok<CallerId>('POST', '/api/caller-ids', { number: '13912345678' });
    await b.ok('POST', '/api/caller-ids', { number: '01088886666' });
    expect(one).toMatchObject({ status: 'unverified', verifiedBy: null, region: '025' });
    const dup = await a.call<ErrorBody>('POST', '/api/caller-ids', { number: '02566668888' });
    expect(dup.body.error.code).toBe('CONFLICT');
    const bad = await a.call<ErrorBody>('POST', '/api/caller-ids', { number: '025-6666' });
    expect(detailsByPath(bad.body).number).toBe('号码须为数字(可带 + 前缀)');

    const queue = await platform.ok<{ items: CallerId[]; total: number }>(
      'GET',
      '/api/caller-id-reviews?status=unverified',
    );
    expect(queue.total).toBe(3);
    expect(queue.items.map((c) => c.tenantName).sort()).toEqual(['cid-a 企业', 'cid-a 企业', 'cid-b 企业']);
    const onlyA = await platform.ok<{ total: number }>('GET', `/api/caller-id-reviews?tenantId=${tenantA}`);
    expect(onlyA.total).toBe(2);

    const verified = await platform.ok<CallerId>('POST', `/api/caller-id-reviews/${one.id}`, { status: 'verified' });
    expect(verified).toMatchObject({ status: 'verified', verifiedBy: 'admin' });
    await platform.ok('POST', `/api/caller-id-reviews/${two.id}`, { status: 'rejected', comment: '非本企业号码' });
    const twice = await platform.call<ErrorBody>('POST', `/api/caller-id-reviews/${one.id}`, { status: 'rejected' });
    expect(twice.body.error.code).toBe('CALLER_ID_ALREADY_REVIEWED');
    expect(await t.services.callerIds.unverified(tenantA, ['02566668888', '13912345678'])).toEqual(['13912345678']);

    // A changed number needs verifying again; another field does not.
    await a.ok('PATCH', `/api/caller-ids/${one.id}`, { region: '南京' });
    expect((await a.ok<CallerId>('GET', `/api/caller-ids/${one.id}`)).status).toBe('verified');
    const renumbered = await a.ok<CallerId>('PATCH', `/api/caller-ids/${one.id}`, { number: '02566669999' });
    expect(renumbered).toMatchObject({ status: 'unverified', verifiedBy: null });
    const verifiedOnly = await a.ok<{ total: number }>('GET', '/api/caller-ids?status=rejected');
    expect(verifiedOnly.total).toBe(1);
  });

  it('keeps enterprises apart; enterprises cannot review, agents cannot see', async () => {
    const mine = await a.ok<{ items: CallerId[] }>('GET', '/api/caller-ids');
    expect(mine.items.map((c) => c.number).sort()).toEqual(['02566669999', '13912345678']);
    const id = mine.items[0]?.id as string;
    expect((await b.call('GET', `/api/caller-ids/${id}`)).status).toBe(404);
    expect((await b.call('DELETE', `/api/caller-ids/${id}`)).status).toBe(404);
    expect((await a.call('GET', '/api/caller-id-reviews')).status).toBe(403);
    expect((await a.call('POST', `/api/caller-id-reviews/${id}`, { status: 'verified' })).status).toBe(403);
    const agent = await agentOf(t, a, 'cid-a');
    expect((await agent.call('GET', '/api/caller-ids')).status).toBe(403);
    // The platform tenant's own caller-ID list is no call-center page.
    expect((await platform.call('GET', '/api/caller-ids')).status).toBe(403);
    await a.ok('DELETE', `/api/caller-ids/${id}`);
    expect((await a.ok<{ total: number }>('GET', '/api/caller-ids')).total).toBe(1);
  });

  it('verifies by voice code: the number is called with six digits, the right code verifies, wrong ones run out', async () => {
    const noVoice = await a.ok<CallerId>('POST', '/api/caller-ids', { number: '02588889999' });
    const unavailable = await a.call<ErrorBody>('POST', `/api/caller-ids/${noVoice.id}/voice-verification`);
    expect(unavailable.body.error).toMatchObject({ code: 'CALLER_ID_VOICE_UNAVAILABLE' });
    expect(unavailable.status).toBe(503);
    const early = await a.call<ErrorBody>('POST', `/api/caller-ids/${noVoice.id}/verify`, { code: '123456' });
    expect(early.body.error.code).toBe('CALLER_ID_NOT_VERIFYING');
    const badCode = await a.call<ErrorBody>('POST', `/api/caller-ids/${noVoice.id}/verify`, { code: '12a' });
    expect(detailsByPath(badCode.body).code).toBe('验证码为 6 位数字');

    // The service with a verification call that records what it would read out.
    const calls: Array<{ number: string; code: string }> = [];
    const service = new CallerIdService(
      new CallerIdRepository(t.database.db),
      new AuditService(new AuditRepository(t.database.db)),
      async () => [],
      { call: async (c) => void calls.push(c) },
    );
    const ctx = { tenantId: tenantA, userId: null, userName: null, ip: null };
    const started = await service.startVoiceVerification(ctx, noVoice.id);
    expect(started.status).toBe('verifying');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ number: '02588889999', code: expect.stringMatching(/^\d{6}$/) });
    const right = calls[0]?.code as string;
    const wrong = right === '000000' ? '111111' : '000000';
    await expect(service.verifyCode(ctx, noVoice.id, wrong)).rejects.toMatchObject({
      code: 'CALLER_ID_CODE_WRONG',
      params: { left: 4 },
    });
    const verified = await service.verifyCode(ctx, noVoice.id, right);
    expect(verified).toMatchObject({ status: 'verified', verifiedBy: 'voice' });
    expect(await service.unverified(tenantA, ['02588889999'])).toEqual([]);

    // Five wrong codes and the number is back to unverified; another tenant's id is not found.
    const other = await a.ok<CallerId>('POST', '/api/caller-ids', { number: '02577776666' });
    await service.startVoiceVerification(ctx, other.id);
    const code = calls[1]?.code as string;
    const miss = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await expect(service.verifyCode(ctx, other.id, miss)).rejects.toBeTruthy();
    expect((await a.ok<CallerId>('GET', `/api/caller-ids/${other.id}`)).status).toBe('unverified');
    await expect(service.verifyCode(ctx, other.id, code)).rejects.toMatchObject({ code: 'CALLER_ID_NOT_VERIFYING' });
    const otherCtx = { ...ctx, tenantId: (await b.ok<{ tenantId: string }>('GET', '/api/auth/me')).tenantId };
    await expect(service.startVoiceVerification(otherCtx, other.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
