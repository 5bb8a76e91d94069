import type {
  CreateCustomerBody,
  Customer,
  CustomerDetail,
  CustomerQuery,
  DuplicateGroup,
  PhoneLookup,
  UpdateCustomerBody,
} from '@hujiao/shared';
import type { Tx } from '../../db/client.ts';
import { DomainError, forbidden, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { DictionaryService } from '../dictionary/index.ts';
import type { CustomFieldService, FieldSet } from './custom-field.service.ts';
import type {
  ContactRow,
  CustomerInsert,
  CustomerListRow,
  CustomerRepository,
  PhoneInsert,
} from './customer.repository.ts';
import type { CustomerFilter } from './customer-query.ts';
import { customerPhone, describePhone, normalisePhone } from './phone.ts';
import type { Viewer } from './viewer.ts';

export function toCustomer(r: CustomerListRow, set: FieldSet, viewer: Viewer, fields: CustomFieldService): Customer {
  const c = r.customer;
  return {
    id: c.id,
    name: c.name,
    company: c.company,
    gender: c.gender,
    email: c.email,
    address: c.address,
    remark: c.remark,
    source: c.source,
    tags: c.tags,
    ownerId: c.ownerId,
    ownerName: r.ownerName,
    publicPool: c.publicPool,
    importBatch: c.importBatch,
    followUpStatus: c.followUpStatus,
    lastFollowUpAt: c.lastFollowUpAt?.toISOString() ?? null,
    nextFollowUpAt: c.nextFollowUpAt?.toISOString() ?? null,
    blacklisted: c.blacklisted,
    phones: r.phones.map((p) => ({ ...p, ...describePhone(p.e164, viewer.locale) })),
    customFields: fields.readable(c.customFields, set, viewer),
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

const toContact = (c: ContactRow) => ({ id: c.id, name: c.name, title: c.title, phone: c.phone, email: c.email });

/** Parses `cf={"key":value}` and refuses keys the viewer cannot read (no probing of hidden values). */
export function parseCustomFieldFilter(
  cf: string | undefined,
  set: FieldSet,
  viewer: Viewer,
  fields: CustomFieldService,
): Record<string, unknown> | undefined {
  if (!cf) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(cf);
  } catch {
    throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'cf', message: 'JSON' }]);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'cf', message: 'JSON object' }]);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const def = set.defs.find((d) => d.key === key);
    if (!def || !fields.readable({ [key]: 1 }, { defs: [def], choices: set.choices }, viewer)[key]) {
      throw new DomainError('CUSTOM_FIELD_UNKNOWN', { field: key });
    }
    out[key] = def.type === 'multiselect' && !Array.isArray(value) ? [value] : value;
  }
  return out;
}

export interface Deps {
  repo: CustomerRepository;
  fields: CustomFieldService;
  dictionaries: DictionaryService;
  audit: AuditService;
}

/** 客户: list, detail, create, edit, delete, bulk edit, merge, screen-pop look-up. */
export class CustomerService {
  constructor(private readonly d: Deps) {}

  async filterOf(viewer: Viewer, q: Partial<CustomerQuery>, set?: FieldSet): Promise<CustomerFilter> {
    const fieldSet = set ?? (await this.d.fields.fieldSet(viewer.tenantId));
    const { cf, page: _p, pageSize: _s, sort: _o, order: _r, ...rest } = q;
    return { ...rest, cf: parseCustomFieldFilter(cf, fieldSet, viewer, this.d.fields) };
  }

  async list(viewer: Viewer, q: CustomerQuery) {
    const set = await this.d.fields.fieldSet(viewer.tenantId);
    const filter = await this.filterOf(viewer, q, set);
    const { rows, total, totalCapped } = await this.d.repo.list(viewer.tenantId, viewer.scope, {
      ...filter,
      page: q.page,
      pageSize: q.pageSize,
      sort: q.sort,
      order: q.order,
    });
    return { items: rows.map((r) => toCustomer(r, set, viewer, this.d.fields)), total, totalCapped };
  }

  async get(viewer: Viewer, id: string, tx?: Tx): Promise<CustomerDetail> {
    const set = await this.d.fields.fieldSet(viewer.tenantId);
    const row = await this.d.repo.findDetail(viewer.tenantId, viewer.scope, id, tx);
    if (!row) throw notFound();
    return { ...toCustomer(row, set, viewer, this.d.fields), contacts: row.contacts.map(toContact) };
  }

