import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phoneGeoLoaded } from '../modules/customer/phone-geo.ts';
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
import { createTestApp, type Session, type TestApp } from './harness.ts';

type ErrorsBody = { items: Array<{ row: number; code: string; message: string; cells: string[] }>; total: number };
type Preview = {
  uploadId: string;
  columns: Array<{ header: string; target: string }>;
  unknown: string[];
  sample: string[][];
};
type Job = ImportJobBody & { ignoredColumns: string[] };
type Field = { key: string; label: string; type: string };
type Customer = Omit<CustomerBody, 'phones'> & {
  company: string | null;
  phones: Array<CustomerBody['phones'][number] & { raw: string }>;
};

async function preview(s: Session, name: string, content: string) {
  const { body, contentType } = multipart({}, { name, content });
  return s.call<Preview>('POST', '/api/customers/import/preview', body, { 'content-type': contentType });
}

async function importUpload(t: TestApp, s: Session, fields: Record<string, string>) {
  const { body, contentType } = multipart(fields);
  const res = await s.call<Job>('POST', '/api/customers/import', body, { 'content-type': contentType });
  if (res.status !== 200) return { status: res.status, body: res.body as unknown };
  await t.services.imports.idle();
  return { status: 200, body: await s.ok<Job>('GET', `/api/customers/import/${res.body.id}`) };
}

