import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserPhoneCredential } from '@hujiao/shared';
import { BrowserPhone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from './harness.ts';
import { addAgent, createSipApp, enterpriseWithAgents } from './sip-harness.ts';

/**
 * 网页电话's sign-in (POST /api/agent/phone): a credential for this session only, never the extension's password;
 * the browser phone (werift + SIP over WebSocket) registers with it, a wrong one is challenged again, and it stops
 * at sign-out. Addresses and ports of its own: 127.0.0.150 (PGlite) / .151 (PostgreSQL), SIP 38800, WS 38801,
 * RTP 38900-38999.
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const IP = PG ? '127.0.0.151' : '127.0.0.150';

describe('the browser phone’s credential for one sign-in', () => {
  let t: TestApp;
  let agent: Session;
  let noPhone: Session;
  const dir = mkdtempSync(join(tmpdir(), 'hujiao-bphone-'));
  const phones: BrowserPhone[] = [];
  const phone = (c: { authorizationUser?: string; password: string }, user = '1001') => {
    const p = new BrowserPhone({ url: `ws://${IP}:38801`, domain: 'bpco', user, host: IP, ...c });
    phones.push(p);
    return p;
  };

  beforeAll(async () => {
    t = await createSipApp(dir, IP, 38800, { rtpMin: 38900, rtpCount: 100, env: { CC_SIP_WS_PORT: '38801' } });
    await t.services.telephony.start();
    const e = await enterpriseWithAgents(t, 'bpco');
    agent = (await addAgent(t, e, 'bpco', '801', '1001')).session;
    noPhone = (await addAgent(t, e, 'bpco', '802')).session;
  });
  afterAll(async () => {
    for (const p of phones) await p.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues a credential of this sign-in that registers the bound extension, and not with a wrong password', async () => {
    const c = await agent.ok<BrowserPhoneCredential>('POST', '/api/agent/phone');
    expect(c).toMatchObject({ extension: '1001', domain: 'bpco', iceServers: [] });
    expect(c.authorizationUser).toMatch(/^1001\*[A-Za-z0-9_-]{12}$/);
    expect(c.password).not.toBe('SipPass#1001');
    expect(c.password.length).toBeGreaterThanOrEqual(32);
    expect(c.wsUrl).toMatch(/^ws:\/\/[^/]+:38801$/);
    expect(Date.parse(c.expiresAt)).toBeGreaterThan(Date.now());

    const good = phone(c);
    await good.connect();
    expect(await good.register()).toBe(200);
    expect(t.services.telephony.registrations().some((r) => r.extension === '1001' && r.transport === 'WS')).toBe(true);
    const bad = phone({ authorizationUser: c.authorizationUser, password: 'guess' });
    await bad.connect();
    expect(await bad.register()).toBe(401);
    // Another extension's number with this credential: refused.
    const other = phone(c, '1002');
    await other.connect();
    expect(await other.register()).not.toBe(200);
  });

  it('refuses a user without a bound extension, in their language', async () => {
    const r = await noPhone.call<{ error: { code: string; message: string } }>('POST', '/api/agent/phone');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('PHONE_NO_EXTENSION');
    expect(r.body.error.message).toContain('分机');
  });

  it('stops at sign-out: the same credential is challenged again', async () => {
    const c = await agent.ok<BrowserPhoneCredential>('POST', '/api/agent/phone');
    const p = phone(c);
    await p.connect();
    expect(await p.register()).toBe(200);
    expect((await agent.call('POST', '/api/auth/logout')).status).toBe(200);
    const again = phone(c);
    await again.connect();
    expect(await again.register()).toBe(401);
  });
});
