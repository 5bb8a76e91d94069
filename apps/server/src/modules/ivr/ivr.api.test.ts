import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rms } from '@hujiao/media';
import type { SwitchEvent } from '@hujiao/shared';
import { Baresip, hasBinary, wavChannel, writeTone } from '@hujiao/switch/test-support';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, Session, type TestApp } from '../../test/harness.ts';
import { auditLogs } from '../audit/audit.table.ts';

/**
 * IVR管理 through the API: create, save (a new version each time), history, roll-back, delete; references checked
 * in the tenant (extensions, voice files, other menus); tenant isolation; permissions; the compiled flow; and the
 * test call (拨测) to a real phone (baresip) that answers and hears the menu's prompt.
 * Ports of its own: SIP 16120 (127.0.0.1), phone 16130/16134, RTP 50200-50499.
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SIP_PORT = PG ? 16220 : 16120;
const PHONE_PORT = SIP_PORT + 10;
const CTRL_PORT = SIP_PORT + 14;
const RTP_MIN = PG ? 50600 : 50200;
const PHONE = Boolean(hasBinary('baresip') && hasBinary('sox'));
if (!PHONE) process.stderr.write('SKIPPED: the IVR test call needs baresip and sox\n');

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };
type Detail = { id: string; name: string; version: number; nodes: number; tree: { name: string; keys: unknown[] } };
/** The tenant's IVR audit entries, read from the table (the log's API also names targets of other modules). */
const auditOf = async (tenantId: string) =>
  db()
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.tenantId, tenantId), eq(auditLogs.module, 'ivr')));
let db: () => TestApp['database']['db'] = () => {
  throw new Error('no database yet');
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sub = (number: string) => ({
  name: '销售',
  prompt: { kind: 'system', name: 'please-choose' },
  keys: [
    { key: '1', action: { type: 'destination', destination: { kind: 'extension', number } } },
    { key: '9', action: { type: 'back' } },
  ],
});
const tree = (number = '1001') => ({
  name: '主菜单',
  prompt: { kind: 'system', name: 'please-choose' },
  directDial: { enabled: true, maxDigits: 4 },
  keys: [
    { key: '1', action: { type: 'menu', menu: sub(number) } },
    { key: '0', action: { type: 'repeat' } },
  ],
});

describe('IVR menus through the API', () => {
  let t: TestApp;
  let admin: Session;
  let other: Session;
  let tenantId: string;
  const account = PG ? 'ivrpg' : 'ivr';
  const dir = mkdtempSync(join(tmpdir(), 'api-ivr-'));
  const events: SwitchEvent[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      CC_DATA_DIR: join(dir, 'data'),
      CC_SIP_BIND: '127.0.0.1',
      CC_SIP_ADDRESS: '127.0.0.1',
      CC_SIP_PORT: String(SIP_PORT),
      CC_RTP_PORT_MIN: String(RTP_MIN),
      CC_RTP_PORT_MAX: String(RTP_MIN + 299),
    });
    db = () => t.database.db;
    const platform = await platformAdmin(t);
    ({ admin, tenantId } = await createEnterprise(t, platform, account));
    ({ admin: other } = await createEnterprise(t, platform, PG ? 'ivrotherpg' : 'ivrother'));
    await admin.ok('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001', displayName: 'Sales' });
    await other.ok('POST', '/api/extensions', { number: '2001', password: 'SipPass#2001' });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a two-level menu, saves new versions, lists the history and rolls back', async () => {
    const created = await admin.ok<Detail>('POST', '/api/ivr', { name: '总机', tree: tree() });
    expect(created).toMatchObject({ name: '总机', version: 1, nodes: 2 });
    const list = await admin.ok<{ items: Array<{ id: string; version: number }>; total: number }>('GET', '/api/ivr');
    expect(list.items.map((i) => i.id)).toEqual([created.id]);
    // A saved tree is version 2; a rename alone keeps the version.
    const v2 = await admin.ok<Detail>('PATCH', `/api/ivr/${created.id}`, {
      tree: { ...tree(), keys: [{ key: '1', action: { type: 'menu', menu: sub('1001') } }] },
      note: 'no repeat key',
    });
    expect(v2).toMatchObject({ version: 2 });
    expect(v2.tree.keys).toHaveLength(1);
    const renamed = await admin.ok<Detail>('PATCH', `/api/ivr/${created.id}`, { name: '总机菜单' });
    expect(renamed).toMatchObject({ name: '总机菜单', version: 2 });
    const history = await admin.ok<Array<{ version: number; note: string; createdBy: string }>>(
      'GET',
      `/api/ivr/${created.id}/versions`,
    );
    expect(history.map((h) => [h.version, h.note])).toEqual([
      [2, 'no repeat key'],
      [1, ''],
    ]);
    expect(history[0]?.createdBy).toBeTruthy();
    const v1 = await admin.ok<{ tree: { keys: unknown[] } }>('GET', `/api/ivr/${created.id}/versions/1`);
    expect(v1.tree.keys).toHaveLength(2);
    const rolled = await admin.ok<Detail>('POST', `/api/ivr/${created.id}/rollback`, { version: 1 });
    expect(rolled.version).toBe(3);
    expect(rolled.tree.keys).toHaveLength(2);
    expect((await admin.ok<unknown[]>('GET', `/api/ivr/${created.id}/versions`)).length).toBe(3);
    const missing = await admin.call<ErrorBody>('GET', `/api/ivr/${created.id}/versions/9`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('IVR_VERSION_NOT_FOUND');
    // The flow it compiles to: the top menu, the sub-menu and the direct-dial block.
    const flow = await admin.ok<{ steps: Array<{ label?: string; verb: string }> }>(
      'GET',
      `/api/ivr/${created.id}/flow`,
    );
    expect(flow.steps.filter((s) => s.label).map((s) => s.label)).toEqual(['n', 'n-direct', 'n-1']);
    const ivrActions = (await auditOf(tenantId)).map((a) => a.action);
    expect(ivrActions.sort()).toEqual(['create', 'rollback', 'update', 'update']);
  });

  it('a key that leads to another menu runs it in the same call flow (and a key back jumps to the first)', async () => {
    const after = await admin.ok<Detail>('POST', '/api/ivr', { name: '售后', tree: tree('1001') });
    const front = await admin.ok<Detail>('POST', '/api/ivr', {
      name: '前台',
      tree: {
        ...tree('1001'),
        keys: [{ key: '5', action: { type: 'destination', destination: { kind: 'ivr', ivrId: after.id } } }],
      },
    });
    // 售后 gets a key back to 前台: a cycle.
    await admin.ok('PATCH', `/api/ivr/${after.id}`, {
      tree: {
        ...tree('1001'),
        keys: [
          { key: '1', action: { type: 'menu', menu: sub('1001') } },
          { key: '0', action: { type: 'destination', destination: { kind: 'ivr', ivrId: front.id } } },
        ],
      },
    });
    const flow = await t.services.ivr.flow(tenantId, front.id);
    const labels = flow.steps.filter((s) => s.verb === 'menu').map((s) => s.label);
    expect(labels).toEqual(['n', 'm1', 'm1-1']);
    const m1 = flow.steps.find((s) => s.label === 'm1') as { options: Record<string, { steps?: unknown[] }> };
    expect(m1.options['0']?.steps).toEqual([{ verb: 'goto', goto: 'n' }]);
    const inUse = await admin.call<{ error: { code: string; message: string } }>('DELETE', `/api/ivr/${after.id}`);
    expect(inUse.body.error).toMatchObject({ code: 'IVR_IN_USE', message: '该 IVR 仍被 IVR 前台 使用,不能删除' });
    // An inbound route to a menu keeps it too.
    const route = await admin.ok<{ id: string }>('POST', '/api/inbound-routes', {
      name: '总机热线',
      didPattern: '02566669999',
      destination: { kind: 'ivr', ivrId: front.id },
    });
    await admin.ok('PATCH', `/api/ivr/${after.id}`, { tree: tree('1001') });
    const routed = await admin.call<{ error: { code: string; message: string } }>('DELETE', `/api/ivr/${front.id}`);
    expect(routed.body.error).toMatchObject({ code: 'IVR_IN_USE', message: '该 IVR 仍被 总机热线 使用,不能删除' });
    await admin.ok('DELETE', `/api/inbound-routes/${route.id}`);
    await admin.ok('DELETE', `/api/ivr/${front.id}`);
    await admin.ok('DELETE', `/api/ivr/${after.id}`);
  });

  it('refuses wrong trees with field messages in the user language, and names taken twice', async () => {
    const bad = await admin.call<ErrorBody>('POST', '/api/ivr', {
      name: 'bad',
      tree: {
        ...tree('1999'),
        keys: [...tree('1999').keys, { key: '0', action: { type: 'back' } }],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => [d.path, d.message])).toEqual(
      expect.arrayContaining([
        ['tree.keys.2.key', '同一菜单中按键不能重复'],
        ['tree.keys.2.action', '顶层菜单不能"返回上级"'],
      ]),
    );
    const en = new Session(t.app, 'en-US');
    en.cookie = admin.cookie;
    en.csrf = admin.csrf;
    const noExt = await en.call<ErrorBody>('POST', '/api/ivr', { name: 'bad', tree: tree('1999') });
    expect(noExt.status).toBe(400);
    expect(noExt.body.error.details).toEqual([
      {
        path: 'tree.keys.0.action.menu.keys.0.action.destination.number',
        message: 'No such extension in this enterprise',
      },
    ]);
    const voice = await admin.call<ErrorBody>('POST', '/api/ivr', {
      name: 'bad',
      tree: { ...tree(), prompt: { kind: 'voiceFile', voiceFileId: '6f1c0a4e-7a53-4d7e-9d55-2f1b8f3f0a01' } },
    });
    expect(voice.body.error.details?.[0]?.message).toBe('语音文件不存在或未通过审核');
    const dup = await admin.call<ErrorBody>('POST', '/api/ivr', { name: '总机菜单', tree: tree() });
    expect(dup.status).toBe(409);
  });

  it('keeps tenants apart: another enterprise neither sees nor changes the menu, nor uses its extensions', async () => {
    const mine = await admin.ok<Detail>('POST', '/api/ivr', { name: '隔离', tree: tree() });
    expect((await other.ok<{ total: number }>('GET', '/api/ivr')).total).toBe(0);
    expect((await other.call('GET', `/api/ivr/${mine.id}`)).status).toBe(404);
    expect((await other.call('PATCH', `/api/ivr/${mine.id}`, { name: 'x' })).status).toBe(404);
    expect((await other.call('GET', `/api/ivr/${mine.id}/versions`)).status).toBe(404);
    expect((await other.call('POST', `/api/ivr/${mine.id}/rollback`, { version: 1 })).status).toBe(404);
    expect((await other.call('POST', `/api/ivr/${mine.id}/test-call`, {})).status).toBe(404);
    expect((await other.call('DELETE', `/api/ivr/${mine.id}`)).status).toBe(404);
    // 1001 is not an extension of the other enterprise; its own 2001 is.
    expect((await other.call('POST', '/api/ivr', { name: 'o', tree: tree('1001') })).status).toBe(400);
    expect((await other.call('POST', '/api/ivr', { name: 'o', tree: tree('2001') })).status).toBe(200);
    // A menu of another enterprise is no destination here.
    const foreign = await other.call<ErrorBody>('POST', '/api/ivr', {
      name: 'o2',
      tree: {
        ...tree('2001'),
        keys: [{ key: '5', action: { type: 'destination', destination: { kind: 'ivr', ivrId: mine.id } } }],
      },
    });
    expect(foreign.body.error.details?.[0]?.message).toBe('IVR 不存在');
    await admin.ok('DELETE', `/api/ivr/${mine.id}`);
    expect((await admin.call('GET', `/api/ivr/${mine.id}`)).status).toBe(404);
  });

  it('needs ivr:view to read and ivr:manage to change; an agent has neither', async () => {
    const role = await admin.ok<{ id: string }>('POST', '/api/roles', {
      name: 'IVR viewer',
      permissions: ['ivr:view'],
    });
    await admin.ok('POST', '/api/users', {
      username: PG ? 'ivrviewpg' : 'ivrview',
      name: 'Viewer',
      password: 'Viewer#2026x',
      roleIds: [role.id],
    });
    const viewer = new Session(t.app);
    expect((await viewer.login('account', PG ? 'ivrviewpg' : 'ivrview', 'Viewer#2026x')).status).toBe(200);
    expect((await viewer.call('GET', '/api/ivr')).status).toBe(200);
    const refused = await viewer.call<ErrorBody>('POST', '/api/ivr', { name: 'v', tree: tree() });
    expect(refused.status).toBe(403);
    const list = await admin.ok<{ items: Array<{ id: string }> }>('GET', '/api/ivr');
    const id = list.items[0]?.id as string;
    expect((await viewer.call('POST', `/api/ivr/${id}/test-call`, {})).status).toBe(403);
    expect((await viewer.call('DELETE', `/api/ivr/${id}`)).status).toBe(403);
    expect((await new Session(t.app).call('GET', '/api/ivr')).status).toBe(401);
  });

  it.skipIf(!PHONE)(
    'test call: rings the chosen extension, which answers and hears the menu',
    async () => {
      const menu = await admin.ok<Detail>('POST', '/api/ivr', { name: '拨测', tree: tree() });
      // Without an extension of one's own and none chosen, the test call says so.
      const none = await admin.call<ErrorBody>('POST', `/api/ivr/${menu.id}/test-call`, {});
      expect(none.body.error.code).toBe('IVR_NO_EXTENSION');
      t.services.events.subscribeAll((e) => {
        events.push(e);
      });
      await t.services.telephony.start();
      const source = join(dir, 'phone.wav');
      writeTone(source, 500, 0.2);
      mkdirSync(join(dir, 'phone'));
      const phone = new Baresip({
        dir: join(dir, 'phone'),
        sipPort: PHONE_PORT,
        ctrlPort: CTRL_PORT,
        source,
        rtpPorts: [RTP_MIN + 300, RTP_MIN + 349],
        account: `<sip:1001@${account}>;auth_pass=SipPass#1001;outbound="sip:127.0.0.1:${SIP_PORT}";regint=60;answermode=auto;audio_codecs=PCMU`,
      });
      try {
        await phone.start();
        const until = Date.now() + 10_000;
        while (t.services.telephony.registrations().length === 0 && Date.now() < until) await sleep(100);
        const result = await admin.ok<{ callId: string; extension: string; outcome: string; status: number }>(
          'POST',
          `/api/ivr/${menu.id}/test-call`,
          { extension: '1001' },
        );
        expect(result).toMatchObject({ extension: '1001', outcome: 'answered', status: 200 });
        expect(result.callId).toBeTruthy();
        // The menu runs on the answered phone: please-choose plays, nobody presses, goodbye, hang up.
        await phone.waitFor((e) => e.type === 'CALL_CLOSED', 40_000);
        const flowStarted = events.find((e) => e.type === 'flow.started' && e.callId === result.callId);
        expect(flowStarted).toBeTruthy();
        await sleep(500);
        const heard = phone.dumps('dec').at(-1);
        expect(heard).toBeTruthy();
        expect(rms(wavChannel(readFileSync(heard as string)))).toBeGreaterThan(300);
        const audit = await auditOf(tenantId);
        expect(audit.some((a) => a.action === 'testCall' && a.targetId === menu.id)).toBe(true);
      } finally {
        await phone.stop();
      }
    },
    90_000,
  );
});
