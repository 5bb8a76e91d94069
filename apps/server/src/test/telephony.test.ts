import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RegistrationView, SwitchCommand } from '@hujiao/shared';
import { digestHash } from '@hujiao/sip';
import type { Switch } from '@hujiao/switch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRecordOf, createEnterprise, createTestApp, platformAdmin, Session, type TestApp } from './harness.ts';

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

describe('extensions and call records', () => {
  let t: TestApp;
  let admin: Session;
  let tenantId: string;

  /** What the fake switch reports as registered. */
  const registrations: RegistrationView[] = [];
  const fakeSwitch = async () =>
    // Only what the server reads of a switch here (registrations, close); the rest is not called.
    ({
      ports: { udp: 0, tcp: 0, ws: null, wss: null },
      registrations: (tid?: string) => registrations.filter((r) => !tid || r.tenantId === tid),
      calls: () => [],
      execute: async (command: SwitchCommand) => ({ ok: true, callId: `fake-${command.command}` }),
      close: async () => {},
    }) as unknown as Switch;

  beforeAll(async () => {
    t = await createTestApp({}, { createSwitch: fakeSwitch });
    ({ admin, tenantId } = await createEnterprise(t, await platformAdmin(t), 'tel'));
  });
  afterAll(() => t?.close());

  it('stores only digest HA1s for realm = enterprise account, and explains bad input', async () => {
    const ext = await admin.ok<{ id: string; number: string; registered: boolean }>('POST', '/api/extensions', {
      number: '1001',
      password: 'SipPass#1001',
      displayName: '前台',
    });
    expect(ext).toMatchObject({ number: '1001', registered: false });
    const row = await t.services.extensions.findForSwitch(tenantId, '1001');
    expect(row?.ha1Md5).toBe(digestHash('MD5', '1001:tel:SipPass#1001'));
    expect(row?.ha1Sha256).toBe(digestHash('SHA-256', '1001:tel:SipPass#1001'));
    expect(JSON.stringify(row)).not.toContain('SipPass#1001');

    const bad = await admin.call<ErrorBody>('POST', '/api/extensions', { number: '1a', password: 'short' });
    const byPath = Object.fromEntries((bad.body.error.details ?? []).map((d) => [d.path, d.message]));
    expect(byPath.number).toBe('分机号须为 3-8 位数字');
    expect(byPath.password).toBeTruthy();
    const dup = await admin.call<ErrorBody>('POST', '/api/extensions', { number: '1001', password: 'SipPass#1002' });
    expect(dup.body.error.message).toBe('分机号 已被使用');
    const renumber = await admin.call<ErrorBody>('PATCH', `/api/extensions/${ext.id}`, { number: '1009' });
    expect(renumber.body.error.code).toBe('EXTENSION_PASSWORD_REQUIRED');
    const settings = await admin.ok<{ domain: string }>('GET', '/api/sip-settings');
    expect(settings.domain).toBe('tel');
  });

  it('shows live registrations from the switch, none before it starts', async () => {
    const offline = await admin.ok<{ items: Array<{ number: string }> }>('GET', '/api/extensions?registered=true');
    expect(offline.items).toEqual([]);
    registrations.push({
      tenantId,
      extension: '1001',
      contact: 'sip:1001@10.0.0.5:5062',
      source: '10.0.0.5:5062',
      transport: 'udp',
      userAgent: 'baresip',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const hangup: SwitchCommand = { command: 'hangup', callId: 'c1' };
    expect(await t.services.telephony.execute(hangup)).toMatchObject({ ok: false, error: 'failed' });
    await t.services.telephony.start();
    expect(t.services.telephony.running).toBe(true);
    expect(await t.services.telephony.execute(hangup)).toEqual({ ok: true, callId: 'fake-hangup' });
    const online = await admin.ok<{ items: Array<{ number: string; registered: boolean; contacts: unknown[] }> }>(
      'GET',
      '/api/extensions?registered=true',
    );
    expect(online.items.map((e) => e.number)).toEqual(['1001']);
    expect(online.items[0]?.contacts).toEqual([
      {
        uri: 'sip:1001@10.0.0.5:5062',
        source: '10.0.0.5:5062',
        transport: 'udp',
        userAgent: 'baresip',
        expiresAt: registrations[0]?.expiresAt,
      },
    ]);
    await t.services.telephony.stop();
    expect(t.services.telephony.running).toBe(false);
    expect((await admin.ok<{ items: unknown[] }>('GET', '/api/extensions?registered=true')).items).toEqual([]);
  });

  it('lists call records with filters and streams recordings only with the permissions', async () => {
    const dir = path.join(t.services.callRecords.recordingsDirForTests(), tenantId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'rec-1.wav'), Buffer.from('RIFF....WAVEfmt '));
    await t.services.callRecords.write(callRecordOf(tenantId, 'c1', { recordingPath: `${tenantId}/rec-1.wav` }));
    await t.services.callRecords.write(
      callRecordOf(tenantId, 'c2', {
        caller: '1002',
        callee: '1003',
        answeredAt: null,
        billedSec: 0,
        hangupCause: 'noAnswer',
      }),
    );
    await t.services.callRecords.write(callRecordOf(tenantId, 'evil', { recordingPath: '../../etc/passwd' }));

    const answered = await admin.ok<{
      items: Array<{ id: string; callId: string; hasRecording: boolean }>;
      total: number;
    }>('GET', '/api/call-records?answered=true&caller=1001');
    expect(answered.items.map((r) => r.callId).sort()).toEqual(['c1', 'evil']);
    const missed = await admin.ok<{ items: Array<{ callId: string }> }>('GET', '/api/call-records?answered=false');
    expect(missed.items.map((r) => r.callId)).toEqual(['c2']);

    const c1 = answered.items.find((r) => r.callId === 'c1');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/call-records/${c1?.id}/recording`,
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.body.startsWith('RIFF')).toBe(true);
    const evil = answered.items.find((r) => r.callId === 'evil');
    const escaped = await admin.call<ErrorBody>('GET', `/api/call-records/${evil?.id}/recording`);
    expect(escaped.body.error.code).toBe('RECORDING_MISSING');

    // A role that may see records but not listen or download.
    const role = await admin.ok<{ id: string }>('POST', '/api/roles', {
      name: '只看记录',
      permissions: ['callRecord:view', 'callRecord:viewAll'], // every call of the tenant, not only its own
    });
    await admin.ok('POST', '/api/users', {
      agentNo: '301',
      name: '看记录',
      password: 'Agent#2026',
      roleIds: [role.id],
    });
    const viewer = new Session(t.app);
    await viewer.login('agent', '301@tel', 'Agent#2026');
    expect((await viewer.call('GET', `/api/call-records/${c1?.id}`)).status).toBe(200);
    expect((await viewer.call('GET', `/api/call-records/${c1?.id}/recording`)).status).toBe(403);
    await admin.ok('PATCH', `/api/roles/${role.id}`, {
      permissions: ['callRecord:view', 'callRecord:viewAll', 'callRecord:listen'],
    });
    expect((await viewer.call('GET', `/api/call-records/${c1?.id}/recording`)).status).toBe(200);
    expect((await viewer.call('GET', `/api/call-records/${c1?.id}/recording?download=1`)).status).toBe(403);
  });
});