describe('CRM import rules: phones, unknown columns, the update policy, merging', () => {
  let t: TestApp;
  let c: CrmTenant;

  beforeAll(async () => {
    t = await createTestApp();
    c = await crmTenant(t, 'crm-rules');
  });
  afterAll(() => t?.close());

  it('refuses numbers that are no valid number per row, and shows province and city of mobiles and landlines', async () => {
    // Loaded on first use only: an idle server does not hold the prefix table.
    expect(phoneGeoLoaded()).toBe(false);
    const csv = [
      '姓名,电话',
      '短号,12345',
      '七位,1234567',
      '无区号固话,88888888',
      '银行客服,95588',
      '运营商,10086',
      '未分配号段,14000000000',
      '手机,13800138000',
      '北京固话,010-62345678',
      '深圳固话,0755 2345 6789',
      '全角手机,１３９１２３４５６７８',
      '四百,400-812-3456',
      '带国家码,+86 186-0000-1111',
    ].join('\n');
    const { job } = await importFile(t, c.admin, { name: 'phones.csv', content: csv }, { batch: 'B-PHONE' });
    expect(job).toMatchObject({ status: 'succeeded', total: 12, created: 6, failed: 6 });
    const errors = await c.admin.ok<ErrorsBody>('GET', `/api/customers/import/${job.id}/errors`);
    expect(errors.items.map((e) => [e.row, e.code, e.cells[1]])).toEqual([
      [2, 'PHONE_INVALID', '12345'],
      [3, 'PHONE_INVALID', '1234567'],
      [4, 'PHONE_INVALID', '88888888'],
      [5, 'PHONE_INVALID', '95588'],
      [6, 'PHONE_INVALID', '10086'],
      [7, 'PHONE_INVALID', '14000000000'],
    ]);
    expect(errors.items[0]?.message).toContain('12345 不是有效号码');

    const list = await c.admin.ok<PageOf<Customer>>('GET', '/api/customers?importBatch=B-PHONE&pageSize=50');
    const where = Object.fromEntries(
      list.items.map((x) => [x.name, [x.phones[0]?.e164, x.phones[0]?.region, x.phones[0]?.carrier]]),
    );
    expect(where).toEqual({
      手机: ['+8613800138000', '北京市', '中国移动'],
      北京固话: ['+861062345678', '北京市', null],
      深圳固话: ['+8675523456789', '广东省深圳市', null],
      全角手机: ['+8613912345678', '江苏省常州市', '中国移动'],
      四百: ['+864008123456', '中国', null],
      带国家码: ['+8618600001111', '北京市', '中国联通'],
    });
    expect(phoneGeoLoaded()).toBe(true);
    // In English where the data has it.
    const en = await c.admin.call<PageOf<Customer>>(
      'GET',
      '/api/customers?importBatch=B-PHONE&pageSize=50',
      undefined,
      {
        'accept-language': 'en-US',
      },
    );
    const sz = en.body.items.find((x) => x.name === '深圳固话')?.phones[0];
    expect(sz?.region).toBe('Shenzhen, Guangdong');
    expect(en.body.items.find((x) => x.name === '手机')?.phones[0]).toMatchObject({
      region: 'Beijing',
      carrier: 'China Mobile',
    });
    // The same rule for numbers typed in the console.
    const typed = await c.admin.call<ErrorBody>('POST', '/api/customers', { name: 'x', phones: [{ number: '12345' }] });
    expect(typed.status).toBe(400);
    expect(typed.body.error.code).toBe('PHONE_INVALID');
    // The screen pop tells the city too.
    const pop = await c.admin.ok<{ region: string; carrier: string }>('GET', '/api/customers/by-phone/13800138000');
    expect(pop).toMatchObject({ region: '北京市', carrier: '中国移动' });
  });

  it('reports columns that match no field, and maps them to a new or an existing custom field', async () => {
    await c.admin.ok('POST', '/api/custom-fields', { key: 'wechat', label: '微信', type: 'text' });
    const file = ['电话,姓名,微信号,生日,备用', '13700000001,甲,wx-a,1990-01-01,x', '13700000002,乙,wx-b,,y'].join(
      '\n',
    );
    const p = await preview(c.admin, 'cols.csv', file);
    expect(p.status).toBe(200);
    expect(p.body.columns).toEqual([
      { header: '电话', target: 'phone' },
      { header: '姓名', target: 'system:name' },
      { header: '微信号', target: 'ignore' },
      { header: '生日', target: 'ignore' },
      { header: '备用', target: 'ignore' },
    ]);
    expect(p.body.unknown).toEqual(['微信号', '生日', '备用']);
    expect(p.body.sample[0]).toEqual(['13700000001', '甲', 'wx-a', '1990-01-01', 'x']);

    // 微信号 → the existing field 微信, 生日 → a new field, 备用 dropped (and named in the job).
    const done = await importUpload(t, c.admin, {
      uploadId: p.body.uploadId,
      batch: 'B-COLS',
      columns: JSON.stringify({ 微信号: 'cf:wechat', 生日: 'new', 备用: 'ignore' }),
    });
    expect(done.status).toBe(200);
    const job = done.body as Job;
    expect(job).toMatchObject({ status: 'succeeded', created: 2, ignoredColumns: ['备用'] });
    const fields = await c.admin.ok<Field[]>('GET', '/api/custom-fields');
    const birthday = fields.find((f) => f.label === '生日');
    expect(birthday).toMatchObject({ type: 'text' });
    const list = await c.admin.ok<PageOf<Customer>>('GET', '/api/customers?importBatch=B-COLS&sort=name&order=asc');
    const jia = list.items.find((x) => x.name === '甲');
    expect(jia?.customFields).toEqual({ wechat: 'wx-a', [birthday?.key as string]: '1990-01-01' });

    // The upload is used once.
    const again = await importUpload(t, c.admin, { uploadId: p.body.uploadId });
    expect(again.status).toBe(404);
    expect((again.body as ErrorBody).error.code).toBe('IMPORT_UPLOAD_EXPIRED');
    // Without a mapping the job names every dropped column.
    const plain = await importFile(t, c.admin, { name: 'plain.csv', content: '电话,姓名,未知列\n13700000009,丙,z\n' });
    expect((plain.job as Job).ignoredColumns).toEqual(['未知列']);
    // Creating a field needs customField:manage: the team leader may import but not create fields.
    const lp = await preview(c.leader, 'cols.csv', file);
    expect(lp.status).toBe(200);
    const refused = await importUpload(t, c.leader, {
      uploadId: lp.body.uploadId,
      columns: JSON.stringify({ 备用: 'new' }),
    });
    expect(refused.status).toBe(403);
    // Another user cannot use someone's upload.
    const other = await preview(c.admin, 'cols.csv', file);
    expect((await importUpload(t, c.leader, { uploadId: other.body.uploadId })).status).toBe(404);
  });

  it('updates the name and every mapped field under "更新", and the batch filter finds updated customers', async () => {
    const created = await c.admin.ok<Customer>('POST', '/api/customers', {
      name: '旧名',
      company: '旧公司',
      remark: '旧备注',
      phones: [{ number: '13600000001' }],
    });
    await importFile(t, c.admin, { name: 'b0.csv', content: '电话,姓名\n13600000002,另一位\n' }, { batch: 'B0' });
    const { job } = await importFile(
      t,
      c.admin,
      {
        name: 'upd.csv',
        content:
          '电话,姓名,公司,邮箱,备注\n136 0000 0001,新名,新公司,new@x.cn,\n13600000002,,改过的公司,,\n13600000003,新客户,,,\n',
      },
      { dedup: 'update', batch: 'B1' },
    );
    expect(job).toMatchObject({ status: 'succeeded', created: 1, updated: 2, failed: 0 });
    const one = await c.admin.ok<Customer & { email: string; remark: string }>('GET', `/api/customers/${created.id}`);
    // Empty cells leave the stored value; a file without a name keeps the stored name.
    expect(one).toMatchObject({ name: '新名', company: '新公司', email: 'new@x.cn', remark: '旧备注' });
    const b1 = await c.admin.ok<PageOf<Customer>>('GET', '/api/customers?importBatch=B1&sort=name&order=asc');
    expect(b1.items.map((x) => `${x.name}/${x.company ?? ''}`).sort()).toEqual(
      ['另一位/改过的公司', '新名/新公司', '新客户/'].sort(),
    );
    // The batch that created a customer still finds it.
    const b0 = await c.admin.ok<PageOf<Customer>>('GET', '/api/customers?importBatch=B0');
    expect(b0.items.map((x) => x.name)).toEqual(['另一位']);
    // Updating again in the same batch name is recorded once.
    await importFile(
      t,
      c.admin,
      { name: 'again.csv', content: '电话,姓名\n13600000001,新名\n' },
      {
        dedup: 'update',
        batch: 'B1',
      },
    );
    expect((await c.admin.ok<PageOf<Customer>>('GET', '/api/customers?importBatch=B1')).total).toBe(3);
  });

  it('merges customers whose numbers are the same in other spellings into one number', async () => {
    const csv = [
      '姓名,电话',
      '甲一,+8613500000001',
      '甲二,135 0000 0001',
      '甲三,135-0000-0001 / 0086 13500000002',
    ].join('\n');
    const { job } = await importFile(
      t,
      c.admin,
      { name: 'dups.csv', content: csv },
      { dedup: 'keepBoth', batch: 'B-M' },
    );
    expect(job).toMatchObject({ created: 3 });
    const list = await c.admin.ok<PageOf<Customer>>('GET', '/api/customers?importBatch=B-M&sort=name&order=asc');
    const byName = Object.fromEntries(list.items.map((x) => [x.name, x.id]));
    const merged = await c.admin.ok<Customer>('POST', '/api/customers/merge', {
      keepId: byName.甲二,
      mergeIds: [byName.甲一, byName.甲三],
    });
    expect(merged.phones.map((p) => [p.raw, p.e164])).toEqual([
      ['135 0000 0001', '+8613500000001'],
      ['0086 13500000002', '+8613500000002'],
    ]);
    const dupGroups = await c.admin.ok<Array<{ e164: string }>>('GET', '/api/customers/duplicates');
    expect(dupGroups.find((g) => g.e164 === '+8613500000001')).toBeUndefined();
  });
});
