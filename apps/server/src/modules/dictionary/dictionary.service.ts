import { BUILTIN_DICTIONARY_TYPES, type DictionaryItem, type DictionaryType } from '@hujiao/shared';
import type { Tx } from '../../db/client.ts';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import { DEFAULT_DICTIONARIES } from './defaults.ts';
import type { DictionaryItemRow, DictionaryRepository, DictionaryTypeRow } from './dictionary.repository.ts';

const toItem = (r: DictionaryItemRow): DictionaryItem => ({
  id: r.id,
  typeId: r.typeId,
  value: r.value,
  label: r.label,
  sort: r.sort,
  enabled: r.enabled,
});

const toType = (t: DictionaryTypeRow, items: DictionaryItemRow[]): DictionaryType => ({
  id: t.id,
  code: t.code,
  name: t.name,
  builtin: t.builtin,
  items: items.filter((i) => i.typeId === t.id).map(toItem),
});

/** Enabled choices of one dictionary type: value → label. */
export type Choices = Map<string, string>;

/** 数据字典: the choice lists every CRM select uses. Built-in types are seeded lazily per tenant. */
export class DictionaryService {
  private readonly seeded = new Set<string>();

  constructor(
    private readonly repo: DictionaryRepository,
    private readonly audit: AuditService,
  ) {}

  /** Creates the missing built-in types with their default items (idempotent; races are harmless). */
  async ensureDefaults(tenantId: string, tx?: Tx): Promise<void> {
    if (this.seeded.has(tenantId)) return;
    const inserted = await this.repo.insertTypesIfMissing(
      BUILTIN_DICTIONARY_TYPES.map((code) => ({
        tenantId,
        code,
        name: DEFAULT_DICTIONARIES[code].name,
        builtin: true,
      })),
      tx,
    );
    const items = inserted.flatMap((t) =>
      (DEFAULT_DICTIONARIES[t.code as keyof typeof DEFAULT_DICTIONARIES]?.items ?? []).map(([value, label], i) => ({
        tenantId,
        typeId: t.id,
        value,
        label,
        sort: (i + 1) * 10,
      })),
    );
    await this.repo.insertItems(items, tx);
    this.seeded.add(tenantId);
  }

  async list(tenantId: string): Promise<DictionaryType[]> {
    await this.ensureDefaults(tenantId);
    const [types, items] = await Promise.all([this.repo.listTypes(tenantId), this.repo.listItems(tenantId)]);
    return types.map((t) => toType(t, items));
  }

  async get(tenantId: string, id: string, tx?: Tx): Promise<DictionaryType> {
    const t = await this.repo.findType(tenantId, { id }, tx);
    if (!t) throw notFound();
    return toType(t, await this.repo.listItems(tenantId, [t.id], tx));
  }

  /** Enabled choices of a type (empty when the type does not exist). */
  async choices(tenantId: string, code: string, tx?: Tx): Promise<Choices> {
    if (!tx) await this.ensureDefaults(tenantId);
    const t = await this.repo.findType(tenantId, { code }, tx);
    if (!t) return new Map();
    const items = await this.repo.listItems(tenantId, [t.id], tx);
    return new Map(items.filter((i) => i.enabled).map((i) => [i.value, i.label]));
  }

  async exists(tenantId: string, code: string, tx?: Tx): Promise<boolean> {
    if (!tx) await this.ensureDefaults(tenantId);
    return !!(await this.repo.findType(tenantId, { code }, tx));
  }

  /** Refuses a value that is not an enabled choice of the type. */
  async assertValue(tenantId: string, code: string, value: string, field: string, tx?: Tx): Promise<void> {
    const choices = await this.choices(tenantId, code, tx);
    if (!choices.has(value)) throw new DomainError('DICTIONARY_VALUE_INVALID', { field, value });
  }

  async createType(ctx: AuditContext, input: { code: string; name: string }): Promise<DictionaryType> {
    await this.ensureDefaults(ctx.tenantId);
    return this.repo.transaction(async (tx) => {
      const row = await this.repo.insertType({ tenantId: ctx.tenantId, code: input.code, name: input.name }, tx);
      await this.audit.record(ctx, 'dictionary', 'createType', { id: row.id, detail: input }, tx);
      return toType(row, []);
    });
  }

  async updateType(ctx: AuditContext, id: string, input: { name: string }): Promise<DictionaryType> {
    const row = await this.repo.updateType(ctx.tenantId, id, input);
    if (!row) throw notFound();
    await this.audit.record(ctx, 'dictionary', 'updateType', { id, detail: input });
    return this.get(ctx.tenantId, id);
  }

  async deleteType(ctx: AuditContext, id: string): Promise<void> {
    const row = await this.repo.findType(ctx.tenantId, { id });
    if (!row) throw notFound();
    if (row.builtin) throw new DomainError('DICTIONARY_BUILTIN');
    await this.repo.transaction(async (tx) => {
      await this.repo.deleteType(ctx.tenantId, id, tx);
      await this.audit.record(ctx, 'dictionary', 'deleteType', { id, detail: { code: row.code } }, tx);
    });
  }

  async createItem(
    ctx: AuditContext,
    typeId: string,
    input: { value: string; label: string; sort: number; enabled: boolean },
  ): Promise<DictionaryItem> {
    const t = await this.repo.findType(ctx.tenantId, { id: typeId });
    if (!t) throw notFound();
    return this.repo.transaction(async (tx) => {
      const [row] = await this.repo.insertItems([{ ...input, tenantId: ctx.tenantId, typeId }], tx);
      if (!row) throw notFound();
      await this.audit.record(ctx, 'dictionary', 'createItem', { id: row.id, detail: { type: t.code, ...input } }, tx);
      return toItem(row);
    });
  }

  async updateItem(
    ctx: AuditContext,
    id: string,
    input: Partial<{ value: string; label: string; sort: number; enabled: boolean }>,
  ): Promise<DictionaryItem> {
    return this.repo.transaction(async (tx) => {
      const row = await this.repo.updateItem(ctx.tenantId, id, input, tx);
      if (!row) throw notFound();
      await this.audit.record(ctx, 'dictionary', 'updateItem', { id, detail: input }, tx);
      return toItem(row);
    });
  }

  async deleteItem(ctx: AuditContext, id: string): Promise<void> {
    const row = await this.repo.findItem(ctx.tenantId, id);
    if (!row) throw notFound();
    await this.repo.transaction(async (tx) => {
      await this.repo.deleteItem(ctx.tenantId, id, tx);
      await this.audit.record(ctx, 'dictionary', 'deleteItem', { id, detail: { value: row.value } }, tx);
    });
  }
}
