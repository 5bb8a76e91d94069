import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from './crm-helpers.ts';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';
import { agentOf, type ErrorBody } from './pbx-helpers.ts';

type Entry = { id: string; number: string; list: string; status: string; match: string; expired: boolean };

describe('black and red lists (黑名单/红名单)', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;
  let tenantA: string;

  const upload = (s: Session, name: string, content: Buffer | string, list = 'black') => {
    const { body, contentType } = multipart({}, { name, content });
    return s.call<ErrorBody & { created: number }>('POST', `/api/number-lists/import?list=${list}`, body, {
      'content-type': contentType,
    });
  };
  const count = async (s: Session, query = '') =>
    (await s.ok<{ total: number }>('GET', `/api/number-lists?pageSize=100${query}`)).total;

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await platformAdmin(t);
    ({ admin: a, tenantId: tenantA } = await createEnterprise(t, platform, 'list-a'));
    ({ admin: b } = await createEnterprise(t, platform, 'list-b'));
  });
  afterAll(() => t?.close());

  it('adds entries pending review; only approved, unexpired ones match, exact before the longest prefix', async () => {
    const exact = await a.ok<Entry>('POST', '/api/number-lists', {
      list: 'black',
      number: '13800138000',
      reason: '骚扰',
    });
    expect(exact).toMatchObject({ status: 'pending', direction: 'both', match: 'exact', expired: false });
    expect(await t.services.numberLists.match(tenantA, 'black', '13800138000', 'inbound')).toBeNull();
    const reviewed = await a.ok<Entry>('POST', `/api/number-lists/${exact.id}/review`, { status: 'approved' });
    expect(reviewed.status).toBe('approved');
    const again = await a.call<ErrorBody>('POST', `/api/number-lists/${exact.id}/review`, { status: 'rejected' });
    expect(again.body.error.code).toBe('NUMBER_LIST_ALREADY_REVIEWED');
    expect((await t.services.numberLists.match(tenantA, 'black', '13800138000', 'inbound'))?.id).toBe(exact.id);

    const prefix = await a.ok<Entry>('POST', '/api/number-lists', {
      list: 'black',
      number: '1380013',
      match: 'prefix',
      direction: 'outbound',
    });
    await a.ok('POST', `/api/number-lists/${prefix.id}/review`, { status: 'approved' });
    expect((await t.services.numberLists.match(tenantA, 'black', '13800138000', 'outbound'))?.id).toBe(exact.id);
    expect((await t.services.numberLists.match(tenantA, 'black', '13800139999', 'outbound'))?.id).toBe(prefix.id);
    // Outbound only: an inbound caller from the prefix is not blocked.
    expect(await t.services.numberLists.match(tenantA, 'black', '13800139999', 'inbound')).toBeNull();

    const past = await a.ok<Entry>('POST', '/api/number-lists', {
      list: 'red',
      number: '13900000000',
      expiresAt: '2020-01-01T00:00:00+08:00',
    });
    await a.ok('POST', `/api/number-lists/${past.id}/review`, { status: 'approved' });
    expect((await a.ok<Entry>('GET', `/api/number-lists/${past.id}`)).expired).toBe(true);
    expect(await t.services.numberLists.match(tenantA, 'red', '13900000000', 'inbound')).toBeNull();

    // An edit sends the entry back to review.
    const edited = await a.ok<Entry>('PATCH', `/api/number-lists/${exact.id}`, { reason: '诈骗' });
    expect(edited.status).toBe('pending');
    expect(await count(a, '&status=pending')).toBe(1);
    expect(await count(a, '&list=red')).toBe(1);
  });

  it('imports a UTF-8 CSV with BOM (Excel) and a GBK one, in Chinese headers and values', async () => {
    const bom = `\uFEFF号码,名单类型,方向,匹配方式,原因,有效期\r\n13700000001,黑名单,呼入,精确,推销,2027-12-31\r\n137 0000 0002,,双向,,,\r\n`;
    const res = await upload(a, 'excel.csv', Buffer.from(bom, 'utf8'));
    expect(res.body).toEqual({ created: 2 });
    const gbk = iconv.encode('号码,名单类型,原因\r\n13700000003,红名单,大客户\r\n', 'gbk');
    expect((await upload(a, 'gbk.csv', gbk)).body).toEqual({ created: 1 });
    const red = await a.ok<{ items: Array<Entry & { reason: string }> }>('GET', '/api/number-lists?list=red');
    expect(red.items.map((e) => [e.number, e.reason, e.status])).toContainEqual(['13700000003', '大客户', 'pending']);
    const imported = await a.ok<{ items: Array<Entry & { expiresAt: string | null; direction: string }> }>(
      'GET',
      '/api/number-lists?keyword=1370000000',
    );
    const first = imported.items.find((e) => e.number === '13700000001');
    expect(first).toMatchObject({ direction: 'inbound', list: 'black', expiresAt: '2027-12-31T15:59:59.000Z' });
    expect(imported.items.find((e) => e.number === '13700000002')?.direction).toBe('both');
  });

  it('imports XLSX, and stores nothing when any row is wrong (each bad row with its line)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['Number', 'List', 'Reason']);
    ws.addRow([13600000001, 'black', 'spam']);
    ws.addRow(['13600000002', 'red', 'vip']);
    const ok = await upload(a, 'list.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(ok.body).toEqual({ created: 2 });

    const before = await count(a);
    const bad = [
      '号码,名单类型,方向',
      '13500000001,黑名单,呼入', // good
      'abc,黑名单,呼入', // line 3: not a number
      '13500000002,灰名单,呼入', // line 4: unknown list
      '13500000001,黑名单,呼入', // line 5: same as line 2
      '13600000001,黑名单,双向', // line 6: already stored (from the XLSX)
    ].join('\n');
    const res = await upload(a, 'bad.csv', bad);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'NUMBER_LIST_IMPORT_INVALID',
      message: '文件中有 4 行有误,未导入任何记录',
    });
    expect(res.body.error.details?.map((d) => d.path)).toEqual(['3', '4', '5', '6']);
    expect(res.body.error.details?.[1]?.message).toBe('名单类型: 无法识别的值“灰名单”');
    expect(res.body.error.details?.[2]?.message).toBe('与第 2 行重复');
    expect(await count(a)).toBe(before);

    const noNumber = await upload(a, 'h.csv', '姓名,原因\n张三,x\n');
    expect(noNumber.body.error.code).toBe('IMPORT_HEADER_MISSING');
    const binary = await upload(a, 'x.csv', Buffer.from([0x00, 0xff, 0x00, 0xfe, 0x81, 0x00]));
    expect(binary.body.error.code).toBe('IMPORT_FILE_INVALID');
    const wrongType = await upload(a, 'x.pdf', 'x');
    expect(wrongType.body.error.code).toBe('IMPORT_FILE_TYPE');
    const empty = await upload(a, 'e.csv', '号码\n');
    expect(empty.body.error.code).toBe('IMPORT_EMPTY');
    const form = multipart({}, { name: 'bad.csv', content: 'number\nabc\n' });
    const en = await a.call<ErrorBody>('POST', '/api/number-lists/import?list=black', form.body, {
      'content-type': form.contentType,
      'accept-language': 'en-US',
    });
    expect(en.body.error.message).toBe('Wrong rows in the file: 1; nothing was imported');
    expect(en.body.error.details).toEqual([{ path: '2', message: 'Number: Use digits, optionally with a leading +' }]);
    const template = await a.call<string>('GET', '/api/number-lists/template');
    expect(template.body.startsWith('\uFEFF号码,名单类型')).toBe(true);
  });

  it('keeps enterprises apart and needs the list permissions (approve separately)', async () => {
    expect(await count(b)).toBe(0);
    const entry = (await a.ok<{ items: Entry[] }>('GET', '/api/number-lists?status=pending')).items[0] as Entry;
    expect((await b.call('GET', `/api/number-lists/${entry.id}`)).status).toBe(404);
    expect((await b.call('POST', `/api/number-lists/${entry.id}/review`, { status: 'approved' })).status).toBe(404);
    expect((await b.call('DELETE', `/api/number-lists/${entry.id}`)).status).toBe(404);
    const agent = await agentOf(t, a, 'list-a');
    expect((await agent.call('GET', '/api/number-lists')).status).toBe(403);
    expect((await agent.call('POST', `/api/number-lists/${entry.id}/review`, { status: 'approved' })).status).toBe(403);
    // A role that manages the lists without approve cannot review.
    const role = await a.ok<{ id: string }>('POST', '/api/roles', {
      name: '名单录入',
      permissions: ['numberList:view', 'numberList:manage'],
    });
    await a.ok('POST', '/api/users', { username: 'clerk', name: '录入员', password: 'Clerk#2026', roleIds: [role.id] });
    const { Session } = await import('./harness.ts');
    const clerk = new Session(t.app);
    expect((await clerk.login('account', 'clerk', 'Clerk#2026')).status).toBe(200);
    expect((await clerk.call('POST', '/api/number-lists', { list: 'black', number: '13300000000' })).status).toBe(200);
    expect((await clerk.call('POST', `/api/number-lists/${entry.id}/review`, { status: 'approved' })).status).toBe(403);
  });
});
