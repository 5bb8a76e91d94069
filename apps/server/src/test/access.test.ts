import { AUTHENTICATED, PUBLIC } from '@hujiao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VoiceFileRepository } from '../modules/voice-file/index.ts';
import { VoicemailRepository } from '../modules/voicemail/index.ts';
import { importFile } from './crm-helpers.ts';
import { callRecordOf, createEnterprise, createTestApp, platformAdmin, Session, type TestApp } from './harness.ts';

/**
 * Walks every registered /api route: without a session it is refused (401), without its permission it is
 * refused (403), and with tenant B's ids a tenant A admin gets 404 (or 403 for platform-only routes).
 */
describe('access control on every route', () => {
  let t: TestApp;
  let adminA: Session;
  let adminB: Session;
  let noPermA: Session;
  const b: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await platformAdmin(t);
    ({ admin: adminA } = await createEnterprise(t, platform, 'tenant-a'));
    const eb = await createEnterprise(t, platform, 'tenant-b');
    adminB = eb.admin;
    b.tenant = eb.tenantId;
    b.department = (await adminB.ok<{ id: string }>('POST', '/api/departments', { name: '销售部' })).id;
    b.role = (await adminB.ok<{ id: string }>('POST', '/api/roles', { name: '外呼', permissions: ['user:view'] })).id;
    b.user = (
      await adminB.ok<{ id: string }>('POST', '/api/users', {
        agentNo: '8001',
        name: '乙坐席',
        password: 'Agent#2026',
        roleIds: [b.role],
        departmentId: b.department,
      })
    ).id;
    b.team = (await adminB.ok<{ id: string }>('POST', '/api/teams', { name: '一组', memberIds: [b.user] })).id;
    b.group = (await adminB.ok<{ id: string }>('POST', '/api/user-groups', { name: '夜班', memberIds: [b.user] })).id;
    b.token = (await adminB.ok<{ id: string }>('POST', '/api/auth/tokens', { name: 'crm' })).id;
    b.extension = (
      await adminB.ok<{ id: string }>('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' })
    ).id;
    b.dictionary = (await adminB.ok<{ id: string }>('POST', '/api/dictionaries', { code: 'level', name: '等级' })).id;
    b.dictionaryItem = (
      await adminB.ok<{ id: string }>('POST', `/api/dictionaries/${b.dictionary}/items`, { value: 'A', label: 'A' })
    ).id;
    b.customField = (
      await adminB.ok<{ id: string }>('POST', '/api/custom-fields', { key: 'note2', label: '备注2', type: 'text' })
    ).id;
    b.customer = (
      await adminB.ok<{ id: string }>('POST', '/api/customers', { name: '乙客户', phones: [{ number: '13800000001' }] })
    ).id;
    b.blacklist = (await adminB.ok<{ id: string }>('POST', '/api/blacklist', { number: '13800000002' })).id;
    // PBX configuration (IP trunk: no password, so no key file is made).
    b.trunk = (
      await adminB.ok<{ id: string }>('POST', '/api/trunks', {
        name: '乙中继',
        kind: 'ip',
        host: '10.9.0.1',
        peers: ['10.9.0.1'],
      })
    ).id;
    b.trunkGroup = (
      await adminB.ok<{ id: string }>('POST', '/api/trunk-groups', { name: '乙组', trunkIds: [b.trunk] })
    ).id;
    b.timeGroup = (await adminB.ok<{ id: string }>('POST', '/api/time-groups', { name: '乙时间' })).id;
    b.inboundRoute = (
      await adminB.ok<{ id: string }>('POST', '/api/inbound-routes', {
        name: '乙呼入',
        didPattern: '02566668888',
        destination: { kind: 'extension', number: '1001' },
      })
    ).id;
    b.outboundRoute = (
      await adminB.ok<{ id: string }>('POST', '/api/outbound-routes', {
        name: '乙呼出',
        dialPatterns: [{ prefix: '9', match: 'X.' }],
        trunkIds: [b.trunk],
      })
    ).id;
    b.numberList = (
      await adminB.ok<{ id: string }>('POST', '/api/number-lists', { list: 'black', number: '13800000009' })
    ).id;
    b.callerId = (await adminB.ok<{ id: string }>('POST', '/api/caller-ids', { number: '02566668888' })).id;
    b.importJob = (await importFile(t, adminB, { name: 'b.csv', content: '电话,姓名\n13800000003,乙导入\n' })).job.id;
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    b.followUp = (
      await adminB.ok<{ id: string }>('POST', `/api/customers/${b.customer}/follow-ups`, { type: 'phone' })
    ).id;
    b.appointment = (
      await adminB.ok<{ id: string }>('POST', '/api/appointments', { customerId: b.customer, at: soon })
    ).id;
    b.opportunity = (
      await adminB.ok<{ id: string }>('POST', '/api/opportunities', {
        customerId: b.customer,
        name: '商机',
        stage: 'initial',
      })
    ).id;
    b.ticket = (await adminB.ok<{ id: string }>('POST', '/api/tickets', { type: 'consult', title: '乙工单' })).id;
    b.order = (await adminB.ok<{ id: string }>('POST', '/api/order-verifications', { customerId: b.customer })).id;
    await t.services.callRecords.write(callRecordOf(b.tenant, 'b-call-1'));
    const bRecords = await adminB.ok<{ items: Array<{ id: string }> }>('GET', '/api/call-records');
    b.callRecord = bRecords.items[0]?.id as string;
    // 语音信箱: a group box and a message of tenant B (the row only: its routes answer 404 before any file is read).
    b.voicemailGroup = (await adminB.ok<{ id: string }>('POST', '/api/voicemail/groups', { name: 'sales' })).id;
    b.voicemailMessage = (
      await new VoicemailRepository(t.database.db).insertMessage({
        tenantId: b.tenant,
        box: '1001',
        caller: '13800000004',
        callerName: null,
        callId: 'b-vm-1',
        filePath: 'voicemail/b-vm-1.wav',
        durationMs: 1000,
      })
    ).id;

    // 语音文件 (the row only: its routes answer 404 before any file is read) and 保持音乐 of tenant B.
    const vfKey = '00000000-0000-4000-8000-0000000000f1';
    b.voiceFile = (
      await new VoiceFileRepository(t.database.db).insert({
        tenantId: b.tenant,
        name: '乙语音',
        usage: 'ivr',
        status: 'approved',
        durationMs: 1000,
        sizeBytes: 16044,
        storageKey: `${b.tenant}/${vfKey}.wav`,
        originalKey: `${b.tenant}/${vfKey}.orig.wav`,
        originalName: 'b.wav',
        originalFormat: 'wav',
        originalDescription: 'WAV PCM 16-bit 8000 Hz 1 ch',
        originalSize: 16044,
      })
    ).id;
    b.mohClass = (
      await adminB.ok<{ id: string }>('POST', '/api/moh-classes', { name: '乙保持音乐', fileIds: [b.voiceFile] })
    ).id;
    b.ivr = (
      await adminB.ok<{ id: string }>('POST', '/api/ivr', {
        name: '乙总机',
        tree: {
          name: '主菜单',
          prompt: { kind: 'system', name: 'please-choose' },
          keys: [{ key: '0', action: { type: 'destination', destination: { kind: 'hangup' } } }],
        },
      })
    ).id;
    b.queue = (await adminB.ok<{ id: string }>('POST', '/api/queues', { name: '乙技能组' })).id;

    const emptyRole = await adminA.ok<{ id: string }>('POST', '/api/roles', { name: '无权限', permissions: [] });
    await adminA.ok('POST', '/api/users', {
      username: 'noperm',
      name: '无权限',
      password: 'Noperm#2026',
      roleIds: [emptyRole.id],
    });
    noPermA = new Session(t.app);
    expect((await noPermA.login('account', 'noperm', 'Noperm#2026')).status).toBe(200);
  });
  afterAll(() => t?.close());

  const fill = (url: string, id: string) => url.replace(':id', id).replace(':version', '1');
  const zero = '00000000-0000-4000-8000-000000000000';

  it('has registered the routes of every module', () => {
    const urls = new Set(t.routes.map((r) => r.url));
    for (const u of [
      '/api/tenants',
      '/api/users',
      '/api/roles',
      '/api/departments',
      '/api/teams',
      '/api/user-groups',
      '/api/audit-logs',
      '/api/auth/login',
    ]) {
      expect(urls.has(u)).toBe(true);
    }
    expect(t.routes.length).toBeGreaterThan(30);
  });

  it('refuses every non-public route without a session (401)', async () => {
    const anon = new Session(t.app);
    for (const r of t.routes.filter((r) => r.permission !== PUBLIC)) {
      const res = await anon.call(r.method, fill(r.url, zero), {});
      expect(res.status, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('refuses every permission-guarded route to a user without that permission (403)', async () => {
    const guarded = t.routes.filter((r) => r.permission !== PUBLIC && r.permission !== AUTHENTICATED);
    expect(guarded.length).toBeGreaterThan(25);
    for (const r of guarded) {
      const res = await noPermA.call<{ error: { code: string } }>(r.method, fill(r.url, zero), {});
      expect(res.status, `${r.method} ${r.url}`).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it("gives tenant A's admin 404/403 for every route that names one of tenant B's resources", async () => {
    const kinds: Array<[prefix: string, kind: string, body?: unknown]> = [
      ['/api/tenants/:id', 'tenant', { name: 'x' }],
      ['/api/departments/:id', 'department', { name: '改名' }],
      ['/api/roles/:id', 'role', { description: '改' }],
      ['/api/users/:id/reset-password', 'user', { password: 'Hacked#2026' }],
      ['/api/users/:id', 'user', { name: '改名' }],
      ['/api/teams/:id', 'team', { description: '改' }],
      ['/api/user-groups/:id', 'group', { description: '改' }],
      ['/api/auth/tokens/:id', 'token'],
      ['/api/extensions/:id/forwarding', 'extension', { busy: '13800138000' }],
      ['/api/me/forwarding/:id', 'extension', { busy: '13800138000' }],
      ['/api/extensions/:id', 'extension', { displayName: '改' }],
      ['/api/call-records/:id', 'callRecord'],
      ['/api/dictionaries/:id', 'dictionary', { name: '改', value: 'B', label: 'B' }],
      ['/api/dictionary-items/:id', 'dictionaryItem', { label: '改' }],
      ['/api/custom-fields/:id', 'customField', { label: '改' }],
      ['/api/customers/import/:id', 'importJob'],
      ['/api/customers/:id', 'customer', { name: '改名', type: 'phone', note: '偷' }],
      ['/api/blacklist/:id', 'blacklist'],
      ['/api/follow-ups/:id', 'followUp'],
      ['/api/appointments/:id', 'appointment', { done: true }],
      ['/api/opportunities/:id', 'opportunity', { name: '偷' }],
      ['/api/tickets/:id', 'ticket', { title: '偷', comment: '偷' }],
      ['/api/order-verifications/:id', 'order', { decision: 'approved' }],
      ['/api/trunks/:id', 'trunk', { maxCalls: 1 }],
      ['/api/trunk-groups/:id', 'trunkGroup', { name: '偷' }],
      ['/api/time-groups/:id', 'timeGroup', { override: 'closed' }],
      ['/api/inbound-routes/:id', 'inboundRoute', { enabled: false }],
      ['/api/outbound-routes/:id', 'outboundRoute', { enabled: false }],
      ['/api/call-classes/:id', 'extension', { classes: ['international'] }],
      ['/api/number-lists/:id/review', 'numberList', { status: 'approved' }],
      ['/api/number-lists/:id', 'numberList', { reason: '偷' }],
      ['/api/caller-ids/:id/verify', 'callerId', { code: '123456' }],
      ['/api/caller-ids/:id', 'callerId', { region: '偷' }],
      ['/api/caller-id-reviews/:id', 'callerId', { status: 'verified' }],
      ['/api/voice-files/:id/review', 'voiceFile', { decision: 'approve' }],
      ['/api/voice-files/:id', 'voiceFile', { name: '偷' }],
      ['/api/moh-classes/:id', 'mohClass', { name: '偷' }],
      ['/api/voicemail/messages/:id', 'voicemailMessage', { read: true }],
      ['/api/voicemail/groups/:id', 'voicemailGroup', { name: 'sales', members: [] }],
      ['/api/ivr/:id', 'ivr', { name: '偷', version: 1, extension: '1001' }],
      ['/api/queues/:id', 'queue', { name: '偷' }],
    ];
    const withId = t.routes.filter((r) => r.url.includes(':id'));
    for (const r of withId) {
      const entry = kinds.find(([prefix]) => r.url.startsWith(prefix));
      expect(entry, `no tenant-B resource mapped for ${r.url}`).toBeDefined();
      if (!entry) continue;
      const [, kind, body] = entry;
      const id = b[kind] as string;
      const res = await adminA.call(
        r.method,
        fill(r.url, id),
        r.method === 'GET' || r.method === 'DELETE' ? undefined : (body ?? {}),
      );
      const platformOnly = r.url.startsWith('/api/tenants') || r.url.startsWith('/api/caller-id-reviews');
      const expected = platformOnly ? 403 : 404;
      expect(res.status, `${r.method} ${r.url}`).toBe(expected);
    }
    // Nothing of tenant B changed.
    const users = await adminB.ok<{ items: Array<{ id: string; name: string }> }>('GET', '/api/users?keyword=乙坐席');
    expect(users.items.map((u) => u.name)).toEqual(['乙坐席']);
    const roles = await adminB.ok<Array<{ id: string; description: string | null }>>('GET', '/api/roles');
    expect(roles.find((r) => r.id === b.role)?.description ?? null).toBeNull();
    const again = new Session(t.app);
    expect((await again.login('agent', '8001@tenant-b', 'Agent#2026')).status).toBe(200);
    expect((await adminB.ok<unknown[]>('GET', '/api/auth/tokens')).length).toBe(1);
    const bCustomer = await adminB.ok<{ name: string }>('GET', `/api/customers/${b.customer}`);
    expect(bCustomer.name).toBe('乙客户');
    expect((await adminB.ok<{ status: string }>('GET', `/api/order-verifications/${b.order}`)).status).toBe('pending');
    expect((await adminB.ok<{ title: string }>('GET', `/api/tickets/${b.ticket}`)).title).toBe('乙工单');
  });

  it("never lists tenant B's rows to tenant A, and refuses B's ids as references", async () => {
    const lists = [
      '/api/users?pageSize=100',
      '/api/teams?pageSize=100',
      '/api/user-groups?pageSize=100',
      '/api/audit-logs?pageSize=100',
      '/api/customers?pageSize=100',
      '/api/public-pool?pageSize=100',
      '/api/blacklist?pageSize=100',
      '/api/follow-ups?pageSize=100',
      '/api/opportunities?pageSize=100',
      '/api/tickets?pageSize=100',
      '/api/order-verifications?pageSize=100',
      '/api/customers/import?pageSize=100',
      '/api/voice-files?pageSize=100',
    ];
    const bIds = new Set(Object.values(b));
    for (const url of lists) {
      const page = await adminA.ok<{ items: Array<{ id: string; targetId?: string }> }>('GET', url);
      for (const item of page.items) {
        expect(bIds.has(item.id)).toBe(false);
        if (item.targetId) expect(bIds.has(item.targetId)).toBe(false);
      }
    }
    for (const url of ['/api/roles', '/api/departments']) {
      const rows = await adminA.ok<Array<{ id: string }>>('GET', url);
      expect(rows.some((r) => bIds.has(r.id))).toBe(false);
    }
    const refs = [{ roleIds: [b.role] }, { departmentId: b.department }, { teamId: b.team }];
    for (const ref of refs) {
      const res = await adminA.call('POST', '/api/users', {
        name: '借用',
        agentNo: '9001',
        password: 'Agent#2026',
        ...ref,
      });
      expect(res.status, JSON.stringify(ref)).toBe(404);
    }
    expect((await adminA.call('POST', '/api/teams', { name: '偷', memberIds: [b.user] })).status).toBe(404);
    expect((await adminA.call('POST', '/api/user-groups', { name: '偷', memberIds: [b.user] })).status).toBe(404);
    expect((await adminA.call('POST', '/api/departments', { name: '子', parentId: b.department })).status).toBe(404);
    expect((await adminA.call('POST', '/api/moh-classes', { name: '偷', fileIds: [b.voiceFile] })).status).toBe(404);
  });

  it('refuses platform permissions in an enterprise role', async () => {
    const res = await adminA.call<{ error: { code: string } }>('POST', '/api/roles', {
      name: '越权',
      permissions: ['tenant:view'],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('PLATFORM_PERMISSION');
  });
});
