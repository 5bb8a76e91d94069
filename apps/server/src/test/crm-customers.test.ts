import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmTenant, type CustomerBody, crmTenant, type ErrorBody, names, type PageOf } from './crm-helpers.ts';
import { createTestApp, type TestApp } from './harness.ts';

describe('CRM: dictionary, custom fields, customers, visibility', () => {
  let t: TestApp;
  let c: CrmTenant;

  beforeAll(async () => {
    t = await createTestApp();
    c = await crmTenant(t, 'crm-cust');
  });
  afterAll(() => t?.close());

  it('seeds the data dictionary with defaults and lets the admin manage it', async () => {
    const types = await c.a1.ok<Array<{ id: string; code: string; builtin: boolean; items: Array<{ value: string }> }>>(
      'GET',
      '/api/dictionaries',
    );
    const ticketType = types.find((x) => x.code === 'ticketType');
    expect(ticketType?.items.map((i) => i.value)).toEqual(['consult', 'complaint', 'repair', 'suggestion', 'order']);
    for (const code of ['followUpType', 'followUpStatus', 'ticketStatus', 'busyReason', 'customerSource']) {
      expect(types.find((x) => x.code === code)?.items.length).toBeGreaterThan(2);
    }
    // Agents read, only admins manage.
    expect((await c.a1.call('POST', '/api/dictionaries', { code: 'customerLevel', name: '客户等级' })).status).toBe(
      403,
    );
    const level = await c.admin.ok<{ id: string }>('POST', '/api/dictionaries', {
      code: 'customerLevel',
      name: '客户等级',
    });
    for (const [value, label] of [
      ['A', 'A 类'],
      ['B', 'B 类'],
      ['C', 'C 类'],
    ]) {
      await c.admin.ok('POST', `/api/dictionaries/${level.id}/items`, { value, label });
    }
    const builtin = types.find((x) => x.code === 'busyReason');
    const del = await c.admin.call<ErrorBody>('DELETE', `/api/dictionaries/${builtin?.id}`);
    expect(del.body.error.code).toBe('DICTIONARY_BUILTIN');
    const dup = await c.admin.call('POST', `/api/dictionaries/${level.id}/items`, { value: 'A', label: '重复' });
    expect(dup.status).toBe(409);
  });

  it('creates customers with normalised phones, region and carrier', async () => {
    const created = await c.a1.ok<CustomerBody & { contacts: unknown[] }>('POST', '/api/customers', {
      name: '张三',
      company: '北京某科技',
      phones: [{ number: '138 0013 8000', label: '手机' }, { number: '010-62345678' }],
      contacts: [{ name: '李秘书', title: '秘书', phone: '13900000000' }],
      tags: ['vip'],
      source: 'inbound',
    });
    expect(created.ownerId).toBe(c.ids.a1);
    // 归属地: province and city of the mobile range and of the area code (libphonenumber's geocoding data).
    expect(created.phones[0]).toMatchObject({ e164: '+8613800138000', region: '北京市', carrier: '中国移动' });
    expect(created.phones[1]).toMatchObject({ e164: '+861062345678', region: '北京市', carrier: null });
    expect(created.contacts).toHaveLength(1);
    // The same number again is refused unless asked for.
    const again = await c.a2.call<ErrorBody>('POST', '/api/customers', {
      name: '张三2',
      phones: [{ number: '13800138000' }],
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CUSTOMER_PHONE_EXISTS');
    const bad = await c.a1.call<ErrorBody>('POST', '/api/customers', { name: 'x', phones: [{ number: '12' }] });
    expect(bad.status).toBe(400);
    const badSource = await c.a1.call<ErrorBody>('POST', '/api/customers', { name: 'x', source: 'nope' });
    expect(badSource.body.error.code).toBe('DICTIONARY_VALUE_INVALID');
  });

  it('shows agents their own customers, team leaders their team, admins all', async () => {
    await c.a2.ok('POST', '/api/customers', { name: '二的客户', phones: [{ number: '13700000002' }] });
    await c.b1.ok('POST', '/api/customers', { name: '三的客户', phones: [{ number: '13700000003' }] });
    await c.leader.ok('POST', '/api/customers', { name: '班长的客户' });
    await c.admin.ok('POST', '/api/customers', { name: '无主客户', ownerId: null });
    expect(await names(c.a1)).toEqual(['张三']);
    expect(await names(c.a2)).toEqual(['二的客户']);
    expect(await names(c.b1)).toEqual(['三的客户']);
    expect(await names(c.leader)).toEqual(['二的客户', '张三', '班长的客户'].sort());
    expect(await names(c.admin)).toEqual(['三的客户', '二的客户', '张三', '无主客户', '班长的客户'].sort());

    const b1s = await c.b1.ok<PageOf<CustomerBody>>('GET', '/api/customers');
    const id = b1s.items[0]?.id as string;
    expect((await c.a1.call('GET', `/api/customers/${id}`)).status).toBe(404);
    expect((await c.a1.call('PATCH', `/api/customers/${id}`, { name: '偷改' })).status).toBe(404);
    expect((await c.leader.call('DELETE', `/api/customers/${id}`)).status).toBe(403); // no customer:delete
    expect((await c.admin.call('GET', `/api/customers/${id}`)).status).toBe(200);
    // Screen pop finds only visible customers, but always tells the region.
    const pop = await c.a1.ok<{ e164: string; customers: unknown[]; carrier: string }>(
      'GET',
      '/api/customers/by-phone/13700000003',
    );
    expect(pop).toMatchObject({ e164: '+8613700000003', carrier: '中国移动' });
    expect(pop.customers).toHaveLength(0);
    const popB = await c.b1.ok<{ customers: CustomerBody[] }>('GET', '/api/customers/by-phone/+86%20137%200000%200003');
    expect(popB.customers.map((x) => x.name)).toEqual(['三的客户']);
    // An agent cannot give a customer to someone else (customer:assign).
    const give = await c.a1.call('POST', '/api/customers', { name: '给别人', ownerId: c.ids.a2 });
    expect(give.status).toBe(403);
  });

  it('validates custom fields and enforces per-role read/write permission', async () => {
    const roles = await c.admin.ok<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const role = (code: string) => roles.find((r) => r.code === code)?.id as string;
    const field = (body: Record<string, unknown>) => c.admin.ok<{ id: string }>('POST', '/api/custom-fields', body);
    await field({ key: 'level', label: '客户等级', type: 'select', dictionaryType: 'customerLevel' });
    await field({ key: 'budget', label: '预算', type: 'number', required: true });
    await field({ key: 'products', label: '意向产品', type: 'multiselect', dictionaryType: 'customerTag' });
    await field({ key: 'visitDate', label: '拜访日期', type: 'date' });
    await field({ key: 'secret', label: '内部备注', type: 'text', readRoleIds: [role('enterpriseAdmin')] });
    await field({ key: 'quota', label: '额度', type: 'text', writeRoleIds: [role('teamLeader')] });
    const noDict = await c.admin.call<ErrorBody>('POST', '/api/custom-fields', {
      key: 'x',
      label: 'x',
      type: 'select',
    });
    expect(noDict.body.error.code).toBe('CUSTOM_FIELD_DICTIONARY');

    const fieldsForAgent = await c.a1.ok<Array<{ key: string; readable: boolean; writable: boolean }>>(
      'GET',
      '/api/custom-fields',
    );
    expect(fieldsForAgent.find((f) => f.key === 'secret')).toMatchObject({ readable: false, writable: false });
    expect(fieldsForAgent.find((f) => f.key === 'quota')).toMatchObject({ readable: true, writable: false });

    const post = (cf: Record<string, unknown>) =>
      c.a1.call<ErrorBody & CustomerBody>('POST', '/api/customers', { name: '字段客户', customFields: cf });
    expect((await post({})).body.error.code).toBe('CUSTOM_FIELD_REQUIRED');
    expect((await post({ budget: 'abc' })).body.error.code).toBe('CUSTOM_FIELD_INVALID');
    expect((await post({ budget: 1, level: 'Z' })).body.error.code).toBe('DICTIONARY_VALUE_INVALID');
    expect((await post({ budget: 1, visitDate: '2026-02-30' })).body.error.code).toBe('CUSTOM_FIELD_INVALID');
    expect((await post({ budget: 1, nope: 1 })).body.error.code).toBe('CUSTOM_FIELD_UNKNOWN');
    const secret = await post({ budget: 1, secret: 'x' });
    expect(secret.status).toBe(403);
    expect(secret.body.error.code).toBe('CUSTOM_FIELD_READONLY');
    expect((await post({ budget: 1, quota: '5' })).body.error.code).toBe('CUSTOM_FIELD_READONLY');

    const ok = await post({ budget: '1200', level: 'A 类', products: 'vip,important', visitDate: '2026-03-01' });
    expect(ok.status).toBe(200);
    expect(ok.body.customFields).toEqual({
      budget: 1200,
      level: 'A',
      products: ['vip', 'important'],
      visitDate: '2026-03-01',
    });

    // The admin writes the hidden field; the agent never reads it, nor filters on it.
    await c.admin.ok('PATCH', `/api/customers/${ok.body.id}`, { customFields: { secret: '大客户', quota: '9' } });
    const seen = await c.a1.ok<CustomerBody>('GET', `/api/customers/${ok.body.id}`);
    expect(seen.customFields.secret).toBeUndefined();
    expect(seen.customFields.quota).toBe('9');
    const adminSees = await c.admin.ok<CustomerBody>('GET', `/api/customers/${ok.body.id}`);
    expect(adminSees.customFields.secret).toBe('大客户');
    const probe = await c.a1.call<ErrorBody>('GET', `/api/customers?cf=${encodeURIComponent('{"secret":"大客户"}')}`);
    expect(probe.body.error.code).toBe('CUSTOM_FIELD_UNKNOWN');
    // Clearing a required field is refused; the team leader may write quota.
    const clear = await c.a1.call<ErrorBody>('PATCH', `/api/customers/${ok.body.id}`, {
      customFields: { budget: null },
    });
    expect(clear.body.error.code).toBe('CUSTOM_FIELD_REQUIRED');
    expect(
      (await c.leader.call('PATCH', `/api/customers/${ok.body.id}`, { customFields: { quota: '10' } })).status,
    ).toBe(200);
    // Custom-field filters.
    const byLevel = await c.a1.ok<PageOf<CustomerBody>>(
      'GET',
      `/api/customers?cf=${encodeURIComponent('{"level":"A"}')}`,
    );
    expect(byLevel.items.map((x) => x.id)).toEqual([ok.body.id]);
    const byProduct = await c.a1.ok<PageOf<CustomerBody>>(
      'GET',
      `/api/customers?cf=${encodeURIComponent('{"products":"important"}')}`,
    );
    expect(byProduct.total).toBe(1);
  });

  it('filters, sorts, bulk edits, merges and deletes', async () => {
    const mk = (name: string, phone: string, tags: string[] = []) =>
      c.admin.ok<CustomerBody>('POST', '/api/customers', {
        name,
        phones: [{ number: phone }],
        tags,
        customFields: { budget: 1 },
        allowDuplicate: true,
      });
    const x1 = await mk('合并甲', '15900000001', ['a']);
    const x2 = await mk('合并乙', '15900000001', ['b']);
    const x3 = await mk('合并丙', '15900000009', ['a', 'b']);
    const byTag = await c.admin.ok<PageOf<CustomerBody>>('GET', '/api/customers?tags=a,b');
    expect(byTag.items.map((x) => x.name)).toEqual(['合并丙']);
    const byPhone = await c.admin.ok<PageOf<CustomerBody>>('GET', '/api/customers?keyword=5900000001');
    expect(byPhone.total).toBe(2);
    const sorted = await c.admin.ok<PageOf<CustomerBody>>('GET', '/api/customers?keyword=合并&sort=name&order=asc');
    expect(sorted.items.map((x) => x.name)).toEqual(['合并丙', '合并乙', '合并甲'].sort());

    const dups = await c.admin.ok<Array<{ e164: string; customers: Array<{ id: string }> }>>(
      'GET',
      '/api/customers/duplicates',
    );
    expect(
      dups
        .find((g) => g.e164 === '+8615900000001')
        ?.customers.map((x) => x.id)
        .sort(),
    ).toEqual([x1.id, x2.id].sort());

    const bulk = await c.admin.ok<{ count: number }>('POST', '/api/customers/bulk-update', {
      ids: [x1.id, x2.id, x3.id],
      addTags: ['new'],
      removeTags: ['a'],
      followUpStatus: 'following',
    });
    expect(bulk.count).toBe(3);
    const after = await c.admin.ok<CustomerBody>('GET', `/api/customers/${x3.id}`);
    expect(after.tags).toEqual(['b', 'new']);
    expect(after.followUpStatus).toBe('following');

    const merged = await c.admin.ok<CustomerBody>('POST', '/api/customers/merge', { keepId: x1.id, mergeIds: [x2.id] });
    // Both had 15900000001: the merged customer keeps it once.
    expect(merged.phones.map((p) => p.e164)).toEqual(['+8615900000001']);
    expect(merged.tags.sort()).toEqual(['b', 'new']);
    expect((await c.admin.call('GET', `/api/customers/${x2.id}`)).status).toBe(404);
    const badMerge = await c.admin.call<ErrorBody>('POST', '/api/customers/merge', {
      keepId: x1.id,
      mergeIds: [x1.id],
    });
    expect(badMerge.body.error.code).toBe('MERGE_INVALID');

    // Agents cannot bulk-edit what they do not see.
    expect((await c.a1.call('POST', '/api/customers/bulk-update', { ids: [x3.id], tags: [] })).status).toBe(404);
    const del = await c.admin.ok<{ count: number }>('POST', '/api/customers/bulk-delete', { ids: [x1.id, x3.id] });
    expect(del.count).toBe(2);
  });

  it('flags blacklisted numbers on customers', async () => {
    const cust = await c.a1.ok<CustomerBody>('POST', '/api/customers', {
      name: '黑名单客户',
      phones: [{ number: '18600000066' }],
      customFields: { budget: 1 },
    });
    expect(cust.blacklisted).toBe(false);
    const entry = await c.admin.ok<{ id: string }>('POST', '/api/blacklist', {
      number: '186 0000 0066',
      reason: '骚扰',
    });
    const flagged = await c.a1.ok<CustomerBody>('GET', `/api/customers/${cust.id}`);
    expect(flagged.blacklisted).toBe(true);
    expect(flagged.phones[0]?.blacklisted).toBe(true);
    const pop = await c.a1.ok<{ blacklisted: boolean }>('GET', '/api/customers/by-phone/18600000066');
    expect(pop.blacklisted).toBe(true);
    await c.admin.ok('DELETE', `/api/blacklist/${entry.id}`);
    expect((await c.a1.ok<CustomerBody>('GET', `/api/customers/${cust.id}`)).blacklisted).toBe(false);
  });

  it('counts list totals exactly up to 10,000 and says "more" beyond, with tag and custom-field filters', async () => {
    // 10,001 tagged customers straight into the table (the import path is covered by crm-import.test.ts).
    await t.database.db.execute(sql`insert into customers (tenant_id, name, tags, custom_fields)
      select ${c.tenantId}::uuid, '批量' || g, array['many'], '{"budget": 7}'::jsonb from generate_series(1, 10001) g`);
    const many = await c.admin.ok<PageOf<CustomerBody> & { totalCapped: boolean }>(
      'GET',
      '/api/customers?tags=many&pageSize=5',
    );
    expect(many).toMatchObject({ total: 10_000, totalCapped: true });
    expect(many.items).toHaveLength(5);
    const few = await c.admin.ok<PageOf<CustomerBody> & { totalCapped: boolean }>(
      'GET',
      '/api/customers?keyword=批量1000',
    );
    // 批量1000 and 批量10000, 批量10001: exact below the cap.
    expect(few).toMatchObject({ total: 3, totalCapped: false });
    const byField = await c.admin.ok<PageOf<CustomerBody> & { totalCapped: boolean }>(
      'GET',
      `/api/customers?cf=${encodeURIComponent(JSON.stringify({ budget: 7 }))}&pageSize=1`,
    );
    expect(byField).toMatchObject({ total: 10_000, totalCapped: true });
    await t.database.db.execute(sql`delete from customers where tenant_id = ${c.tenantId} and 'many' = any(tags)`);
  });
});
