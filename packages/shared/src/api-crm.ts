/**
 * HTTP contract for the CRM (客户管理): data dictionary, custom fields, customers with phones and contacts,
 * import/export, ownership (assign, recycle, transfer, public pool), follow-ups, appointments, opportunities,
 * tickets, order verification and the blacklist.
 *
 * Conventions: list endpoints answer `{ items, total }`; times are ISO strings; `:id` is a uuid.
 */
import { z } from 'zod';
import { pageQuery } from './api.ts';

const id = z.uuid();
const timestamp = z.string();
const isoDateTime = z.iso.datetime({ offset: true });
const trimmed = (max: number) => z.string().trim().min(1).max(max);
const nullableText = (max: number) => z.string().trim().max(max).nullable().optional();
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
/** Comma-separated list in a query string (`tags=a,b`). */
const csvQuery = z
  .string()
  .max(1000)
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const sortOrder = z.enum(['asc', 'desc']).default('desc');

// ---- data dictionary (数据字典) ----
/**
 * Built-in dictionary types every tenant has (seeded with defaults, lazily for older tenants). Tenants may add
 * their own types too (used by select/multiselect custom fields).
 */
export const BUILTIN_DICTIONARY_TYPES = [
  'followUpType',
  'followUpStatus',
  'ticketType',
  'ticketStatus',
  'ticketPriority',
  'busyReason',
  'customerSource',
  'customerTag',
  'opportunityStage',
] as const;
export type BuiltinDictionaryType = (typeof BUILTIN_DICTIONARY_TYPES)[number];
export const dictionaryCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{1,39}$/, { message: 'dictionaryCode' });
export const dictionaryItem = z.object({
  id,
  typeId: id,
  value: z.string(),
  label: z.string(),
  sort: z.number().int(),
  enabled: z.boolean(),
});
export const dictionaryType = z.object({
  id,
  code: z.string(),
  name: z.string(),
  builtin: z.boolean(),
  items: z.array(dictionaryItem),
});
export const dictionaryTypeBody = z.object({ code: dictionaryCode, name: trimmed(40) });
export const updateDictionaryTypeBody = z.object({ name: trimmed(40) });
export const dictionaryItemBody = z.object({
  value: z.string().trim().min(1).max(60),
  label: trimmed(60),
  sort: z.number().int().min(0).max(9999).default(0),
  enabled: z.boolean().default(true),
});
/** PATCH bodies are written out: zod 4's .partial() would still apply the create defaults. */
export const updateDictionaryItemBody = z.object({
  value: z.string().trim().min(1).max(60).optional(),
  label: trimmed(60).optional(),
  sort: z.number().int().min(0).max(9999).optional(),
  enabled: z.boolean().optional(),
});

// ---- custom fields (自定义字段) ----
export const customFieldTypes = ['text', 'number', 'date', 'select', 'multiselect', 'phone'] as const;
export const customFieldKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, { message: 'fieldKey' });
export const customField = z.object({
  id,
  key: z.string(),
  label: z.string(),
  type: z.enum(customFieldTypes),
  /** Dictionary type code whose enabled items are the choices (select / multiselect). */
  dictionaryType: z.string().nullable(),
  required: z.boolean(),
  sort: z.number().int(),
  /** Role ids allowed to read / write the field; empty = everyone. */
  readRoleIds: z.array(id),
  writeRoleIds: z.array(id),
  enabled: z.boolean(),
  /** For the caller: may they read / write it. */
  readable: z.boolean(),
  writable: z.boolean(),
  createdAt: timestamp,
});
export const customFieldBody = z.object({
  key: customFieldKey,
  label: trimmed(40),
  type: z.enum(customFieldTypes),
  dictionaryType: dictionaryCode.nullable().optional(),
  required: z.boolean().default(false),
  sort: z.number().int().min(0).max(9999).default(0),
  readRoleIds: z.array(id).max(50).default([]),
  writeRoleIds: z.array(id).max(50).default([]),
  enabled: z.boolean().default(true),
});
/** The key and type of a field cannot change once values exist. */
export const updateCustomFieldBody = z.object({
  label: trimmed(40).optional(),
  dictionaryType: dictionaryCode.nullable().optional(),
  required: z.boolean().optional(),
  sort: z.number().int().min(0).max(9999).optional(),
  readRoleIds: z.array(id).max(50).optional(),
  writeRoleIds: z.array(id).max(50).optional(),
  enabled: z.boolean().optional(),
});
/**
 * Values by field key: text/phone/date (`YYYY-MM-DD`)/select → string, number → number, multiselect → string[].
 * `null` clears a value.
 */