  async create(viewer: Viewer, input: CreateCustomerBody): Promise<CustomerDetail> {
    const { tenantId } = viewer;
    const set = await this.d.fields.fieldSet(tenantId);
    const customFields = this.d.fields.validate(set, viewer, input.customFields ?? {});
    await this.checkChoices(tenantId, input);
    const ownerId = input.ownerId === undefined ? viewer.userId : input.ownerId;
    if (ownerId !== viewer.userId) await this.checkOwner(viewer, ownerId);
    const phones = (input.phones ?? []).map((p) => ({ ...this.phone(p.number), label: p.label ?? null }));
    if (!input.allowDuplicate)
      await this.checkDuplicates(
        tenantId,
        phones.map((p) => p.e164),
      );
    const blacklisted = await this.d.repo.blacklistedKeys(
      tenantId,
      phones.map((p) => p.e164),
    );
    const id = await this.d.repo.transaction(async (tx) => {
      const [row] = await this.d.repo.insert(
        [
          {
            ...this.values(input),
            tenantId,
            ownerId,
            assignedAt: ownerId ? new Date() : null,
            customFields,
            blacklisted: phones.some((p) => blacklisted.has(p.e164)),
            createdBy: viewer.userId,
          } as CustomerInsert,
        ],
        tx,
      );
      if (!row) throw notFound();
      await this.d.repo.insertPhones(this.phoneRows(tenantId, row.id, phones, blacklisted), tx);
      if (input.contacts?.length) {
        await this.d.repo.replaceContacts(tenantId, row.id, this.contactRows(tenantId, row.id, input.contacts), tx);
      }
      await this.d.audit.record(viewer.ctx, 'customer', 'create', { id: row.id, detail: { name: row.name } }, tx);
      return row.id;
    });
    return this.get({ ...viewer, scope: { all: true } }, id);
  }

  async update(viewer: Viewer, id: string, input: UpdateCustomerBody): Promise<CustomerDetail> {
    const { tenantId } = viewer;
    const current = await this.d.repo.findDetail(tenantId, viewer.scope, id);
    if (!current) throw notFound();
    const set = await this.d.fields.fieldSet(tenantId);
    const customFields = input.customFields
      ? this.d.fields.validate(set, viewer, input.customFields, current.customer.customFields, {
          checkRequired: false,
        })
      : undefined;
    await this.checkChoices(tenantId, input);
    if (input.ownerId !== undefined && input.ownerId !== current.customer.ownerId) {
      await this.checkOwner(viewer, input.ownerId);
    }
    const phones = input.phones?.map((p) => ({ ...this.phone(p.number), label: p.label ?? null }));
    const blacklisted = phones
      ? await this.d.repo.blacklistedKeys(
          tenantId,
          phones.map((p) => p.e164),
        )
      : undefined;
    await this.d.repo.transaction(async (tx) => {
      const values: Partial<CustomerInsert> = this.values(input);
      if (customFields) values.customFields = customFields;
      if (input.ownerId !== undefined && input.ownerId !== current.customer.ownerId) {
        values.ownerId = input.ownerId;
        values.publicPool = false;
        values.assignedAt = input.ownerId ? new Date() : null;
      }
      if (phones && blacklisted) {
        values.blacklisted = phones.some((p) => blacklisted.has(p.e164));
        await this.d.repo.replacePhones(tenantId, id, this.phoneRows(tenantId, id, phones, blacklisted), tx);
      }
      if (input.contacts) {
        await this.d.repo.replaceContacts(tenantId, id, this.contactRows(tenantId, id, input.contacts), tx);
      }
      await this.d.repo.update(tenantId, [id], values, tx);
      await this.d.audit.record(viewer.ctx, 'customer', 'update', { id, detail: describe(input) }, tx);
    });
    return this.get({ ...viewer, scope: { all: true } }, id);
  }

  async delete(viewer: Viewer, id: string): Promise<void> {
    await this.bulkDelete(viewer, [id]);
  }

  async bulkDelete(viewer: Viewer, ids: string[]): Promise<number> {
    const visible = await this.visibleIds(viewer, ids);
    return this.d.repo.transaction(async (tx) => {
      const n = await this.d.repo.delete(viewer.tenantId, visible, tx);
      await this.d.audit.record(viewer.ctx, 'customer', 'delete', { detail: { ids: visible.slice(0, 100), n } }, tx);
      return n;
    });
  }

