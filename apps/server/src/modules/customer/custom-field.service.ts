import type { CustomField } from '@hujiao/shared';
import type { Tx } from '../../db/client.ts';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { Choices, DictionaryService } from '../dictionary/index.ts';
import type { CustomFieldInsert, CustomFieldRepository, CustomFieldRow } from './custom-field.repository.ts';
import { customerPhone } from './phone.ts';
import type { Viewer } from './viewer.ts';

export type FieldAccess = Pick<Viewer, 'roleIds' | 'fieldAdmin'>;

const allowed = (roleIds: string[], who: FieldAccess) =>
  who.fieldAdmin || roleIds.length === 0 || roleIds.some((r) => who.roleIds.includes(r));
export const canRead = (f: CustomFieldRow, who: FieldAccess) => allowed(f.readRoleIds, who);
export const canWrite = (f: CustomFieldRow, who: FieldAccess) => canRead(f, who) && allowed(f.writeRoleIds, who);

export function toCustomField(f: CustomFieldRow, who: FieldAccess): CustomField {
  return {
    id: f.id,
    key: f.key,
    label: f.label,
    type: f.type,
    dictionaryType: f.dictionaryType,
    required: f.required,
    sort: f.sort,
    readRoleIds: f.readRoleIds,
    writeRoleIds: f.writeRoleIds,
    enabled: f.enabled,
    readable: canRead(f, who),
    writable: canWrite(f, who),
    createdAt: f.createdAt.toISOString(),
  };
}