export const customFieldValues = z.record(
  z.string(),
  z.union([z.string().max(2000), z.number(), z.array(z.string().max(200)).max(100), z.null()]),
);

// ---- customers (客户) ----
export const genders = ['male', 'female', 'unknown'] as const;
export const customerPhone = z.object({
  id,
  /** As typed or imported. */
  raw: z.string(),
  /** Normalised E.164 (`+8613800138000`); null when the number could not be parsed. */
  e164: z.string().nullable(),
  label: z.string().nullable(),
  /** 归属地 where known: country/region name (e.g. `中国` / `北京`), else null. */
  region: z.string().nullable(),
  /** Carrier for Chinese mobiles where known (中国移动 / 中国联通 / 中国电信), else null. */
  carrier: z.string().nullable(),
  blacklisted: z.boolean(),
});
export const customerContact = z.object({
  id,
  name: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});
export const customer = z.object({
  id,
  name: z.string(),
  company: z.string().nullable(),
  gender: z.enum(genders).nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  remark: z.string().nullable(),
  /** Dictionary `customerSource` value. */
  source: z.string().nullable(),
  tags: z.array(z.string()),
  ownerId: id.nullable(),
  ownerName: z.string().nullable(),
  /** In the public pool (公海): claimable by agents. */
  publicPool: z.boolean(),
  importBatch: z.string().nullable(),
  /** Dictionary `followUpStatus` value. */
  followUpStatus: z.string().nullable(),
  lastFollowUpAt: timestamp.nullable(),
  nextFollowUpAt: timestamp.nullable(),
  /** Some phone of the customer is on the blacklist. */
  blacklisted: z.boolean(),
  phones: z.array(customerPhone),
  /** Only the fields the caller may read. */
  customFields: z.record(z.string(), z.unknown()),
  createdBy: id.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const customerDetail = customer.extend({ contacts: z.array(customerContact) });
export const customerSortFields = ['createdAt', 'updatedAt', 'name', 'lastFollowUpAt', 'nextFollowUpAt'] as const;
/** Filters shared by list, export and "assign by filter". */
export const customerFilterFields = {
  /** Name, company or phone (digits match anywhere in a number). */
  keyword: z.string().trim().max(64).optional(),
  /** An owner's id, or `none` for customers without an owner. */
  ownerId: z.union([id, z.literal('none')]).optional(),
  /** Customers having all these tags (`tags=a,b`). */
  tags: csvQuery.optional(),
  importBatch: z.string().trim().max(60).optional(),
  followUpStatus: z.string().trim().max(60).optional(),
  source: z.string().trim().max(60).optional(),
  publicPool: boolQuery.optional(),
  createdFrom: isoDateTime.optional(),
  createdTo: isoDateTime.optional(),
  /** Custom-field equality as JSON: `cf={"level":"A","budget":100}` (multiselect: contains the value). */
  cf: z.string().max(2000).optional(),
};
export const customerQuery = pageQuery.extend({
  ...customerFilterFields,
  sort: z.enum(customerSortFields).default('createdAt'),
  order: sortOrder,
});
export const phoneInput = z.object({
  number: z
    .string()
    .trim()
    .regex(/^[+\d][\d\s()-]{2,30}$/, { message: 'mobile' }),
  label: nullableText(20),
});
export const contactInput = z.object({
  name: trimmed(40),
  title: nullableText(40),
  phone: nullableText(30),
  email: z.email().max(120).nullable().optional(),
});
const customerFields = {
  name: trimmed(80),
  company: nullableText(120),
  gender: z.enum(genders).nullable().optional(),
  email: z.email().max(120).nullable().optional().or(z.literal('')),
  address: nullableText(200),
  remark: nullableText(2000),
  source: nullableText(60),
  tags: z.array(z.string().trim().min(1).max(30)).max(30).optional(),
  followUpStatus: nullableText(60),
  /** Owner agent; setting someone else than yourself needs customer:assign. Omitted on create = the creator. */
  ownerId: id.nullable().optional(),
  /** Replaces all phones / contacts when given. */
  phones: z.array(phoneInput).max(10).optional(),
  contacts: z.array(contactInput).max(50).optional(),
  /** Merged into the stored values; unwritable keys are refused (CUSTOM_FIELD_READONLY). */
  customFields: customFieldValues.optional(),
};
export const createCustomerBody = z.object({
  ...customerFields,
  /** Create even when a phone already belongs to another customer of the tenant. */
  allowDuplicate: z.boolean().default(false),
});
export const updateCustomerBody = z.object(customerFields).partial();
export const customerIdsBody = z.object({ ids: z.array(id).min(1).max(5000) });
export const bulkUpdateCustomersBody = z.object({
  ids: z.array(id).min(1).max(5000),
  /** Needs customer:assign. */
  ownerId: id.nullable().optional(),
  /** Replace tags, or add/remove some. */
  tags: z.array(z.string().trim().min(1).max(30)).max(30).optional(),
  addTags: z.array(z.string().trim().min(1).max(30)).max(30).optional(),
  removeTags: z.array(z.string().trim().min(1).max(30)).max(30).optional(),
  followUpStatus: z.string().trim().max(60).nullable().optional(),
  source: z.string().trim().max(60).nullable().optional(),
});
export const countResponse = z.object({ count: z.number().int() });
export const mergeCustomersBody = z.object({
  /** The customer that stays. */
  keepId: id,
  /** The customers folded into it (phones, contacts, follow-ups, appointments, tickets... move) and deleted. */
  mergeIds: z.array(id).min(1).max(50),
});
export const duplicateGroup = z.object({
  e164: z.string(),
  customers: z.array(z.object({ id, name: z.string(), ownerName: z.string().nullable(), createdAt: timestamp })),
});
/** Screen pop (来电弹屏): the number's region plus the visible customers having it. */
export const phoneLookup = z.object({
  e164: z.string().nullable(),
  region: z.string().nullable(),
  carrier: z.string().nullable(),
  blacklisted: z.boolean(),
  customers: z.array(customer),
});
export const phoneParams = z.object({ phone: z.string().trim().min(3).max(40) });

// ---- import / export ----
export const importDedupPolicies = ['skip', 'update', 'keepBoth'] as const;
/** flag: import and mark as blacklisted; skip: do not import the row. */
export const blacklistPolicies = ['flag', 'skip'] as const;
export const importJobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
/** Multipart fields sent with the `file` part of POST /api/customers/import. */
/** Target of an import column that matches no field by name. */
export const importColumnTarget = z.union([
  z.literal('ignore'),
  z.literal('new'),
  z.string().regex(/^cf:[A-Za-z][A-Za-z0-9_]{0,31}$/),
]);
export const importColumnMap = z.record(z.string().max(100), importColumnTarget);
export const importOptions = z.object({
  dedup: z.enum(importDedupPolicies).default('skip'),
  blacklist: z.enum(blacklistPolicies).default('flag'),
  /** 导入批次; generated (`YYYYMMDD-HHmmss`) when empty. */
  batch: z.string().trim().max(60).optional(),
  /** Assign the imported customers to this agent (needs customer:assign); otherwise unassigned. */
  ownerId: id.optional(),
  /** Put the imported customers in the public pool. */
  publicPool: boolQuery.optional(),
  /** A file already sent to `POST /api/customers/import/preview` (instead of a file part). */
  uploadId: id.optional(),
  /**
   * JSON `{ "<header>": "cf:<key>" | "new" | "ignore" }` for columns that match no field: map to a custom field, create
   * a text custom field named after the header (needs customField:manage), or drop the column.
   */
  columns: z
    .string()
    .max(20000)
    .transform((v, ctx) => {
      const parsed = importColumnMap.safeParse(
        (() => {
          try {
            return JSON.parse(v);
          } catch {
            return undefined;
          }
        })(),
      );
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'columns: JSON { header: "cf:<key>" | "new" | "ignore" }' });
        return z.NEVER;
      }
      return parsed.data;
    })
    .optional(),
});
/** What a file's columns map to (by header name), before importing it. */
export const importPreview = z.object({
  /** Pass as `uploadId` to `POST /api/customers/import` (kept for an hour). */
  uploadId: id,
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  columns: z.array(
    z.object({
      header: z.string(),
      /** `phone`, `system:<field>`, `cf:<key>` or `ignore` (matches no field). */
      target: z.string(),
    }),
  ),
  /** Headers that match no field: dropped unless mapped with `columns`. */
  unknown: z.array(z.string()),
  /** The first data rows (at most 5). */
  sample: z.array(z.array(z.string())),
});
export const importJob = z.object({
  id,
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  status: z.enum(importJobStatuses),
  dedup: z.enum(importDedupPolicies),
  blacklist: z.enum(blacklistPolicies),
  batch: z.string(),
  /** Data rows seen so far (final once finished). */
  total: z.number().int(),
  /** 0-100 from the bytes read so far: the progress bar. */
  progress: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Duplicates or blacklisted numbers not imported by policy. */
  skipped: z.number().int(),
  /** Rows refused (see the error report). */
  failed: z.number().int(),
  /** Imported rows whose number is blacklisted (policy flag). */
  flagged: z.number().int(),
  /** Why the whole job failed (unreadable file, ...). */
  error: z.string().nullable(),
  /** Columns of the file that matched no field and were dropped. */
  ignoredColumns: z.array(z.string()),
  createdBy: id.nullable(),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export const importJobQuery = pageQuery;
/** `lang` overrides Accept-Language (a download link cannot send the console's header). */
export const importErrorReportQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['zh-CN', 'en-US']).optional(),
});
export const importRowError = z.object({
  /** 1-based line in the file counting the header as line 1. */
  row: z.number().int(),
  code: z.string(),
  message: z.string(),
  /** The row's cells as read from the file (empty for rows reported before this was kept). */
  cells: z.array(z.string()),
});
export const importErrors = z.object({
  items: z.array(importRowError),
  total: z.number().int(),
  /** The file's header row, naming the cells. */
  header: z.array(z.string()),
});
export const fileFormatQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });
export const exportQuery = z.object({
  ...customerFilterFields,
  format: z.enum(['csv', 'xlsx']).default('csv'),
  sort: z.enum(customerSortFields).default('createdAt'),
  order: sortOrder,
});

