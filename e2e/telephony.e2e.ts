import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rms } from '@hujiao/media';
import { Baresip, hasBinary, middleRms, wavChannel, writeTone } from '@hujiao/switch/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, type RunningServer, shot, startServer } from './support.ts';

/**
 * What a newcomer does: start the product, create two extensions in the console, register two softphones
 * (baresip), and they talk — with audio both ways, DTMF, a recording and a call record shown in the console.
 */
const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const channel = wavChannel;

describe.skipIf(MISSING.length > 0)('softphones through the product', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let a: Baresip;
  let b: Baresip;
  const dir = mkdtempSync(path.join(tmpdir(), 'hujiao-phones-'));
  const admin = { account: 'acme', password: 'AcmeAdmin#2026' };

  beforeAll(async () => {
    server = await startServer({ CC_ADMIN_PASSWORD: 'Platform#2026' });
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', {
      account: admin.account,
      name: '艾克米',
      adminPassword: admin.password,
    });
    await acceptInitialPassword(server.url, 'account', admin.account, admin.password);
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } })).newPage();
    writeTone(path.join(dir, 'a.wav'), 400, 0.25);
    writeTone(path.join(dir, 'b.wav'), 700, 0.15);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function addExtension(number: string, password: string) {
    await page.getByRole('button', { name: '新增分机' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('分机号').fill(number);
    await drawer.getByLabel('SIP 密码').fill(password);
    await drawer.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('sip-credentials').waitFor();
    expect(await page.getByTestId('sip-domain').innerText()).toContain('acme');
    await page.keyboard.press('Escape');
    await page.getByTestId(`extension-${number}`).waitFor();
  }

  function phone(name: string, number: string, password: string, sipPort: number, ctrlPort: number, codecs: string) {
    mkdirSync(path.join(dir, name));
    return new Baresip({
      dir: path.join(dir, name),
      sipPort,
      ctrlPort,
      source: path.join(dir, `${name}.wav`),
      account: `<sip:${number}@acme>;auth_pass=${password};outbound="sip:127.0.0.1:${server.sipPort}";regint=60;answermode=auto;audio_codecs=${codecs}`,
    });
  }

  it('creates two extensions in the console and shows the phones registering live', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('登录账号').fill(admin.account);
    await page.getByLabel('密码').fill(admin.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '分机管理' }).click();
    await addExtension('1001', 'SipPass1001x');
    await addExtension('1002', 'SipPass1002x');
    expect(await page.getByTestId('registration-status-1001').getAttribute('data-registered')).toBe('false');

    a = phone('a', '1001', 'SipPass1001x', 15610, 15641, 'PCMU,PCMA');
    b = phone('b', '1002', 'SipPass1002x', 15620, 15642, 'PCMA');
    await a.start();
    await b.start();
    for (const n of ['1001', '1002']) {
      await expect
        .poll(() => page.getByTestId(`registration-status-${n}`).getAttribute('data-registered'), { timeout: 20_000 })
        .toBe('true');
    }
    await shot(page, '10-extensions-registered');
  });

  it('the two phones talk: audio both ways, DTMF, recording and call record', async () => {
    a.command('dial', 'sip:1002@acme');
    await a.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await b.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await sleep(3000);
    for (const d of ['1', '2', '3']) {
      a.command('sndcode', d);
      await sleep(400);
    }
    await sleep(2500);
    a.command('hangup');
    await b.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await sleep(500);

    const sentA = rms(channel(readFileSync(path.join(dir, 'a.wav'))));
    const sentB = rms(channel(readFileSync(path.join(dir, 'b.wav'))));
    const heardByB = middleRms(channel(readFileSync(b.dumps('dec')[0] as string)));
    const heardByA = middleRms(channel(readFileSync(a.dumps('dec')[0] as string)));
    process.stdout.write(
      `RMS a sent ${sentA.toFixed(0)} b heard ${heardByB.toFixed(0)}; b sent ${sentB.toFixed(0)} a heard ${heardByA.toFixed(0)}\n`,
    );
    expect(Math.abs(heardByB - sentA) / sentA).toBeLessThan(0.2);
    expect(Math.abs(heardByA - sentB) / sentB).toBeLessThan(0.2);
    expect(
      b.events
        .filter((e) => e.type === 'CALL_DTMF_START')
        .map((e) => e.param)
        .join(''),
    ).toBe('123');

    const api = new ApiClient(server.url);
    await api.login('account', admin.account, admin.password);
    type Rec = {
      id: string;
      caller: string;
      callee: string;
      direction: string;
      answeredAt: string | null;
      hangupCause: string;
      hangupSide: string;
      billedSec: number;
      hasRecording: boolean;
      legs: Array<{ role: string; status: string }>;
    };
    let records: Rec[] = [];
    for (let i = 0; i < 50 && records.length === 0; i++) {
      records = (await api.request<{ items: Rec[] }>('GET', '/api/call-records')).items;
      if (records.length === 0) await sleep(200);
    }
    const rec = records[0] as Rec;
    expect(rec).toMatchObject({
      caller: '1001',
      callee: '1002',
      direction: 'internal',
      hangupCause: 'normal',
      hangupSide: 'caller',
      hasRecording: true,
    });
    expect(rec.answeredAt).not.toBeNull();
    expect(rec.billedSec).toBeGreaterThanOrEqual(5);
    expect(rec.legs.map((l) => [l.role, l.status])).toEqual([
      ['caller', '200'],
      ['callee', '200'],
    ]);

    const wav = await api.request<Buffer>('GET', `/api/call-records/${rec.id}/recording`);
    const left = middleRms(channel(wav, 0));
    const right = middleRms(channel(wav, 1));
    process.stdout.write(`recording RMS left (caller) ${left.toFixed(0)} right (callee) ${right.toFixed(0)}\n`);
    expect(Math.abs(left - sentA) / sentA).toBeLessThan(0.2);
    expect(Math.abs(right - sentB) / sentB).toBeLessThan(0.2);

    await page.getByTestId('side-menu').getByRole('menuitem', { name: '通话记录' }).click();
    await page.getByTestId(`play-${rec.id}`).click();
    const audio = page.getByTestId('recording-audio');
    await audio.waitFor();
    await expect
      .poll(() => audio.evaluate((el) => (el as HTMLAudioElement).readyState), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
    expect(await audio.evaluate((el) => (el as HTMLAudioElement).duration)).toBeGreaterThan(4);
    await shot(page, '11-call-record-player');
  });

  it('the echo test *43 sends the caller its own audio back', async () => {
    const before = a.dumps('dec').length;
    a.events.length = 0;
    a.command('dial', 'sip:*43@acme');
    await a.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await sleep(4000);
    a.command('hangup');
    await a.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await sleep(300);
    const dumps = a.dumps('dec');
    expect(dumps.length).toBe(before + 1);
    const sent = rms(channel(readFileSync(path.join(dir, 'a.wav'))));
    const heard = middleRms(channel(readFileSync(dumps[dumps.length - 1] as string)));
    process.stdout.write(`echo: sent ${sent.toFixed(0)} heard ${heard.toFixed(0)}\n`);
    expect(Math.abs(heard - sent) / sent).toBeLessThan(0.2);
  });
});