/** The value of a choice given as its value or its label. */
export function choiceValue(choices: Choices | undefined, input: string): string | undefined {
  if (!choices) return undefined;
  if (choices.has(input)) return input;
  for (const [value, label] of choices) if (label === input) return value;
  return undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Field definitions plus the choices of their dictionaries: what validating one customer needs. */
export interface FieldSet {
  defs: CustomFieldRow[];
  choices: Map<string, Choices>;
}

export interface CustomFieldInput {
  key: string;
  label: string;
  type: CustomFieldRow['type'];
  dictionaryType?: string | null;
  required: boolean;
  sort: number;
  readRoleIds: string[];
  writeRoleIds: string[];
  enabled: boolean;
}

/** 自定义字段: definitions, per-role read/write, and validation of the values stored on customers. */
export class CustomFieldService {
  constructor(
    private readonly repo: CustomFieldRepository,
    private readonly dictionaries: DictionaryService,
    private readonly audit: AuditService,
    private readonly existingRoleIds: (tenantId: string, ids: string[], tx: Tx) => Promise<string[]>,
  ) {}

  async list(viewer: Viewer): Promise<CustomField[]> {
    return (await this.repo.list(viewer.tenantId)).map((f) => toCustomField(f, viewer));
  }

  async fieldSet(tenantId: string): Promise<FieldSet> {
    const defs = (await this.repo.list(tenantId)).filter((f) => f.enabled);
    const choices = new Map<string, Choices>();
    for (const code of new Set(defs.map((d) => d.dictionaryType).filter((c): c is string => !!c))) {
      choices.set(code, await this.dictionaries.choices(tenantId, code));
    }
    return { defs, choices };
  }

  /** Only the values the viewer may read. */
  readable(values: Record<string, unknown>, set: FieldSet, who: FieldAccess): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const d of set.defs) if (canRead(d, who) && values[d.key] !== undefined) out[d.key] = values[d.key];
    return out;
  }

  /**
   * Checks incoming values (unknown, unwritable, wrong type, not a choice) and returns the merged values;
   * `required` is enforced for the fields the writer may write. Strings are accepted for every type (imports):
   * numbers are parsed, multiselect splits on , ， ; 、 |, choices match values or labels.
   */
  validate(
    set: FieldSet,
    who: FieldAccess,
    incoming: Record<string, unknown>,
    current: Record<string, unknown> = {},
    opts: { checkRequired: boolean } = { checkRequired: true },
  ): Record<string, unknown> {
    const merged: Record<string, unknown> = { ...current };
    for (const [key, raw] of Object.entries(incoming)) {
      const def = set.defs.find((d) => d.key === key);
      if (!def) throw new DomainError('CUSTOM_FIELD_UNKNOWN', { field: key });
      if (!canWrite(def, who)) throw new DomainError('CUSTOM_FIELD_READONLY', { field: def.label });
      const empty = raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);
      if (empty) {
        if (def.required) throw new DomainError('CUSTOM_FIELD_REQUIRED', { field: def.label });
        delete merged[key];
        continue;
      }
      merged[key] = this.coerce(def, raw, set);
    }
    if (opts.checkRequired) {
      for (const d of set.defs) {
        if (d.required && canWrite(d, who) && (merged[d.key] === undefined || merged[d.key] === null)) {
          throw new DomainError('CUSTOM_FIELD_REQUIRED', { field: d.label });
        }
      }
    }
    return merged;
  }

  private coerce(def: CustomFieldRow, raw: unknown, set: FieldSet): unknown {
    const invalid = () => new DomainError('CUSTOM_FIELD_INVALID', { field: def.label });
    const choices = def.dictionaryType ? set.choices.get(def.dictionaryType) : undefined;
    switch (def.type) {
      case 'text':
        if (typeof raw !== 'string' && typeof raw !== 'number') throw invalid();
        return String(raw).slice(0, 2000);
      case 'phone': {
        if (typeof raw !== 'string' && typeof raw !== 'number') throw invalid();
        const p = customerPhone(String(raw));
        if (!p) throw new DomainError('PHONE_INVALID', { phone: String(raw) });
        return p.raw;
      }
      case 'number': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
        if (!Number.isFinite(n)) throw invalid();
        return n;
      }
      case 'date': {
        if (typeof raw !== 'string' || !DATE.test(raw.trim())) throw invalid();
        const d = new Date(`${raw.trim()}T00:00:00Z`);
        if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw.trim()) throw invalid();
        return raw.trim();
      }
      case 'select': {
        if (typeof raw !== 'string') throw invalid();
        const v = choiceValue(choices, raw.trim());
        if (v === undefined) throw new DomainError('DICTIONARY_VALUE_INVALID', { field: def.label, value: raw });
        return v;
      }
      case 'multiselect': {
        const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[,，;；、|]/) : null;
        if (!list) throw invalid();
        const values: string[] = [];
        for (const item of list.map((s) => s.trim()).filter(Boolean)) {
          const v = choiceValue(choices, item);
          if (v === undefined) throw new DomainError('DICTIONARY_VALUE_INVALID', { field: def.label, value: item });
          if (!values.includes(v)) values.push(v);
        }
        return values;
      }
    }
  }

  async create(ctx: AuditContext, viewer: Viewer, input: CustomFieldInput): Promise<CustomField> {
    await this.checkInput(ctx.tenantId, input);
    return this.repo.transaction(async (tx) => {
      await this.checkRoles(ctx.tenantId, input, tx);
      const row = await this.repo.insert({ ...input, tenantId: ctx.tenantId } as CustomFieldInsert, tx);
      await this.audit.record(ctx, 'customField', 'create', { id: row.id, detail: { key: input.key } }, tx);
      return toCustomField(row, viewer);
    });
  }

  async update(ctx: AuditContext, viewer: Viewer, id: string, input: Partial<CustomFieldInput>): Promise<CustomField> {
    const current = await this.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    await this.checkInput(ctx.tenantId, { ...current, ...input });
    return this.repo.transaction(async (tx) => {
      await this.checkRoles(ctx.tenantId, input, tx);
      const { key: _k, type: _t, ...values } = input;
      const row = await this.repo.update(ctx.tenantId, id, values, tx);
      if (!row) throw notFound();
      await this.audit.record(ctx, 'customField', 'update', { id, detail: { key: row.key, ...values } }, tx);
      return toCustomField(row, viewer);
    });
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    await this.repo.transaction(async (tx) => {
      await this.repo.delete(ctx.tenantId, id, tx);
      await this.audit.record(ctx, 'customField', 'delete', { id, detail: { key: current.key } }, tx);
    });
  }

  private async checkInput(tenantId: string, input: Partial<CustomFieldInput>) {
    const choice = input.type === 'select' || input.type === 'multiselect';
    if (choice && !input.dictionaryType) throw new DomainError('CUSTOM_FIELD_DICTIONARY');
    if (input.dictionaryType && !(await this.dictionaries.exists(tenantId, input.dictionaryType))) throw notFound();
  }

  private async checkRoles(tenantId: string, input: Partial<CustomFieldInput>, tx: Tx) {
    const ids = [...new Set([...(input.readRoleIds ?? []), ...(input.writeRoleIds ?? [])])];
    if (ids.length && (await this.existingRoleIds(tenantId, ids, tx)).length !== ids.length) throw notFound();
  }
}
