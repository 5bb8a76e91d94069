import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CrmTenant,
  type CustomerBody,
  crmTenant,
  type ErrorBody,
  type ImportJobBody,
  importFile,
  multipart,
  type PageOf,
} from './crm-helpers.ts';
import { createTestApp, type TestApp } from './harness.ts';

type ErrorsBody = {
  items: Array<{ row: number; code: string; message: string; cells: string[] }>;
  total: number;
  header: string[];
};

describe('CRM import and export', () => {
  let t: TestApp;
  let c: CrmTenant;

  beforeAll(async () => {
    t = await createTestApp();
    c = await crmTenant(t, 'crm-imp');
    const roles = await c.admin.ok<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const adminRole = roles.find((r) => r.code === 'enterpriseAdmin')?.id;
    await c.admin.ok('POST', '/api/custom-fields', { key: 'budget', label: '预算', type: 'number', required: true });
    await c.admin.ok('POST', '/api/custom-fields', {
      key: 'grade',
      label: '意向等级',
      type: 'select',
      dictionaryType: 'customerTag',
    });
    await c.admin.ok('POST', '/api/custom-fields', {
      key: 'secret',
      label: '内部',
      type: 'text',
      readRoleIds: [adminRole],
    });
    await c.admin.ok('POST', '/api/blacklist', { number: '13911110000', reason: '投诉' });
    await c.admin.ok('POST', '/api/customers', {
      name: '老客户',
      ownerId: null,
      phones: [{ number: '13922220000' }],
      customFields: { budget: 1 },
    });
  });
  afterAll(() => t?.close());

  it('serves an import template in CSV and XLSX', async () => {
    const csv = await c.admin.call<string>('GET', '/api/customers/import-template?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    expect(csv.body).toContain('姓名,电话*,电话2');
    expect(csv.body).toContain('预算*');
    expect(csv.body).not.toContain('内部,'); // not writable... the admin may: only agents lose it
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/customers/import-template?format=xlsx',
      headers: { cookie: c.admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(1).getCell(1).value).toBe('姓名');
    // The template imports as is.
    const { job } = await importFile(t, c.admin, { name: 'template.csv', content: csv.body });
    expect(job).toMatchObject({ status: 'succeeded', created: 1, failed: 0 });
  });

  it('imports a UTF-8 CSV with bad rows, duplicates and a blacklisted number; reports each bad row', async () => {
    const csv = [
      '\uFEFF手机号码,客户姓名,公司,邮箱,来源,标签,预算,意向等级',
      '13800000001,甲,甲公司,a@x.cn,网站,"vip,新",100,VIP',
      '13800000002,乙,,,,,200,',
      'not-a-phone,丙,,,,,1,',
      ',丁,,,,,1,',
      '13800000003,戊,,bad-mail,,,1,',
      '13800000004,己,,,火星,,1,',
      '13800000005,庚,,,,,,', // missing required 预算
      '13800000006,辛,,,,,1,不存在',
      '13800000001,甲重复,,,,,1,', // duplicate within the file
      '13922220000,老客户重复,,,,,1,', // duplicate of an existing customer
      '13911110000,黑名单,,,,,1,',
      '13800000007,"引号,逗号",,,,,3.5,',
    ].join('\r\n');
    const { job } = await importFile(
      t,
      c.admin,
      { name: '客户.csv', content: csv },
      { dedup: 'skip', batch: 'B-UTF8' },
    );
    expect(job).toMatchObject({
      status: 'succeeded',
      batch: 'B-UTF8',
      total: 12,
      processed: 12,
      created: 4,
      skipped: 2,
      failed: 6,
      flagged: 1,
      progress: 100,
    });
    const errors = await c.admin.ok<ErrorsBody>('GET', `/api/customers/import/${job.id}/errors`);
    expect(errors.items.map((e) => [e.row, e.code])).toEqual([
      [4, 'PHONE_INVALID'],
      [5, 'IMPORT_PHONE_MISSING'],
      [6, 'IMPORT_EMAIL_INVALID'],
      [7, 'DICTIONARY_VALUE_INVALID'],
      [8, 'CUSTOM_FIELD_REQUIRED'],
      [9, 'DICTIONARY_VALUE_INVALID'],
      [10, 'IMPORT_DUPLICATE'],
      [11, 'IMPORT_DUPLICATE'],
    ]);
    expect(errors.items[1]?.message).toBe('没有电话号码');
    expect(errors.items[2]).toMatchObject({ message: '邮箱:bad-mail 不是有效的邮箱地址' });
    expect(errors.items[2]?.cells).toEqual(['13800000003', '戊', '', 'bad-mail', '', '', '1', '']);
    // The report: the file's columns with the row as read, then the line and the error, in the reader's language.
    const report = await c.admin.call<string>('GET', `/api/customers/import/${job.id}/errors.csv`);
    expect(report.status).toBe(200);
    expect(report.body.charCodeAt(0)).toBe(0xfeff);
    expect(report.body).toContain('手机号码,客户姓名,公司,邮箱,来源,标签,预算,意向等级,行号,错误说明');
    expect(report.body).toContain('13800000005,庚,,,,,,,8,预算 为必填项');
    expect(report.body).toContain('not-a-phone,丙,,,,,1,,4,"电话号码 not-a-phone 不是有效号码');
    const en = await c.admin.call<string>('GET', `/api/customers/import/${job.id}/errors.csv`, undefined, {
      'accept-language': 'en-US',
    });
    expect(en.body).toContain('意向等级,Row,Error');
    expect(en.body).toContain('13800000003,戊,,bad-mail,,,1,,6,邮箱: bad-mail is not a valid e-mail address');
    // A link cannot send the console's language: ?lang= wins over the browser's Accept-Language.
    const zh = await c.admin.call<string>('GET', `/api/customers/import/${job.id}/errors.csv?lang=zh-CN`, undefined, {
      'accept-language': 'en-US,en;q=0.9',
    });
    expect(zh.body).toContain('8,预算 为必填项');
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/api/customers/import/${job.id}/errors.csv?format=xlsx&lang=en-US`,
      headers: { cookie: c.admin.cookie },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      ...'手机号码,客户姓名,公司,邮箱,来源,标签,预算,意向等级,Row,Error'.split(','),
    ]);
    expect(sheet?.getRow(2).getCell(1).value).toBe('not-a-phone');

    const batch = await c.admin.ok<PageOf<CustomerBody>>(
      'GET',
      '/api/customers?importBatch=B-UTF8&sort=name&order=asc',
    );
    expect(batch.items.map((x) => x.name).sort()).toEqual(['乙', '引号,逗号', '甲', '黑名单'].sort());
    const jia = batch.items.find((x) => x.name === '甲');
    expect(jia).toMatchObject({ tags: ['vip', '新'], customFields: { budget: 100, grade: 'vip' }, ownerId: null });
    expect(batch.items.find((x) => x.name === '黑名单')?.blacklisted).toBe(true);
  });

  it('reads GBK CSV as Excel in China writes it, and UTF-8 without BOM', async () => {
    const text = '姓名,电话,预算,备注\r\n王五,13700000001,10,广州客户\r\n赵六,13700000002,20,深圳客户\r\n';
    const gbk = await importFile(
      t,
      c.admin,
      { name: 'gbk.csv', content: iconv.encode(text, 'gbk') },
      { batch: 'B-GBK' },
    );
    expect(gbk.job).toMatchObject({ status: 'succeeded', created: 2, failed: 0 });
    const rows = await c.admin.ok<PageOf<CustomerBody & { remark: string }>>('GET', '/api/customers?importBatch=B-GBK');
    expect(rows.items.map((x) => `${x.name}/${x.remark}`).sort()).toEqual(['王五/广州客户', '赵六/深圳客户']);
    const plain = await importFile(t, c.admin, {
      name: 'plain.csv',
      content: '电话,姓名,预算\n13700000003,钱七,1\n',
    });
    expect(plain.job).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('fails a file in an unknown encoding or without the phone column, with the reason', async () => {
    const latin1 = Buffer.from('Name,Phone,Budget\nCaf\xe9,13600000001,1\nJos\xe9,13600000002,1\n', 'latin1');
    const bad = await importFile(t, c.admin, { name: 'latin1.csv', content: latin1 });
    expect(bad.job.status).toBe('failed');
    expect(bad.job.error).toContain('编码');
    expect(bad.job.created).toBe(0);
    const utf16 = Buffer.from('姓名,电话,预算\n甲,13600000003,1\n', 'utf16le'); // no BOM: NUL bytes
    expect((await importFile(t, c.admin, { name: 'u16.csv', content: utf16 })).job.status).toBe('failed');
    const withBom = Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]);
    const ok16 = await importFile(t, c.admin, { name: 'u16bom.csv', content: withBom });
    expect(ok16.job).toMatchObject({ status: 'succeeded', created: 1 });
    const noPhone = await importFile(t, c.admin, { name: 'nophone.csv', content: '姓名,公司,预算\n甲,乙,1\n' });
    expect(noPhone.job).toMatchObject({ status: 'failed' });
    expect(noPhone.job.error).toContain('电话');
    const noBudget = await importFile(t, c.admin, { name: 'nobudget.csv', content: '姓名,电话\n甲,13600000009\n' });
    expect(noBudget.job.error).toContain('预算');
  });

  it('refuses an empty file, a header-only file and other file types', async () => {
    const empty = await importFile(t, c.admin, { name: 'empty.csv', content: '' });
    expect(empty.status).toBe(400);
    expect((empty.body as ErrorBody).error.code).toBe('IMPORT_EMPTY');
    const headerOnly = await importFile(t, c.admin, { name: 'header.csv', content: '姓名,电话,预算\r\n' });
    expect(headerOnly.job.status).toBe('failed');
    expect(headerOnly.job.error).toBe('文件中没有数据行');
    const pdf = await importFile(t, c.admin, { name: 'x.pdf', content: '%PDF' });
    expect((pdf.body as ErrorBody).error.code).toBe('IMPORT_FILE_TYPE');
    const noFile = multipart({ dedup: 'skip' });
    const res = await c.admin.call<ErrorBody>('POST', '/api/customers/import', noFile.body, {
      'content-type': noFile.contentType,
    });
    expect(res.body.error.code).toBe('IMPORT_FILE_MISSING');
    const badOpt = await importFile(t, c.admin, { name: 'a.csv', content: '电话\n13600000001\n' }, { dedup: 'merge' });
    expect(badOpt.status).toBe(400);
    expect(
      (await c.a1.call('POST', '/api/customers/import', noFile.body, { 'content-type': noFile.contentType })).status,
    ).toBe(403);
  });

  it('maps 10 columns by header in any order, in English or Chinese, and imports XLSX', async () => {
    const header = ['Remark', 'tags', 'Budget', '意向等级', 'Email', 'Name', 'phone', '电话2', 'Company', 'Address'];
    const row = [
      '备注内容',
      'a,b',
      '12',
      '重要客户',
      'x@y.cn',
      '十列',
      '13500000001',
      '021-61234567',
      '十列公司',
      '北京',
    ];
    const { job } = await importFile(t, c.admin, {
      name: 'ten.csv',
      content: `${header.join(',')}\n"${row.join('","')}"\n`,
    });
    expect(job).toMatchObject({ status: 'succeeded', created: 1, failed: 0 });
    const [got] = (
      await c.admin.ok<PageOf<CustomerBody & Record<string, unknown>>>('GET', '/api/customers?keyword=十列')
    ).items;
    expect(got).toMatchObject({
      name: '十列',
      company: '十列公司',
      address: '北京',
      email: 'x@y.cn',
      remark: '备注内容',
      tags: ['a', 'b'],
      customFields: { budget: 12, grade: 'important' },
    });
    expect(got?.phones.map((p) => p.e164)).toEqual(['+8613500000001', '+862161234567']);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['姓名', '手机', '预算', '备注']);
    ws.addRow(['表格一', 13500000002, 5, { richText: [{ text: '富' }, { text: '文本' }] }]);
    ws.addRow(['表格二', '13500000003', 6, new Date('2026-01-02T00:00:00Z')]);
    ws.addRow(['表格坏', '12', 6, '']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const x = await importFile(t, c.admin, { name: 'list.xlsx', content: xlsx }, { batch: 'B-XLSX' });
    expect(x.job).toMatchObject({ status: 'succeeded', created: 2, failed: 1 });
    const rows = await c.admin.ok<PageOf<CustomerBody & { remark: string }>>(
      'GET',
      '/api/customers?importBatch=B-XLSX',
    );
    expect(rows.items.map((r) => r.remark).sort()).toEqual(['2026-01-02', '富文本']);
  });

  it('updates or keeps both for duplicate phones, as chosen', async () => {
    const upd = await importFile(
      t,
      c.admin,
      { name: 'upd.csv', content: '电话,姓名,公司,预算,标签\n13922220000,老客户,新公司,9,复购\n' },
      { dedup: 'update' },
    );
    expect(upd.job).toMatchObject({ status: 'succeeded', created: 0, updated: 1 });
    const [old] = (
      await c.admin.ok<PageOf<CustomerBody & { company: string }>>('GET', '/api/customers?keyword=13922220000')
    ).items;
    expect(old).toMatchObject({ name: '老客户', company: '新公司', tags: ['复购'], customFields: { budget: 9 } });
    const both = await importFile(
      t,
      c.admin,
      { name: 'both.csv', content: '电话,姓名,预算\n13922220000,另一个老客户,1\n' },
      { dedup: 'keepBoth' },
    );
    expect(both.job).toMatchObject({ created: 1 });
    expect((await c.admin.ok<PageOf<CustomerBody>>('GET', '/api/customers?keyword=13922220000')).total).toBe(2);
  });

  it('imports a 50 MB CSV streamed from disk', async () => {
    const rows = 50_000;
    const filler = '长'.repeat(340); // ~1 KB of UTF-8 per row
    const parts: string[] = ['姓名,电话,预算,备注'];
    for (let i = 0; i < rows; i++) parts.push(`客户${i},1330${String(i).padStart(7, '0')},${i},${filler}`);
    const content = Buffer.from(parts.join('\n'));
    expect(content.length).toBeGreaterThan(50 * 1024 * 1024);
    const { job } = await importFile(t, c.admin, { name: 'big.csv', content }, { batch: 'B-BIG' });
    expect(job).toMatchObject({ status: 'succeeded', total: rows, created: rows, failed: 0 });
    // The list counts up to 10,000 and then says "more"; the table holds every row, each with its phone.
    expect(await c.admin.ok<PageOf<CustomerBody>>('GET', '/api/customers?importBatch=B-BIG&pageSize=1')).toMatchObject({
      total: 10_000,
      totalCapped: true,
    });
    const counted = await t.database.db.execute(sql`select count(distinct c.id)::int as n from customers c
      join customer_phones p on p.customer_id = c.id where c.import_batch = 'B-BIG'`);
    expect((counted as unknown as { rows: Array<{ n: number }> }).rows[0]?.n).toBe(rows);
    const jobs = await c.admin.ok<PageOf<ImportJobBody>>('GET', '/api/customers/import?pageSize=100');
    expect(jobs.items[0]?.batch).toBe('B-BIG');
  }, 120_000);

  it('exports CSV and XLSX honouring filters, visibility and field read permission', async () => {
    await c.admin.ok('POST', '/api/customers/assign', {
      mode: 'even',
      agentIds: [c.ids.a1],
      filter: { importBatch: 'B-GBK' },
    });
    const mine = await c.a1.call<ErrorBody>('GET', '/api/customers/export?format=csv');
    expect(mine.status).toBe(403); // agents have no customer:export
    const leader = await c.leader.call<string>('GET', '/api/customers/export?format=csv');
    expect(leader.status).toBe(200);
    const lines = leader.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toContain('预算');
    expect(lines[0]).not.toContain('内部');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['王五', '赵六']);
    const admin = await c.admin.call<string>('GET', '/api/customers/export?format=csv&importBatch=B-UTF8');
    const adminLines = admin.body.trim().split('\n');
    expect(adminLines[0]).toContain('内部');
    expect(adminLines.length).toBe(5);
    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/customers/export?format=xlsx&importBatch=B-UTF8',
      headers: { cookie: c.admin.cookie },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.rowCount).toBe(5);
    // The export re-imports: the same header names.
    const again = await importFile(t, c.admin, { name: 'again.csv', content: admin.body }, { dedup: 'skip' });
    expect(again.job).toMatchObject({ status: 'succeeded', skipped: 4 });
  });
});

describe('CRM import: batches written two at a time', () => {
  let t: TestApp;
  let c: CrmTenant;

  beforeAll(async () => {
    // Two rows per transaction, so a number repeated a few rows later meets a batch that is still being written.
    t = await createTestApp({ CC_IMPORT_BATCH_ROWS: '2' });
    c = await crmTenant(t, 'crm-imp2');
  });
  afterAll(() => t?.close());

  const file = [
    '姓名,电话,公司',
    '甲,13800000001,一',
    '乙,13800000002,一',
    '丙,13800000003,一',
    '甲二,13800000001,二',
    '丁,13800000004,一',
    '乙二,13800000002,二',
    '戊,13800000005,一',
    '甲三,13800000001,三',
  ].join('\n');
  const byPhone = async () => {
    const page = await c.admin.ok<PageOf<CustomerBody & { company: string | null }>>(
      'GET',
      '/api/customers?pageSize=100',
    );
    return Object.fromEntries(page.items.map((x) => [x.phones[0]?.e164?.slice(3), `${x.name}/${x.company}`]));
  };

  it('skips numbers repeated across batches, once each', async () => {
    const { job } = await importFile(t, c.admin, { name: 'a.csv', content: file }, { dedup: 'skip' });
    expect(job).toMatchObject({ status: 'succeeded', total: 8, created: 5, skipped: 3, failed: 0 });
    const errors = await c.admin.ok<ErrorsBody>('GET', `/api/customers/import/${job.id}/errors`);
    expect(errors.items.map((e) => [e.row, e.code])).toEqual([
      [5, 'IMPORT_DUPLICATE'],
      [7, 'IMPORT_DUPLICATE'],
      [9, 'IMPORT_DUPLICATE'],
    ]);
    expect(await byPhone()).toEqual({
      '13800000001': '甲/一',
      '13800000002': '乙/一',
      '13800000003': '丙/一',
      '13800000004': '丁/一',
      '13800000005': '戊/一',
    });
  });

  it('applies later rows of the same number in file order under "update" (name included)', async () => {
    await t.database.db.execute(sql`delete from customers where tenant_id = ${c.tenantId}`);
    const { job } = await importFile(t, c.admin, { name: 'b.csv', content: file }, { dedup: 'update' });
    expect(job).toMatchObject({ status: 'succeeded', total: 8, created: 5, updated: 3, failed: 0 });
    expect(await byPhone()).toEqual({
      '13800000001': '甲三/三',
      '13800000002': '乙二/二',
      '13800000003': '丙/一',
      '13800000004': '丁/一',
      '13800000005': '戊/一',
    });
  });
});