  async bulkUpdate(
    viewer: Viewer,
    input: {
      ids: string[];
      ownerId?: string | null;
      tags?: string[];
      addTags?: string[];
      removeTags?: string[];
      followUpStatus?: string | null;
      source?: string | null;
    },
  ): Promise<number> {
    const ids = await this.visibleIds(viewer, input.ids);
    if (input.ownerId !== undefined) await this.checkOwner(viewer, input.ownerId);
    await this.checkChoices(viewer.tenantId, input);
    return this.d.repo.transaction(async (tx) => {
      const values: Partial<CustomerInsert> = {};
      if (input.ownerId !== undefined) {
        values.ownerId = input.ownerId;
        values.publicPool = false;
        values.assignedAt = input.ownerId ? new Date() : null;
      }
      if (input.tags) values.tags = [...new Set(input.tags)];
      if (input.followUpStatus !== undefined) values.followUpStatus = input.followUpStatus;
      if (input.source !== undefined) values.source = input.source;
      await this.d.repo.update(viewer.tenantId, ids, values, tx);
      if (input.addTags?.length || input.removeTags?.length) {
        await this.d.repo.editTags(viewer.tenantId, ids, input.addTags ?? [], input.removeTags ?? [], tx);
      }
      const { ids: _ids, ...detail } = input;
      await this.d.audit.record(viewer.ctx, 'customer', 'bulkUpdate', { detail: { ...detail, n: ids.length } }, tx);
      return ids.length;
    });
  }

  /** Folds `mergeIds` into `keepId`: their phones, contacts, follow-ups, tickets... move; they are deleted. */
  async merge(viewer: Viewer, keepId: string, mergeIds: string[]): Promise<CustomerDetail> {
    const others = [...new Set(mergeIds)].filter((m) => m !== keepId);
    if (others.length === 0) throw new DomainError('MERGE_INVALID');
    await this.visibleIds(viewer, [keepId, ...others]);
    const rows = await this.d.repo.findRows(viewer.tenantId, viewer.scope, { ids: [keepId, ...others] });
    const keep = rows.find((r) => r.customer.id === keepId)?.customer;
    if (!keep) throw notFound();
    const merged = rows.filter((r) => r.customer.id !== keepId).map((r) => r.customer);
    const fill = <K extends keyof CustomerInsert>(k: K) =>
      (keep[k as keyof typeof keep] ??
        merged.find((m) => m[k as keyof typeof m] != null)?.[k as keyof typeof keep] ??
        null) as CustomerInsert[K];
    // One row per number: the same number typed two ways (+8613800138000, 138 0013 8000, 138-0013-8000) is compared
    // by its E.164 key, recomputed from the text in case an older row kept another key; the kept customer's come first.
    const seen = new Set<string>();
    const phones: PhoneInsert[] = [];
    for (const r of [
      ...rows.filter((x) => x.customer.id === keepId),
      ...rows.filter((x) => x.customer.id !== keepId),
    ]) {
      for (const p of r.phones) {
        const n = normalisePhone(p.raw);
        const key = n.e164 ?? p.e164 ?? p.raw;
        if (seen.has(key)) continue;
        seen.add(key);
        phones.push({
          tenantId: viewer.tenantId,
          customerId: keepId,
          raw: p.raw,
          e164: n.e164 ?? p.e164,
          label: p.label,
          region: n.e164 ? n.region : p.region,
          carrier: n.e164 ? n.carrier : p.carrier,
          blacklisted: p.blacklisted,
          sort: phones.length,
        });
      }
    }
    await this.d.repo.transaction(async (tx) => {
      await this.d.repo.moveChildren(viewer.tenantId, others, keepId, tx);
      await this.d.repo.replacePhones(viewer.tenantId, keepId, phones, tx);
      await this.d.repo.update(
        viewer.tenantId,
        [keepId],
        {
          company: fill('company'),
          gender: fill('gender'),
          email: fill('email'),
          address: fill('address'),
          source: fill('source'),
          remark: [keep.remark, ...merged.map((m) => m.remark)].filter(Boolean).join('\n') || null,
          tags: [...new Set([keep.tags, ...merged.map((m) => m.tags)].flat())],
          customFields: Object.assign({}, ...merged.map((m) => m.customFields).reverse(), keep.customFields),
          blacklisted: keep.blacklisted || merged.some((m) => m.blacklisted),
        },
        tx,
      );
      await this.d.repo.delete(viewer.tenantId, others, tx);
      await this.d.audit.record(viewer.ctx, 'customer', 'merge', { id: keepId, detail: { merged: others } }, tx);
    });
    return this.get(viewer, keepId);
  }

  async duplicates(viewer: Viewer): Promise<DuplicateGroup[]> {
    const rows = await this.d.repo.duplicates(viewer.tenantId, viewer.scope);
    return rows.map((r) => ({
      e164: r.e164,
      customers: r.customers.map((c) => ({ ...c, createdAt: new Date(c.createdAt).toISOString() })),
    }));
  }

