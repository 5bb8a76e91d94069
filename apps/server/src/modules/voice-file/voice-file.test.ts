import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseWav, toneLevels } from '@hujiao/media';
import { VOICE_FILE_MAX_BYTES } from '@hujiao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../test/crm-helpers.ts';
import { createEnterprise, createTestApp, platformAdmin, Session, type TestApp } from '../../test/harness.ts';
import { makeWav, sine } from './test-support/wav-fixtures.ts';

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };
interface VoiceFileBody {
  id: string;
  name: string;
  usage: string;
  status: string;
  rejectReason: string | null;
  durationMs: number;
  originalFormat: string;
  originalDescription: string;
  uploaderName: string | null;
  reviewerName: string | null;
}
interface MohClassBody {
  id: string;
  name: string;
  isDefault: boolean;
  fileIds: string[];
}

const MP3 = readFileSync(path.join(import.meta.dirname, 'test-support', 'tone-1khz.mp3'));

function upload(s: Session, fields: Record<string, string>, file?: { name: string; content: Buffer | string }) {
  const { body, contentType } = multipart(fields, file);
  return s.call<VoiceFileBody & ErrorBody>('POST', '/api/voice-files', body, { 'content-type': contentType });
}

describe('voice files (语音文件) and music-on-hold classes', () => {
  let t: TestApp;
  let admin: Session;
  let tenantId: string;
  let other: Session;
  let otherTenantId: string;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hj-voice-'));

  beforeAll(async () => {
    t = await createTestApp({ CC_DATA_DIR: dataDir });
    const platform = await platformAdmin(t);
    ({ admin, tenantId } = await createEnterprise(t, platform, 'vf1'));
    ({ admin: other, tenantId: otherTenantId } = await createEnterprise(t, platform, 'vf2'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uploads an MP3: converted to 8 kHz mono WAV, original kept, 待审核, playable and downloadable', async () => {
    const res = await upload(admin, { name: '欢迎语', usage: 'ivr' }, { name: '欢迎.mp3', content: MP3 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const f = res.body;
    expect(f).toMatchObject({
      name: '欢迎语',
      usage: 'ivr',
      status: 'pending',
      originalFormat: 'mp3',
      originalDescription: 'MP3 32000 Hz 2 ch',
      uploaderName: expect.any(String),
    });
    expect(Math.abs(f.durationMs - 3000)).toBeLessThan(100);
    const audio = await t.app.inject({
      method: 'GET',
      url: `/api/voice-files/${f.id}/audio`,
      headers: { cookie: admin.cookie },
    });
    expect(audio.statusCode).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/wav');
    const wav = parseWav(audio.rawPayload);
    if (!wav.ok) throw new Error(wav.error);
    expect(wav.value).toMatchObject({ sampleRate: 8000, channels: 1 });
    const mid = wav.value.samples.subarray(8000, 16000);
    expect(toneLevels(mid, 8000, [1000])[0]?.relative).toBeGreaterThan(0.95);
    const original = await t.app.inject({
      method: 'GET',
      url: `/api/voice-files/${f.id}/audio?original=1&download=1`,
      headers: { cookie: admin.cookie },
    });
    expect(original.headers['content-type']).toBe('audio/mpeg');
    expect(original.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('欢迎语.mp3')}`);
    expect(Buffer.compare(original.rawPayload, MP3)).toBe(0);
    // Stored per enterprise under the data directory.
    expect(statSync(path.join(dataDir, 'voice-files', tenantId, `${f.id}.wav`)).size).toBe(audio.rawPayload.length);
  });

  it('refuses what is not audio, too large, too long, without a file or a name, in the caller’s language', async () => {
    const csv = await upload(admin, { name: 'x', usage: 'ivr' }, { name: 'a.mp3', content: 'name,phone\n张三,1\n' });
    expect(csv.status).toBe(400);
    expect(csv.body.error.code).toBe('VOICE_FILE_NOT_AUDIO');
    expect(csv.body.error.message).toContain('仅支持 WAV');
    const en = new Session(t.app, 'en-US');
    en.cookie = admin.cookie;
    en.csrf = admin.csrf;
    const enCsv = await upload(en, { name: 'x', usage: 'ivr' }, { name: 'a.wav', content: Buffer.alloc(3000, 7) });
    expect(enCsv.body.error.message).toMatch(/^The file is not audio we can read/);
    const big = Buffer.concat([makeWav([sine(8000, 1, 440)], 8000, 'pcm16'), Buffer.alloc(VOICE_FILE_MAX_BYTES)]);
    const tooBig = await upload(admin, { name: 'big', usage: 'ivr' }, { name: 'big.wav', content: big });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.message).toBe('文件超过 20 MB');
    // 11 minutes of 8 kHz 8-bit audio: small enough, too long.
    const long = makeWav([new Float32Array(8000 * 660)], 8000, 'pcm8');
    const tooLong = await upload(admin, { name: 'long', usage: 'moh' }, { name: 'long.wav', content: long });
    expect(tooLong.body.error).toMatchObject({ code: 'VOICE_FILE_TOO_LONG', message: '语音时长超过 10 分钟' });
    const noFile = await upload(admin, { name: 'none', usage: 'ivr' });
    expect(noFile.body.error.code).toBe('VOICE_FILE_MISSING');
    const wav = makeWav([sine(16000, 0.5, 440)], 16000, 'pcm16');
    const noName = await upload(admin, { usage: 'ivr' }, { name: 'a.wav', content: wav });
    expect(noName.body.error.code).toBe('VALIDATION_FAILED');
    expect(noName.body.error.details?.[0]?.path).toBe('name');
    const badUsage = await upload(admin, { name: 'y', usage: 'ringtone' }, { name: 'a.wav', content: wav });
    expect(badUsage.body.error.details?.[0]?.path).toBe('usage');
    const list = await admin.ok<{ items: VoiceFileBody[] }>('GET', '/api/voice-files');
    expect(list.items.map((f) => f.name)).toEqual(['欢迎语']);
    const dup = await upload(admin, { name: '欢迎语', usage: 'ivr' }, { name: 'a.wav', content: wav });
    expect(dup.body.error).toMatchObject({ code: 'CONFLICT', message: '名称 已被使用' });
  });

  it('approval needs voiceFile:approve, a rejection a reason; a reviewed file is not reviewed again', async () => {
    const role = await admin.ok<{ id: string }>('POST', '/api/roles', {
      name: '录音上传员',
      permissions: ['voiceFile:view', 'voiceFile:manage'],
    });
    await admin.ok('POST', '/api/users', {
      agentNo: '301',
      name: '上传员',
      password: 'Agent#2026',
      roleIds: [role.id],
    });
    const uploader = new Session(t.app);
    expect((await uploader.login('agent', '301@vf1', 'Agent#2026')).status).toBe(200);
    const wav = makeWav([sine(44100, 1, 500), sine(44100, 1, 500)], 44100, 'pcm16');
    const f = (await upload(uploader, { name: '等待音乐', usage: 'moh' }, { name: 'm.wav', content: wav })).body;
    expect(f.status).toBe('pending');
    const denied = await uploader.call<ErrorBody>('POST', `/api/voice-files/${f.id}/review`, { decision: 'approve' });
    expect(denied.status).toBe(403);
    const noReason = await admin.call<ErrorBody>('POST', `/api/voice-files/${f.id}/review`, { decision: 'reject' });
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED');
    const rejected = await admin.ok<VoiceFileBody>('POST', `/api/voice-files/${f.id}/review`, {
      decision: 'reject',
      reason: '音量太小',
    });
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '音量太小', reviewerName: expect.any(String) });
    const again = await admin.call<ErrorBody>('POST', `/api/voice-files/${f.id}/review`, { decision: 'approve' });
    expect(again.body.error.code).toBe('VOICE_FILE_ALREADY_REVIEWED');
    expect(await t.services.voiceFiles.resolveVoiceFile(tenantId, f.id)).toBeNull();
  });

  it('only approved files resolve, and only for their own enterprise', async () => {
    const [welcome] = (
      await admin.ok<{ items: VoiceFileBody[] }>('GET', `/api/voice-files?keyword=${encodeURIComponent('欢迎')}`)
    ).items;
    if (!welcome) throw new Error('no uploaded file');
    expect(await t.services.voiceFiles.resolveVoiceFile(tenantId, welcome.id)).toBeNull(); // still pending
    await admin.ok('POST', `/api/voice-files/${welcome.id}/review`, { decision: 'approve' });
    const file = await t.services.voiceFiles.resolveVoiceFile(tenantId, welcome.id);
    expect(file).toBe(path.join(dataDir, 'voice-files', tenantId, `${welcome.id}.wav`));
    expect(await t.services.voiceFiles.resolveVoiceFile(otherTenantId, welcome.id)).toBeNull();
    expect(await t.services.voiceFiles.resolveVoiceFile(tenantId, 'welcome.wav')).toBeNull(); // not an id
    // A flow naming files by id gets the approved one's path, at any depth; the pending one stays unusable.
    const wav = makeWav([sine(8000, 0.5, 440)], 8000, 'pcm16');
    const pending = (await upload(admin, { name: '待审语音', usage: 'ivr' }, { name: 'p.wav', content: wav })).body;
    const stored = {
      name: 'menu',
      steps: [
        { verb: 'play', file: `voice-file:${welcome.id}` },
        {
          verb: 'menu',
          prompt: { file: `voice-file:${pending.id}` },
          options: { '1': { steps: [{ verb: 'play', file: `voice-file:${welcome.id}` }] } },
        },
      ],
    };
    const resolved = await t.services.voiceFiles.resolveFlowVoiceFiles(tenantId, stored);
    expect(resolved.unusable).toEqual([pending.id]);
    expect(resolved.flow.steps[0]).toEqual({ verb: 'play', file });
    expect(resolved.flow.steps[1]).toMatchObject({
      prompt: { file: `voice-file:${pending.id}` },
      options: { '1': { steps: [{ file }] } },
    });
    expect((await t.services.voiceFiles.resolveFlowVoiceFiles(otherTenantId, stored)).unusable).toHaveLength(2);
    // The other enterprise sees none of it.
    expect((await other.ok<{ total: number }>('GET', '/api/voice-files')).total).toBe(0);
    expect((await other.call('GET', `/api/voice-files/${welcome.id}`)).status).toBe(404);
    expect((await other.call('GET', `/api/voice-files/${welcome.id}/audio`)).status).toBe(404);
    expect(
      (await other.call('POST', `/api/voice-files/${welcome.id}/review`, { decision: 'reject', reason: 'x' })).status,
    ).toBe(404);
    expect((await other.call('DELETE', `/api/voice-files/${welcome.id}`)).status).toBe(404);
  });

  it('music-on-hold classes: approved files only, one default, the shipped music otherwise', async () => {
    const moh = t.services.musicOnHold;
    const shipped = await moh.musicOnHoldFor(tenantId);
    expect(shipped).toHaveLength(1);
    expect(shipped[0]).toMatch(/packages\/switch\/prompts\/moh\/default\.wav$/);
    const items = (await admin.ok<{ items: VoiceFileBody[] }>('GET', '/api/voice-files')).items;
    const approved = items.find((f) => f.status === 'approved');
    const rejected = items.find((f) => f.status === 'rejected');
    if (!approved || !rejected) throw new Error('fixtures missing');
    const refused = await admin.call<ErrorBody>('POST', '/api/moh-classes', { name: '节日', fileIds: [rejected.id] });
    expect(refused.body.error).toMatchObject({
      code: 'VOICE_FILE_NOT_APPROVED',
      message: '语音文件“等待音乐”未审核通过,不能使用',
    });
    const a = await admin.ok<MohClassBody>('POST', '/api/moh-classes', {
      name: '默认',
      isDefault: true,
      fileIds: [approved.id],
    });
    const b = await admin.ok<MohClassBody>('POST', '/api/moh-classes', { name: '节日', fileIds: [] });
    const approvedPath = path.join(dataDir, 'voice-files', tenantId, `${approved.id}.wav`);
    expect(await moh.musicOnHoldFor(tenantId)).toEqual([approvedPath]);
    expect(await moh.musicOnHoldFor(tenantId, '节日')).toEqual(shipped); // empty class: the shipped music
    expect(await moh.musicOnHoldFor(tenantId, '没有')).toEqual([approvedPath]); // unknown name: the default
    await admin.ok('PATCH', `/api/moh-classes/${b.id}`, { isDefault: true, fileIds: [approved.id, approved.id] });
    const list = await admin.ok<MohClassBody[]>('GET', '/api/moh-classes');
    expect(list.map((c) => [c.name, c.isDefault])).toEqual([
      ['默认', false],
      ['节日', true],
    ]);
    expect(await moh.musicOnHoldFor(tenantId)).toEqual([approvedPath]);
    expect(list.find((c) => c.name === '节日')?.fileIds).toEqual([approved.id]); // listed once
    const inUse = await admin.call<ErrorBody>('DELETE', `/api/voice-files/${approved.id}`);
    expect(inUse.body.error.code).toBe('VOICE_FILE_IN_USE');
    // Another enterprise neither sees the classes nor can use these files.
    expect(await other.ok('GET', '/api/moh-classes')).toEqual([]);
    expect((await other.call('POST', '/api/moh-classes', { name: 'x', fileIds: [approved.id] })).status).toBe(404);
    expect((await other.call('PATCH', `/api/moh-classes/${a.id}`, { name: 'y' })).status).toBe(404);
    await admin.ok('DELETE', `/api/moh-classes/${a.id}`);
    await admin.ok('DELETE', `/api/moh-classes/${b.id}`);
    await admin.ok('DELETE', `/api/voice-files/${approved.id}`);
    expect(await t.services.voiceFiles.resolveVoiceFile(tenantId, approved.id)).toBeNull();
    expect(() => statSync(approvedPath)).toThrow();
  });
});
