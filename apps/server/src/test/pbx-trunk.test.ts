import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';
import { agentOf, detailsByPath, type ErrorBody } from './pbx-helpers.ts';

type TrunkBody = { id: string; name: string; hasPassword: boolean; password?: string; peers: string[] };

describe('trunks (中继) and trunk groups (智能中继)', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;
  let tenantA: string;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hj-trunk-'));

  beforeAll(async () => {
    t = await createTestApp({ CC_DATA_DIR: dataDir });
    const platform = await platformAdmin(t);
    ({ admin: a, tenantId: tenantA } = await createEnterprise(t, platform, 'trunk-a'));
    ({ admin: b } = await createEnterprise(t, platform, 'trunk-b'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a register trunk password sealed, never returns it, and hands it to the switch in clear', async () => {
    const trunk = await a.ok<TrunkBody>('POST', '/api/trunks', {
      name: '电信线路',
      kind: 'register',
      host: 'sip.carrier.example',
      username: '02566668888',
      password: 'Carrier#Secret1',
    });
    expect(trunk).toMatchObject({ name: '电信线路', hasPassword: true, codecs: ['PCMA', 'PCMU'], port: 5060 });
    expect(JSON.stringify(trunk)).not.toContain('Carrier#Secret1');
    const listed = await a.ok<{ items: TrunkBody[] }>('GET', '/api/trunks');
    expect(JSON.stringify(listed)).not.toContain('Carrier#Secret1');

    const rows = await t.database.db.execute<{ password_sealed: string }>(
      `select password_sealed from trunks where id = '${trunk.id}'`,
    );
    const sealed = (rows as unknown as { rows: Array<{ password_sealed: string }> }).rows[0]?.password_sealed ?? '';
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(sealed).not.toContain('Carrier#Secret1');
    expect(statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dataDir, 'secret.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);

    const forSwitch = await t.services.trunks.directory.trunkById(trunk.id);
    expect(forSwitch).toMatchObject({ tenantId: tenantA, password: 'Carrier#Secret1', username: '02566668888' });

    // An empty password on edit keeps the stored one; a new one replaces it.
    await a.ok('PATCH', `/api/trunks/${trunk.id}`, { password: '', maxCalls: 30 });
    expect((await t.services.trunks.directory.trunkById(trunk.id))?.password).toBe('Carrier#Secret1');
    await a.ok('PATCH', `/api/trunks/${trunk.id}`, { password: 'Carrier#Secret2' });
    expect((await t.services.trunks.directory.trunkById(trunk.id))?.password).toBe('Carrier#Secret2');

    const status = await a.ok<Array<{ trunkId: string; state: string }>>('GET', '/api/trunks/status');
    expect(status).toEqual([expect.objectContaining({ trunkId: trunk.id, state: 'unknown' })]);
  });

  it('validates kinds, peers and hosts with messages in the caller language', async () => {
    const noPeers = await a.call<ErrorBody>('POST', '/api/trunks', { name: 'IP', kind: 'ip', host: '10.0.0.1' });
    expect(detailsByPath(noPeers.body).peers).toBe('此项为必填项');
    const badPeer = await a.call<ErrorBody>(
      'POST',
      '/api/trunks',
      { name: 'IP', kind: 'ip', host: '10.0.0.1', peers: ['10.0.0.0/33', '10.0.0.300'] },
      { 'accept-language': 'en-US' },
    );
    expect(badPeer.status).toBe(400);
    expect(detailsByPath(badPeer.body)['peers.0']).toBe('Use an IP address or a CIDR range (e.g. 10.0.0.0/24)');
    expect(detailsByPath(badPeer.body)['peers.1']).toBeTruthy();
    const noPassword = await a.call<ErrorBody>('POST', '/api/trunks', {
      name: 'R',
      kind: 'register',
      host: 'bad host!',
      username: 'u',
    });
    const by = detailsByPath(noPassword.body);
    expect(by.password).toBe('此项为必填项');
    expect(by.host).toBe('地址须为域名或 IP 地址');
    const ip = await a.ok<TrunkBody>('POST', '/api/trunks', {
      name: '移动 IP 中继',
      kind: 'ip',
      host: '10.20.0.1',
      peers: ['10.20.0.0/24', '2001:db8::1'],
    });
    expect(ip.hasPassword).toBe(false);
    // Switching an IP trunk to register without a password is refused against the stored row.
    const toRegister = await a.call<ErrorBody>('PATCH', `/api/trunks/${ip.id}`, { kind: 'register', username: 'x' });
    expect(detailsByPath(toRegister.body).password).toBe('此项为必填项');
    const dup = await a.call<ErrorBody>('POST', '/api/trunks', {
      name: '移动 IP 中继',
      kind: 'ip',
      host: '10.20.0.2',
      peers: ['10.20.0.2'],
    });
    expect(dup.body.error.code).toBe('CONFLICT');
  });

  it('orders trunk groups over trunks of the same enterprise only, and keeps used trunks', async () => {
    const trunks = await a.ok<{ items: TrunkBody[] }>('GET', '/api/trunks');
    const ids = trunks.items.map((x) => x.id);
    const group = await a.ok<{ id: string; trunkIds: string[]; order: string }>('POST', '/api/trunk-groups', {
      name: '外呼智能中继',
      order: 'roundRobin',
      trunkIds: [ids[1], ids[0]],
    });
    expect(group).toMatchObject({ order: 'roundRobin', trunkIds: [ids[1], ids[0]] });
    const otherTrunk = await b.ok<TrunkBody>('POST', '/api/trunks', {
      name: 'B 的中继',
      kind: 'ip',
      host: '10.30.0.1',
      peers: ['10.30.0.1'],
    });
    const foreign = await a.call<ErrorBody>('POST', '/api/trunk-groups', { name: 'x', trunkIds: [otherTrunk.id] });
    expect(foreign.body.error.code).toBe('TRUNK_NOT_FOUND');
    const inUse = await a.call<ErrorBody>('DELETE', `/api/trunks/${ids[0]}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({ code: 'TRUNK_IN_USE', message: expect.stringContaining('外呼智能中继') });
    await a.ok('DELETE', `/api/trunk-groups/${group.id}`);
    await a.ok('DELETE', `/api/trunks/${ids[0]}`);
  });

  it('isolates enterprises and needs trunk permissions', async () => {
    const bList = await b.ok<{ items: TrunkBody[] }>('GET', '/api/trunks');
    expect(bList.items.map((x) => x.name)).toEqual(['B 的中继']);
    const aTrunk = (await a.ok<{ items: TrunkBody[] }>('GET', '/api/trunks')).items[0];
    expect((await b.call('GET', `/api/trunks/${aTrunk?.id}`)).status).toBe(404);
    expect((await b.call('PATCH', `/api/trunks/${aTrunk?.id}`, { maxCalls: 1 })).status).toBe(404);
    expect((await b.call('DELETE', `/api/trunks/${aTrunk?.id}`)).status).toBe(404);
    const agent = await agentOf(t, a, 'trunk-a');
    expect((await agent.call('GET', '/api/trunks')).status).toBe(403);
    expect((await agent.call('GET', '/api/trunks/status')).status).toBe(403);
    expect((await agent.call('POST', '/api/trunk-groups', { name: 'x', trunkIds: [aTrunk?.id] })).status).toBe(403);
    const log = await a.ok<{ items: Array<{ summary: string }> }>('GET', '/api/audit-logs?module=trunk&pageSize=20');
    const summaries = log.items.map((e) => e.summary);
    expect(summaries).toContain('trunk-a 企业管理员 删除了中继 电信线路');
    expect(summaries.find((s) => s.startsWith('trunk-a 企业管理员 新增了中继 电信线路'))).toBeTruthy();
  });
});