  /** Screen pop: the number's region and the visible customers having it. */
  async byPhone(viewer: Viewer, phone: string): Promise<PhoneLookup> {
    const p = normalisePhone(phone);
    if (!p.e164) return { e164: null, region: null, carrier: null, blacklisted: false, customers: [] };
    const [owners, black] = await Promise.all([
      this.d.repo.byPhoneKeys(viewer.tenantId, [p.e164]),
      this.d.repo.blacklistedKeys(viewer.tenantId, [p.e164]),
    ]);
    const ids = (owners.get(p.e164) ?? []).map((c) => c.id);
    const set = await this.d.fields.fieldSet(viewer.tenantId);
    const rows = ids.length ? await this.d.repo.findRows(viewer.tenantId, viewer.scope, { ids }) : [];
    return {
      e164: p.e164,
      ...describePhone(p.e164, viewer.locale),
      blacklisted: black.has(p.e164),
      customers: rows.map((r) => toCustomer(r, set, viewer, this.d.fields)),
    };
  }

  /** The visible ones among `ids`; any other id is a 404 (unknown, other tenant, or not visible). */
  async visibleIds(viewer: Viewer, ids: string[], tx?: Tx): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = await this.d.repo.ids(viewer.tenantId, viewer.scope, { ids: unique }, tx);
    if (found.length !== unique.length) throw notFound();
    return found;
  }

  /** Giving customers to someone else (or to nobody) needs customer:assign and a user of the tenant. */
  async checkOwner(viewer: Viewer, ownerId: string | null): Promise<void> {
    if (!viewer.permissions.has('customer:assign')) throw forbidden();
    if (!ownerId) return;
    if ((await this.d.repo.existingUserIds(viewer.tenantId, [ownerId])).length !== 1) throw notFound();
    if (!viewer.scope.all && !viewer.scope.ownerIds.includes(ownerId)) throw notFound();
  }

  private async checkChoices(tenantId: string, input: { source?: string | null; followUpStatus?: string | null }) {
    if (input.source) await this.d.dictionaries.assertValue(tenantId, 'customerSource', input.source, 'source');
    if (input.followUpStatus) {
      await this.d.dictionaries.assertValue(tenantId, 'followUpStatus', input.followUpStatus, 'followUpStatus');
    }
  }

  private async checkDuplicates(tenantId: string, keys: string[]) {
    const found = await this.d.repo.byPhoneKeys(tenantId, keys);
    for (const key of keys) {
      const first = found.get(key)?.[0];
      if (first) throw new DomainError('CUSTOMER_PHONE_EXISTS', { phone: key, name: first.name });
    }
  }

  private phone(number: string) {
    const p = customerPhone(number);
    if (!p) throw new DomainError('PHONE_INVALID', { phone: number });
    return p;
  }

  private phoneRows(
    tenantId: string,
    customerId: string,
    phones: Array<{ raw: string; e164: string; region: string | null; carrier: string | null; label: string | null }>,
    blacklisted: Set<string>,
  ): PhoneInsert[] {
    return phones.map((p, i) => ({
      raw: p.raw,
      e164: p.e164,
      region: p.region,
      carrier: p.carrier,
      label: p.label,
      tenantId,
      customerId,
      sort: i,
      blacklisted: blacklisted.has(p.e164),
    }));
  }

  private contactRows(tenantId: string, customerId: string, contacts: NonNullable<CreateCustomerBody['contacts']>) {
    return contacts.map((c, i) => ({
      tenantId,
      customerId,
      name: c.name,
      title: c.title ?? null,
      phone: c.phone ?? null,
      email: c.email ?? null,
      sort: i,
    }));
  }

  private values(input: UpdateCustomerBody): Partial<CustomerInsert> {
    const out: Partial<CustomerInsert> = {};
    const keys = ['name', 'company', 'gender', 'address', 'remark', 'source', 'followUpStatus'] as const;
    for (const k of keys) if (input[k] !== undefined) (out as Record<string, unknown>)[k] = input[k];
    if (input.email !== undefined) out.email = input.email === '' ? null : input.email;
    if (input.tags !== undefined) out.tags = [...new Set(input.tags)];
    return out;
  }
}

function describe(input: UpdateCustomerBody): Record<string, unknown> {
  const { customFields, phones, contacts, ...rest } = input;
  return { ...rest, customFields: customFields ? Object.keys(customFields) : undefined, phones: phones?.length };
}