// ---- ownership (分配, 回收, 资料转移, 公海) ----
export const assignModes = ['even', 'count'] as const;
export const assignBody = z
  .object({
    mode: z.enum(assignModes),
    /** Customers to assign; when omitted, unassigned customers (not in the pool) matching `filter` are used. */
    customerIds: z.array(id).max(100000).optional(),
    filter: z.object(customerFilterFields).partial().optional(),
    /** even: split among these agents round-robin. */
    agentIds: z.array(id).max(500).optional(),
    /** count: this many each, in order. */
    counts: z
      .array(z.object({ agentId: id, count: z.number().int().min(1).max(100000) }))
      .max(500)
      .optional(),
  })
  .refine((b) => (b.mode === 'even' ? !!b.agentIds?.length : !!b.counts?.length), {
    message: 'required',
    path: ['agentIds'],
  });
export const assignResult = z.object({
  assigned: z.number().int(),
  perAgent: z.array(z.object({ agentId: id, count: z.number().int() })),
});
export const recycleBody = z
  .object({
    customerIds: z.array(id).max(100000).optional(),
    /** All customers of this agent. */
    fromAgentId: id.optional(),
    /** Into the public pool, or just unassigned (waiting for assignment). */
    toPublicPool: z.boolean().default(false),
  })
  .refine((b) => b.customerIds?.length || b.fromAgentId, { message: 'required', path: ['customerIds'] });
