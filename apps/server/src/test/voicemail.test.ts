import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeWav, parseWav, rms } from '@hujiao/media';
import type { VoicemailCounts } from '@hujiao/switch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';
import { agentOf, type ErrorBody } from './pbx-helpers.ts';

type Page = { items: Array<{ id: string; box: string; caller: string; readAt: string | null }>; total: number };

/** A second of a 440 Hz tone, 8 kHz mono: what the switch records. */
function toneWav(dir: string, name: string): string {
  const samples = new Int16Array(8000);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  const file = path.join(dir, name);
  writeFileSync(file, encodeWav(samples, 8000));
  return file;
}

describe('voicemail (语音留言): messages, play authorization, tenant isolation, MWI counts', () => {
  let t: TestApp;
  let dataDir: string;
  let recDir: string;
  let acme: { tenantId: string; admin: Session };
  let other: { tenantId: string; admin: Session };
  let agent1: Session;
  let agent2: Session;
  const told: Array<{ tenantId: string; box: string; counts: VoicemailCounts }> = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hj-vm-data-'));
    recDir = mkdtempSync(path.join(tmpdir(), 'hj-vm-rec-'));
    t = await createTestApp({ CC_DATA_DIR: dataDir });
    const platform = await platformAdmin(t);
    acme = await createEnterprise(t, platform, 'vmacme');
    other = await createEnterprise(t, platform, 'vmother');
    agent1 = await agentOf(t, acme.admin, 'vmacme', '8001');
    agent2 = await agentOf(t, acme.admin, 'vmacme', '8002');
    const users = await acme.admin.ok<{ items: Array<{ id: string; agentNo: string }> }>('GET', '/api/users');
    const idOf = (no: string) => users.items.find((u) => u.agentNo === no)?.id;
    await acme.admin.ok('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001', userId: idOf('8001') });
    await acme.admin.ok('POST', '/api/extensions', { number: '1002', password: 'SipPass#1002', userId: idOf('8002') });
    t.services.voicemail.setNotifier((tenantId, box, counts) => told.push({ tenantId, box, counts }));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(recDir, { recursive: true, force: true });
  });

  const deposit = (tenantId: string, box: string, caller: string, name: string) =>
    t.services.voicemail.port().deposit({
      tenantId,
      box,
      callId: `call-${name}`,
      caller,
      callerName: null,
      file: toneWav(recDir, `${name}.wav`),
      durationMs: 1000,
      at: new Date(),
    });

  it('stores a deposit under the data dir, lists it to the owner, and tells the switch the new counts', async () => {
    await deposit(acme.tenantId, '1001', '13800138000', 'a');
    await deposit(acme.tenantId, '1002', '13900139000', 'b');
    expect(told.at(-2)).toEqual({ tenantId: acme.tenantId, box: '1001', counts: { new: 1, old: 0 } });

    const mine = await agent1.ok<Page>('GET', '/api/voicemail/messages');
    expect(mine.items.map((m) => [m.box, m.caller])).toEqual([['1001', '13800138000']]);
    const unread = await agent1.ok<{ mine: number; all: number | null }>('GET', '/api/voicemail/unread');
    expect(unread).toMatchObject({ mine: 1, all: null });
    const adminUnread = await acme.admin.ok<{ all: number | null }>('GET', '/api/voicemail/unread');
    expect(adminUnread.all).toBe(2);
    const all = await acme.admin.ok<Page>('GET', '/api/voicemail/messages?state=unread');
    expect(all.total).toBe(2);
    const byCaller = await acme.admin.ok<Page>('GET', '/api/voicemail/messages?caller=139');
    expect(byCaller.items.map((m) => m.box)).toEqual(['1002']);
  });

  it("plays a WAV to the box's owner and voicemail:manage; another user and another tenant get 404", async () => {
    const [msg] = (await agent1.ok<Page>('GET', '/api/voicemail/messages')).items;
    if (!msg) throw new Error('no message');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/voicemail/messages/${msg.id}/audio`,
      headers: { cookie: agent1.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    const wav = parseWav(res.rawPayload);
    expect(wav.ok && rms(wav.value.samples)).toBeGreaterThan(1000);
    expect((await acme.admin.call('GET', `/api/voicemail/messages/${msg.id}/audio`)).status).toBe(200);
    expect((await agent2.call('GET', `/api/voicemail/messages/${msg.id}/audio`)).status).toBe(404);
    expect((await other.admin.call('GET', `/api/voicemail/messages/${msg.id}/audio`)).status).toBe(404);
    expect((await agent2.call('DELETE', `/api/voicemail/messages/${msg.id}`)).status).toBe(404);
    expect((await other.admin.ok<Page>('GET', '/api/voicemail/messages')).total).toBe(0);
  });

  it('marks read and unread, deletes; each change reaches MWI', async () => {
    const [msg] = (await agent1.ok<Page>('GET', '/api/voicemail/messages')).items;
    if (!msg) throw new Error('no message');
    const read = await agent1.ok<{ readAt: string | null }>('PUT', `/api/voicemail/messages/${msg.id}/read`, {
      read: true,
    });
    expect(read.readAt).not.toBeNull();
    expect(told.at(-1)).toEqual({ tenantId: acme.tenantId, box: '1001', counts: { new: 0, old: 1 } });
    expect((await agent1.ok<{ mine: number }>('GET', '/api/voicemail/unread')).mine).toBe(0);
    expect(await t.services.voicemail.port().counts(acme.tenantId, '1001')).toEqual({ new: 0, old: 1 });
    await agent1.ok('PUT', `/api/voicemail/messages/${msg.id}/read`, { read: false });
    expect(told.at(-1)?.counts).toEqual({ new: 1, old: 0 });
    await agent1.ok('DELETE', `/api/voicemail/messages/${msg.id}`);
    expect(told.at(-1)?.counts).toEqual({ new: 0, old: 0 });
    expect((await agent1.ok<Page>('GET', '/api/voicemail/messages')).total).toBe(0);
    expect((await acme.admin.call('GET', `/api/voicemail/messages/${msg.id}/audio`)).status).toBe(404);
  });

  it('group boxes: voicemail:manage creates them, members read their messages, agents may not manage', async () => {
    const denied = await agent1.call<ErrorBody>('POST', '/api/voicemail/groups', { name: 'sales', members: ['1001'] });
    expect(denied.status).toBe(403);
    const group = await acme.admin.ok<{ id: string; name: string }>('POST', '/api/voicemail/groups', {
      name: 'sales',
      members: ['1001'],
    });
    const clash = await acme.admin.call<ErrorBody>('POST', '/api/voicemail/groups', { name: '1002' });
    expect(clash.body.error.code).toBe('VOICEMAIL_BOX_EXISTS');
    await deposit(acme.tenantId, 'sales', '02088886666', 'g');
    expect((await agent1.ok<Page>('GET', '/api/voicemail/messages?box=sales')).total).toBe(1);
    expect((await agent2.ok<Page>('GET', '/api/voicemail/messages?box=sales')).total).toBe(0);
    expect((await other.admin.ok<unknown[]>('GET', '/api/voicemail/groups')).length).toBe(0);
    expect((await other.admin.call('DELETE', `/api/voicemail/groups/${group.id}`)).status).toBe(404);
  });

  it("greetings: the owner uploads a WAV for the box, the switch's port gives its file; bad audio is refused", async () => {
    const wav = encodeWav(new Int16Array(800), 8000);
    const put = (s: Session, box: string, body: Buffer) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/voicemail/boxes/${box}/greeting`,
        payload: body,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'audio/wav' },
      });
    expect((await put(agent1, '1001', wav)).statusCode).toBe(200);
    expect(await t.services.voicemail.port().greeting(acme.tenantId, '1001')).toContain(dataDir);
    expect((await put(agent2, '1001', wav)).statusCode).toBe(403);
    const bad = await put(agent1, '1001', Buffer.from('not a wav'));
    expect(bad.json().error.code).toBe('VOICEMAIL_GREETING_INVALID');
    expect(await t.services.voicemail.port().greeting(other.tenantId, '1001')).toBeNull();

    // The console's upload (multipart POST) and the box list with the greeting state.
    const form = `--b\r\nContent-Disposition: form-data; name="file"; filename="g.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
    const multipart = Buffer.concat([Buffer.from(form), wav, Buffer.from('\r\n--b--\r\n')]);
    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/voicemail/boxes/sales/greeting',
      payload: multipart,
      headers: {
        cookie: agent1.cookie,
        'x-csrf-token': agent1.csrf,
        'content-type': 'multipart/form-data; boundary=b',
      },
    });
    expect(posted.statusCode).toBe(200);
    type Box = { box: string; kind: string; hasGreeting: boolean };
    const mine = await agent1.ok<Box[]>('GET', '/api/voicemail/boxes');
    expect(mine).toEqual([
      { box: '1001', kind: 'extension', hasGreeting: true },
      { box: 'sales', kind: 'group', hasGreeting: true },
    ]);
    expect((await agent2.ok<Box[]>('GET', '/api/voicemail/boxes')).map((b) => b.box)).toEqual(['1002']);
    const all = await acme.admin.ok<Box[]>('GET', '/api/voicemail/boxes');
    expect(all.map((b) => b.box)).toEqual(['1001', '1002', 'sales']);
    await agent1.ok('DELETE', '/api/voicemail/boxes/1001/greeting');
    expect(await t.services.voicemail.port().greeting(acme.tenantId, '1001')).toBeNull();
  });
});
