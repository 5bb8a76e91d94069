import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api.ts';
import { acceptInitialPassword } from './first-login.ts';
import { launchBrowser, type RunningServer, root, shot, signInAccount, startServer } from './support.ts';

const MP3 = path.join(root, 'apps/server/src/modules/voice-file/test-support/tone-1khz.mp3');

/** 语音文件 and 保持音乐 in the console: upload an MP3, approve it, play it in the page, make it the hold music. */
describe('voice files and music on hold', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: ApiClient;

  const signIn = (locale: 'zh-CN' | 'en-US'): Promise<Page> =>
    signInAccount(browser, server, locale, 'voice', 'VoiceAdmin#2026');

  beforeAll(async () => {
    server = await startServer({ CC_ADMIN_PASSWORD: 'Platform#2026' });
    const platform = new ApiClient(server.url);
    await platform.login('account', 'admin', 'Platform#2026');
    await platform.request('POST', '/api/tenants', {
      account: 'voice',
      name: '语音企业',
      adminPassword: 'VoiceAdmin#2026',
    });
    await acceptInitialPassword(server.url, 'account', 'voice', 'VoiceAdmin#2026');
    api = new ApiClient(server.url);
    await api.login('account', 'voice', 'VoiceAdmin#2026');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('uploads an MP3 (待审核), approves it, plays the converted file and uses it as the default hold music', async () => {
    const page = await signIn('zh-CN');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '语音文件' }).click();
    await page.getByTestId('voice-file-upload').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles(MP3);
    // The name is taken from the file name; the admin changes it.
    expect(await dialog.getByTestId('voice-file-name').inputValue()).toBe('tone-1khz');
    await dialog.getByTestId('voice-file-name').fill('欢迎语');
    await shot(page, 'voice-file-upload-zh');
    await dialog.getByRole('button', { name: '保存' }).click();
    const row = page.locator('tr.ant-table-row').filter({ hasText: '欢迎语' });
    await row.getByText('待审核').waitFor();
    expect(await row.textContent()).toContain('MP3 32000 Hz 2 ch');
    expect(await row.textContent()).toContain('00:03');
    await shot(page, 'voice-files-pending-zh');

    await row.getByTestId('review-欢迎语').click();
    await page.getByTestId('voice-file-approve').click();
    await row.getByText('已通过').waitFor();

    await row.getByTestId('play-欢迎语').click();
    const audio = page.getByTestId('voice-file-audio');
    await audio.waitFor();
    // The browser loads the converted WAV through the session-authorized endpoint and knows its length.
    await page.waitForFunction(
      () =>
        ((document.querySelector('[data-testid=voice-file-audio]') as HTMLAudioElement | null)?.duration ?? 0) > 2.5,
    );
    const duration = await audio.evaluate((a) => (a as HTMLAudioElement).duration);
    expect(duration).toBeGreaterThan(2.9);
    expect(duration).toBeLessThan(3.2);
    await shot(page, 'voice-file-player-zh');
    await page.keyboard.press('Escape');

    await page.getByTestId('side-menu').getByRole('menuitem', { name: '保持音乐' }).click();
    await page.getByRole('button', { name: '新增分类' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('分类名称').fill('默认音乐');
    await drawer.getByLabel('默认分类').click();
    await drawer.getByLabel('播放文件(按顺序)').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '欢迎语' }).click();
    await page.keyboard.press('Escape');
    await shot(page, 'moh-class-form-zh');
    await drawer.getByRole('button', { name: '保存' }).click();
    const cls = page.locator('tr.ant-table-row').filter({ hasText: '默认音乐' });
    await cls.waitFor();
    expect(await cls.textContent()).toContain('1. 欢迎语');
    expect(await cls.textContent()).toContain('默认');
    await shot(page, 'moh-classes-zh');
    const classes = await api.request<Array<{ name: string; isDefault: boolean; fileIds: string[] }>>(
      'GET',
      '/api/moh-classes',
    );
    expect(classes.map((c) => [c.name, c.isDefault, c.fileIds.length])).toEqual([['默认音乐', true, 1]]);
    expect(errors).toEqual([]);
  });

  it('shows both pages in en-US', async () => {
    const page = await signIn('en-US');
    for (const p of ['voice-files', 'music-on-hold']) {
      await page.goto(`${server.url}/${p}`);
      await page.locator('.ant-card-head-title').first().waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, `${p}-en-US`);
    }
    await page.goto(`${server.url}/voice-files`);
    const row = page.locator('tr.ant-table-row').filter({ hasText: '欢迎语' });
    expect(await row.textContent()).toContain('Approved');
    expect(await row.textContent()).toContain('IVR prompt');
  });
});