export const transferBody = z.object({
  fromAgentId: id,
  toAgentId: id,
  /** Only these (must belong to fromAgentId); all of the agent's customers when omitted. */
  customerIds: z.array(id).max(100000).optional(),
});
export const publicPoolQuery = pageQuery.extend({
  keyword: z.string().trim().max(64).optional(),
  tags: csvQuery.optional(),
  importBatch: z.string().trim().max(60).optional(),
  sort: z.enum(customerSortFields).default('createdAt'),
  order: sortOrder,
});
export const crmSettings = z.object({
  /** Return customers to the public pool when not followed up within N days (null = never). */
  publicPoolReturnDays: z.number().int().min(1).max(3650).nullable(),
  /** Customers an agent may claim from the pool per day (null = unlimited). */
  dailyClaimLimit: z.number().int().min(1).max(100000).nullable(),
});
export const updateCrmSettingsBody = crmSettings.partial();
export const claimResult = z.object({ claimed: z.number().int(), remainingToday: z.number().int().nullable() });

// ---- follow-ups (跟进记录) and appointments (预约) ----
export const followUp = z.object({
  id,
  customerId: id,
  customerName: z.string(),
  userId: id.nullable(),
  userName: z.string().nullable(),
  /** Dictionary `followUpType` (phone, visit, wechat...). */
  type: z.string(),
  /** Dictionary `followUpStatus`; also set on the customer. */
  status: z.string().nullable(),
  note: z.string(),
  nextContactAt: timestamp.nullable(),
  createdAt: timestamp,
});
export const followUpBody = z.object({
  type: z.string().trim().min(1).max(60),
  status: z.string().trim().max(60).nullable().optional(),
  note: z.string().trim().max(4000).default(''),
  nextContactAt: isoDateTime.nullable().optional(),
  /** Also book an appointment (预约) for nextContactAt. */
  remind: z.boolean().default(false),
});
export const followUpQuery = pageQuery.extend({
  customerId: id.optional(),
  userId: id.optional(),
  type: z.string().max(60).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
export const appointment = z.object({
  id,
  customerId: id,
  customerName: z.string(),
  userId: id,
  userName: z.string().nullable(),
  at: timestamp,
  note: z.string(),
  done: z.boolean(),
  createdAt: timestamp,
});
export const appointmentBody = z.object({
  customerId: id,
  at: isoDateTime,
  note: z.string().trim().max(1000).default(''),
  /** Another agent (needs customer:assign); the caller by default. */
  userId: id.optional(),
});
export const updateAppointmentBody = z.object({
  at: isoDateTime.optional(),
  note: z.string().trim().max(1000).optional(),
  done: z.boolean().optional(),
});
export const appointmentQuery = pageQuery.extend({
  customerId: id.optional(),
  /** Defaults to the caller; other users need customer:viewAll. */
  userId: id.optional(),
  done: boolQuery.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
/** The caller's open appointments due at or before `until` (default now): the console's reminders. */
export const dueAppointmentsQuery = z.object({ until: isoDateTime.optional() });

// ---- opportunities (业务机会) ----
export const opportunity = z.object({
  id,
  customerId: id,
  customerName: z.string(),
  name: z.string(),
  amount: z.number().nullable(),
  /** Dictionary `opportunityStage`. */
  stage: z.string(),
  expectedCloseDate: z.string().nullable(),
  ownerId: id.nullable(),
  ownerName: z.string().nullable(),
  remark: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const opportunityBody = z.object({
  customerId: id,
  name: trimmed(120),
  amount: z.number().min(0).max(1e12).nullable().optional(),
  stage: z.string().trim().min(1).max(60),
  expectedCloseDate: z.iso.date().nullable().optional(),
  remark: nullableText(2000),
});
export const updateOpportunityBody = opportunityBody.omit({ customerId: true }).partial();
export const opportunityQuery = pageQuery.extend({
  customerId: id.optional(),
  stage: z.string().max(60).optional(),
});

// ---- tickets (工单) ----
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const ticketHistoryEntry = z.object({
  id,
  userId: id.nullable(),
  userName: z.string().nullable(),
  /** create | update | comment */
  action: z.string(),
  /** For updates: field → { from, to }. */
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
  comment: z.string().nullable(),
  createdAt: timestamp,
});
export const ticket = z.object({
  id,
  /** Readable number (per tenant, increasing). */
  number: z.number().int(),
  customerId: id.nullable(),
  customerName: z.string().nullable(),
  /** Dictionary `ticketType` (consult, complaint, repair, suggestion, order). */
  type: z.string(),
  /** Dictionary `ticketStatus` (open, processing, resolved, closed). */
  status: z.string(),
  priority: z.enum(ticketPriorities),
  title: z.string(),
  description: z.string(),
  assigneeId: id.nullable(),
  assigneeName: z.string().nullable(),
  createdBy: id.nullable(),
  createdByName: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const ticketDetail = ticket.extend({ history: z.array(ticketHistoryEntry) });
export const ticketBody = z.object({
  customerId: id.nullable().optional(),
  type: z.string().trim().min(1).max(60),
  status: z.string().trim().min(1).max(60).optional(),
  priority: z.enum(ticketPriorities).default('normal'),
  title: trimmed(200),
  description: z.string().trim().max(10000).default(''),
  assigneeId: id.nullable().optional(),
});
export const updateTicketBody = z.object({
  type: z.string().trim().min(1).max(60).optional(),
  status: z.string().trim().min(1).max(60).optional(),
  priority: z.enum(ticketPriorities).optional(),
  title: trimmed(200).optional(),
  description: z.string().trim().max(10000).optional(),
  assigneeId: id.nullable().optional(),
});
export const ticketCommentBody = z.object({ comment: trimmed(4000) });
export const ticketQuery = pageQuery.extend({
  customerId: id.optional(),
  type: z.string().max(60).optional(),
  status: z.string().max(60).optional(),
  priority: z.enum(ticketPriorities).optional(),
  assigneeId: z.union([id, z.literal('none'), z.literal('me')]).optional(),
});

// ---- order verification (核单) ----
export const orderVerifyStatuses = ['pending', 'approved', 'rejected'] as const;
export const orderVerification = z.object({
  id,
  customerId: id,
  customerName: z.string(),
  orderNo: z.string().nullable(),
  product: z.string().nullable(),
  amount: z.number().nullable(),
  note: z.string().nullable(),
  status: z.enum(orderVerifyStatuses),
  requestedBy: id.nullable(),
  requestedByName: z.string().nullable(),
  verifierId: id.nullable(),
  verifierName: z.string().nullable(),
  verifiedAt: timestamp.nullable(),
  verifyNote: z.string().nullable(),
  createdAt: timestamp,
});
export const orderVerificationBody = z.object({
  customerId: id,
  orderNo: nullableText(60),
  product: nullableText(200),
  amount: z.number().min(0).max(1e12).nullable().optional(),
  note: nullableText(2000),
});
export const orderDecisionBody = z.object({
  decision: z.enum(['approved', 'rejected']),
  note: nullableText(2000),
});
export const orderVerificationQuery = pageQuery.extend({
  status: z.enum(orderVerifyStatuses).optional(),
  customerId: id.optional(),
});

// ---- blacklist (黑名单) ----
export const blacklistEntry = z.object({
  id,
  number: z.string(),
  e164: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: timestamp,
});
export const blacklistBody = z.object({
  number: z
    .string()
    .trim()
    .regex(/^[+\d][\d\s()-]{2,30}$/, { message: 'mobile' }),
  reason: nullableText(200),
});

export type DictionaryType = z.infer<typeof dictionaryType>;
export type DictionaryItem = z.infer<typeof dictionaryItem>;
export type CustomField = z.infer<typeof customField>;
export type CustomFieldType = (typeof customFieldTypes)[number];
export type CustomFieldValues = z.infer<typeof customFieldValues>;
export type Customer = z.infer<typeof customer>;
export type CustomerDetail = z.infer<typeof customerDetail>;
export type CustomerPhone = z.infer<typeof customerPhone>;
export type CustomerContact = z.infer<typeof customerContact>;
export type CustomerQuery = z.infer<typeof customerQuery>;
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;
export type UpdateCustomerBody = z.infer<typeof updateCustomerBody>;
export type PhoneLookup = z.infer<typeof phoneLookup>;
export type DuplicateGroup = z.infer<typeof duplicateGroup>;
export type ImportJob = z.infer<typeof importJob>;
export type ImportRowError = z.infer<typeof importRowError>;
export type ImportPreview = z.infer<typeof importPreview>;
export type ImportColumnMap = z.infer<typeof importColumnMap>;
export type ImportDedupPolicy = (typeof importDedupPolicies)[number];
export type BlacklistPolicy = (typeof blacklistPolicies)[number];
export type AssignBody = z.infer<typeof assignBody>;
export type AssignResult = z.infer<typeof assignResult>;
export type CrmSettings = z.infer<typeof crmSettings>;
export type FollowUp = z.infer<typeof followUp>;
export type Appointment = z.infer<typeof appointment>;
export type Opportunity = z.infer<typeof opportunity>;
export type Ticket = z.infer<typeof ticket>;
export type TicketDetail = z.infer<typeof ticketDetail>;
export type TicketHistoryEntry = z.infer<typeof ticketHistoryEntry>;
export type OrderVerification = z.infer<typeof orderVerification>;
export type BlacklistEntry = z.infer<typeof blacklistEntry>;

/**
 * Route table of the CRM API (method, path, permission) — the server registers exactly these; the web console
 * may use it for reference. Import/export/template routes are not JSON: see the notes.
 */
export const CRM_ROUTES = {
  dictionaries: 'GET /api/dictionaries [dictionary:view] → DictionaryType[]',
  dictionaryCreate: 'POST /api/dictionaries [dictionary:manage] dictionaryTypeBody → DictionaryType',
  dictionaryUpdate: 'PATCH /api/dictionaries/:id [dictionary:manage] updateDictionaryTypeBody → DictionaryType',
  dictionaryDelete: 'DELETE /api/dictionaries/:id [dictionary:manage] (custom types only) → ok',
  dictionaryItemCreate: 'POST /api/dictionaries/:id/items [dictionary:manage] dictionaryItemBody → DictionaryItem',
  dictionaryItemUpdate: 'PATCH /api/dictionary-items/:id [dictionary:manage] → DictionaryItem',
  dictionaryItemDelete: 'DELETE /api/dictionary-items/:id [dictionary:manage] → ok',
  customFields: 'GET /api/custom-fields [customer:view] → CustomField[] (with readable/writable for the caller)',
  customFieldCreate: 'POST /api/custom-fields [customField:manage] customFieldBody → CustomField',
  customFieldUpdate: 'PATCH /api/custom-fields/:id [customField:manage] → CustomField',
  customFieldDelete: 'DELETE /api/custom-fields/:id [customField:manage] → ok',
  customers: 'GET /api/customers [customer:view] customerQuery → Page<Customer> (visible ones only)',
  customerCreate: 'POST /api/customers [customer:create] createCustomerBody → CustomerDetail',
  customerGet: 'GET /api/customers/:id [customer:view] → CustomerDetail',
  customerUpdate: 'PATCH /api/customers/:id [customer:update] updateCustomerBody → CustomerDetail',
  customerDelete: 'DELETE /api/customers/:id [customer:delete] → ok',
  customerByPhone: 'GET /api/customers/by-phone/:phone [customer:view] → PhoneLookup',
  customerBulkUpdate: 'POST /api/customers/bulk-update [customer:update] → { count }',
  customerBulkDelete: 'POST /api/customers/bulk-delete [customer:delete] customerIdsBody → { count }',
  customerDuplicates: 'GET /api/customers/duplicates [customer:view] → DuplicateGroup[] (visible customers)',
  customerMerge: 'POST /api/customers/merge [customer:delete] mergeCustomersBody → CustomerDetail',
  importStart:
    'POST /api/customers/import [customer:import] multipart: file (CSV or XLSX) + importOptions fields → ImportJob',
  importJobs: 'GET /api/customers/import [customer:import] importJobQuery → Page<ImportJob>',
  importJob: 'GET /api/customers/import/:id [customer:import] → ImportJob (poll for progress)',
  importErrorsJson: 'GET /api/customers/import/:id/errors [customer:import] → { items: ImportRowError[], total }',
  importPreview: 'POST /api/customers/import/preview [customer:import] multipart: file → ImportPreview',
  importErrorsCsv:
    'GET /api/customers/import/:id/errors.csv?format=csv|xlsx&lang= [customer:import] → the original rows + error (UTF-8 BOM CSV or XLSX)',
  importTemplate: 'GET /api/customers/import-template?format=csv|xlsx [customer:import] → file',
  export: 'GET /api/customers/export?format=csv|xlsx&<filters> [customer:export] → file (streamed)',
  assign: 'POST /api/customers/assign [customer:assign] assignBody → AssignResult',
  recycle: 'POST /api/customers/recycle [customer:assign] recycleBody → { count }',
  transfer: 'POST /api/customers/transfer [customer:assign] transferBody → { count }',
  release: 'POST /api/customers/release [customer:update] customerIdsBody → { count } (own/visible → 公海)',
  publicPool: 'GET /api/public-pool [publicPool:claim] publicPoolQuery → Page<Customer>',
  claim: 'POST /api/public-pool/claim [publicPool:claim] customerIdsBody → ClaimResult',
  poolReturn: 'POST /api/public-pool/run-return [publicPool:manage] → { count }',
  settings: 'GET /api/crm-settings [customer:view] → CrmSettings',
  settingsUpdate: 'PUT /api/crm-settings [publicPool:manage] updateCrmSettingsBody → CrmSettings',
  followUps: 'GET /api/follow-ups [followUp:view] followUpQuery → Page<FollowUp> (visible customers)',
  followUpCreate: 'POST /api/customers/:id/follow-ups [followUp:manage] followUpBody → FollowUp',
  followUpDelete: 'DELETE /api/follow-ups/:id [followUp:manage] → ok',
  appointments: 'GET /api/appointments [followUp:view] appointmentQuery → Page<Appointment>',
  appointmentsDue: 'GET /api/appointments/due?until= [followUp:view] → Appointment[]',
  appointmentCreate: 'POST /api/appointments [followUp:manage] appointmentBody → Appointment',
  appointmentUpdate: 'PATCH /api/appointments/:id [followUp:manage] updateAppointmentBody → Appointment',
  appointmentDelete: 'DELETE /api/appointments/:id [followUp:manage] → ok',
  opportunities: 'GET /api/opportunities [opportunity:view] → Page<Opportunity>',
  opportunityCreate: 'POST /api/opportunities [opportunity:manage] → Opportunity',
  opportunityUpdate: 'PATCH /api/opportunities/:id [opportunity:manage] → Opportunity',
  opportunityDelete: 'DELETE /api/opportunities/:id [opportunity:manage] → ok',
  tickets: 'GET /api/tickets [ticket:view] ticketQuery → Page<Ticket>',
  ticketCreate: 'POST /api/tickets [ticket:manage] ticketBody → TicketDetail',
  ticketGet: 'GET /api/tickets/:id [ticket:view] → TicketDetail',
  ticketUpdate: 'PATCH /api/tickets/:id [ticket:manage] updateTicketBody → TicketDetail',
  ticketComment: 'POST /api/tickets/:id/comments [ticket:manage] ticketCommentBody → TicketDetail',
  ticketDelete: 'DELETE /api/tickets/:id [ticket:manage] → ok',
  orders: 'GET /api/order-verifications [orderVerify:view] → Page<OrderVerification>',
  orderCreate: 'POST /api/order-verifications [orderVerify:create] → OrderVerification',
  orderGet: 'GET /api/order-verifications/:id [orderVerify:view] → OrderVerification',
  orderDecide: 'POST /api/order-verifications/:id/decision [orderVerify:verify] orderDecisionBody → OrderVerification',
  blacklist: 'GET /api/blacklist [blacklist:view] pageQuery → Page<BlacklistEntry>',
  blacklistCreate: 'POST /api/blacklist [blacklist:manage] blacklistBody → BlacklistEntry',
  blacklistDelete: 'DELETE /api/blacklist/:id [blacklist:manage] → ok',
} as const;
