import type { Locale } from '@hujiao/shared';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { pgArray } from '../../db/pg-array.ts';

/**
 * 操作日志 as sentences: "张三 修改了用户 李四:角色 坐席 → 班长" / "张三 updated user 李四: roles 坐席 → 班长".
 * Built at read time from the entry's module, action, target and detail; ids (of the target and in the detail:
 * roles, team, department, owner, members) are resolved to names then, so a rename shows the current name and a
 * deleted object falls back to the name its delete entry kept. Raw detail stays in the answer for "expand".
 */
export interface AuditEntry {
  userName: string | null;
  module: string;
  action: string;
  targetId: string | null;
  detail: Record<string, unknown> | null;
}

type Text = Record<Locale, string>;
const t = (zh: string, en: string): Text => ({ 'zh-CN': zh, 'en-US': en });

const NOUNS: Record<string, Text> = {
  tenant: t('企业', 'enterprise'),
  department: t('部门', 'department'),
  user: t('用户', 'user'),
  role: t('角色', 'role'),
  team: t('班组', 'team'),
  userGroup: t('用户组', 'user group'),
  apiToken: t('API 令牌', 'API token'),
  extension: t('分机', 'extension'),
  customer: t('客户', 'customer'),
  customField: t('自定义字段', 'custom field'),
  blacklist: t('黑名单号码', 'blacklisted number'),
  dictionary: t('数据字典', 'dictionary'),
  followUp: t('跟进记录', 'follow-up'),
  opportunity: t('业务机会', 'opportunity'),
  ticket: t('工单', 'ticket'),
  orderVerify: t('核单', 'order verification'),
  appointment: t('预约', 'appointment'),
  voiceFile: t('语音文件', 'voice file'),
  mohClass: t('保持音乐', 'music-on-hold class'),
  trunk: t('中继', 'trunk'),
  trunkGroup: t('智能中继', 'trunk group'),
  timeGroup: t('时间小组', 'time group'),
  inboundRoute: t('呼入路由', 'inbound route'),
  outboundRoute: t('呼出路由', 'outbound route'),
  callClass: t('呼叫权限', 'call classes of extension'),
  callForwarding: t('转移设置', 'call forwarding of extension'),
  fraudLimits: t('防盗打设置', 'toll-fraud limits'),
  numberList: t('黑红名单号码', 'black/red list number'),
  callerId: t('主叫号码', 'caller ID'),
  queue: t('技能组', 'queue'),
};

/** Verbs: zh is placed before the noun ("修改了用户 X"), en likewise ("updated user X"). */
const VERBS: Record<string, Text> = {
  create: t('新增了', 'created'),
  update: t('修改了', 'updated'),
  delete: t('删除了', 'deleted'),
  resetPassword: t('重置了密码:', 'reset the password of'),
  resetAdminPassword: t('重置了管理员密码:', 'reset the admin password of'),
  unlock: t('解锁了', 'unlocked'),
  import: t('导入了', 'imported'),
  merge: t('合并了', 'merged'),
  assign: t('分配了', 'assigned'),
  recycle: t('回收了', 'recycled'),
  transfer: t('转移了', 'transferred'),
  claim: t('领取了', 'claimed'),
  release: t('释放到公海:', 'released to the pool:'),
  bulkUpdate: t('批量修改了', 'bulk-updated'),
  bulkDelete: t('批量删除了', 'bulk-deleted'),
  poolReturn: t('执行了公海回收:', 'ran the pool return for'),
  reorder: t('调整了优先级:', 'reordered'),
  voiceCall: t('发起了语音验证:', 'started the voice verification of'),
  settings: t('修改了设置:', 'changed the settings of'),
  createType: t('新增了字典类型', 'created the dictionary type'),
  updateType: t('修改了字典类型', 'updated the dictionary type'),
  deleteType: t('删除了字典类型', 'deleted the dictionary type'),
  createItem: t('新增了字典项', 'created the dictionary item'),
  updateItem: t('修改了字典项', 'updated the dictionary item'),
  deleteItem: t('删除了字典项', 'deleted the dictionary item'),
  approve: t('通过了', 'approved'),
  reject: t('驳回了', 'rejected'),
};

/** Actions of the auth module, which have no object. */
const AUTH: Record<string, Text> = {
  login: t('登录', 'signed in'),
  logout: t('退出登录', 'signed out'),
  loginFailed: t('登录失败', 'failed to sign in'),
  locked: t('因多次登录失败被锁定', 'was locked after failed sign-ins'),
  updateProfile: t('修改了个人资料', 'updated their profile'),
  changePassword: t('修改了密码', 'changed their password'),
};

const FIELDS: Record<string, Text> = {
  name: t('名称', 'name'),
  username: t('登录账号', 'account'),
  agentNo: t('工号', 'agent no.'),
  agentType: t('坐席类型', 'agent type'),
  enabled: t('状态', 'status'),
  roleIds: t('角色', 'roles'),
  departmentId: t('部门', 'department'),
  teamId: t('班组', 'team'),
  leaderId: t('班长', 'leader'),
  memberIds: t('成员', 'members'),
  ownerId: t('负责人', 'owner'),
  userIds: t('成员', 'members'),
  permissions: t('权限', 'permissions'),
  mobile: t('手机号', 'mobile'),
  email: t('邮箱', 'e-mail'),
  maxAgents: t('坐席数上限', 'max agents'),
  contactName: t('联系人', 'contact'),
  contactPhone: t('联系电话', 'contact phone'),
  remark: t('备注', 'remark'),
  number: t('号码', 'number'),
  label: t('名称', 'label'),
  key: t('键', 'key'),
  account: t('账号', 'account'),
  batch: t('批次', 'batch'),
  fileName: t('文件', 'file'),
  n: t('数量', 'count'),
  merged: t('并入', 'merged'),
  company: t('公司', 'company'),
  tags: t('标签', 'tags'),
  followUpStatus: t('跟进状态', 'follow-up status'),
  source: t('来源', 'source'),
  passwordChanged: t('密码已修改', 'password changed'),
};
const FIELD_ORDER = Object.keys(FIELDS);
const fieldOrder = (k: string) => (FIELD_ORDER.includes(k) ? FIELD_ORDER.indexOf(k) : FIELD_ORDER.length);
const ID_FIELDS = new Set([
  'roleIds',
  'departmentId',
  'teamId',
  'leaderId',
  'memberIds',
  'ownerId',
  'userIds',
  'merged',
]);
/** Detail keys that name the target itself, not a change. */
const TARGET_KEYS = ['name', 'label', 'number', 'account', 'key'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const TABLES: Record<string, { table: string; column: string }> = {
  user: { table: 'users', column: 'name' },
  role: { table: 'roles', column: 'name' },
  team: { table: 'teams', column: 'name' },
  department: { table: 'departments', column: 'name' },
  tenant: { table: 'tenants', column: 'name' },
  customer: { table: 'customers', column: 'name' },
  extension: { table: 'extensions', column: 'number' },
  callForwarding: { table: 'extensions', column: 'number' },
  customField: { table: 'custom_fields', column: 'label' },
  userGroup: { table: 'user_groups', column: 'name' },
  voiceFile: { table: 'voice_files', column: 'name' },
  mohClass: { table: 'moh_classes', column: 'name' },
  trunk: { table: 'trunks', column: 'name' },
  trunkGroup: { table: 'trunk_groups', column: 'name' },
  timeGroup: { table: 'time_groups', column: 'name' },
  inboundRoute: { table: 'inbound_routes', column: 'name' },
  outboundRoute: { table: 'outbound_routes', column: 'name' },
  numberList: { table: 'number_list_entries', column: 'number' },
  callerId: { table: 'caller_ids', column: 'number' },
  queue: { table: 'queues', column: 'name' },
};

/** English names of the built-in roles (which cannot be renamed), for English sentences. */
const BUILTIN_ROLE_EN: Record<string, string> = {
  platformAdmin: 'Platform admin',
  enterpriseAdmin: 'Enterprise admin',
  teamLeader: 'Team leader',
  agent: 'Agent',
  qcInspector: 'QC inspector',
  orderVerifier: 'Order verifier',
};
const EN = 'en:';

/**
 * Names of the ids that a page of entries mentions, looked up once per table (`en:<id>` holds an English name
 * where the object has one: built-in roles).
 */
export async function resolveNames(db: Db, entries: AuditEntry[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && UUID.test(v)) ids.add(v);
    else if (Array.isArray(v)) for (const x of v) add(x);
  };
  for (const e of entries) {
    add(e.targetId);
    for (const [k, v] of Object.entries(e.detail ?? {})) {
      if (ID_FIELDS.has(k)) add(v);
      if (k === 'before' && v && typeof v === 'object')
        for (const [bk, bv] of Object.entries(v)) if (ID_FIELDS.has(bk)) add(bv);
    }
  }
  const names = new Map<string, string>();
  if (ids.size === 0) return names;
  const list = pgArray([...ids]);
  await Promise.all(
    Object.values(TABLES).map(async ({ table, column }) => {
      const code = table === 'roles' ? sql`code` : sql`null`;
      const result = await db.execute(
        sql`select id::text as id, ${sql.identifier(column)} as name, ${code} as code from ${sql.identifier(table)}
          where id = any(${list}::uuid[])`,
      );
      for (const r of (result as unknown as { rows: Array<{ id: string; name: string; code: string | null }> }).rows) {
        names.set(r.id, r.name);
        const en = r.code ? BUILTIN_ROLE_EN[r.code] : undefined;
        if (en) names.set(EN + r.id, en);
      }
    }),
  );
  return names;
}

const nameOf = (id: string, names: Map<string, string>, locale: Locale) =>
  (locale === 'en-US' ? names.get(EN + id) : undefined) ?? names.get(id);

function valueText(key: string, value: unknown, names: Map<string, string>, locale: Locale): string {
  const sep = locale === 'zh-CN' ? '、' : ', ';
  if (value === null || value === undefined || value === '') return locale === 'zh-CN' ? '(空)' : '(none)';
  if (key === 'enabled' && typeof value === 'boolean') {
    return value ? (locale === 'zh-CN' ? '启用' : 'enabled') : locale === 'zh-CN' ? '停用' : 'disabled';
  }
  if (key === 'permissions' && Array.isArray(value)) {
    return locale === 'zh-CN' ? `${value.length} 项` : `${value.length} items`;
  }
  if (key === 'passwordChanged') return value ? (locale === 'zh-CN' ? '是' : 'yes') : locale === 'zh-CN' ? '否' : 'no';
  if (Array.isArray(value)) {
    if (value.length === 0) return locale === 'zh-CN' ? '(无)' : '(none)';
    return value.map((v) => valueText(key, v, names, locale)).join(sep);
  }
  if (typeof value === 'string') return nameOf(value, names, locale) ?? (UUID.test(value) ? value.slice(0, 8) : value);
  if (typeof value === 'object') return JSON.stringify(value).slice(0, 80);
  return String(value);
}

/** The target as shown: its current name, else the name its detail kept, else a short id. */
function targetText(e: AuditEntry, names: Map<string, string>, locale: Locale): string {
  const fromDetail = TARGET_KEYS.map((k) => e.detail?.[k]).find((v) => typeof v === 'string' && v) as
    | string
    | undefined;
  const current = e.targetId ? nameOf(e.targetId, names, locale) : undefined;
  return current ?? fromDetail ?? (e.targetId ? e.targetId.slice(0, 8) : '');
}

/** The sentence of one entry in the reader's language. */
export function auditSentence(e: AuditEntry, names: Map<string, string>, locale: Locale): string {
  const who =
    e.userName === '平台管理员' && locale === 'en-US'
      ? 'Platform admin'
      : (e.userName ?? (locale === 'zh-CN' ? '系统' : 'System'));
  const zh = locale === 'zh-CN';
  if (e.module === 'auth' && AUTH[e.action]) return `${who} ${AUTH[e.action]?.[locale]}`;
  const noun = NOUNS[e.module]?.[locale] ?? e.module;
  const verb = VERBS[e.action]?.[locale] ?? e.action;
  const dictionaryVerb = e.module === 'dictionary' && /Type$|Item$/.test(e.action);
  const target = targetText(e, names, locale);
  const head = dictionaryVerb
    ? `${who} ${verb} ${target}`.trim()
    : zh
      ? `${who} ${verb}${noun} ${target}`.trim()
      : `${who} ${verb} ${noun} ${target}`.trim();
  const detail = e.detail ?? {};
  const before = (detail.before && typeof detail.before === 'object' ? detail.before : {}) as Record<string, unknown>;
  const changes = Object.entries(detail)
    .filter(([k, v]) => k !== 'before' && v !== undefined && !(TARGET_KEYS.includes(k) && e.action !== 'update'))
    // A new object's empty fields say nothing.
    .filter(([k, v]) => k in before || e.action === 'update' || (v !== null && v !== ''))
    .sort(([a], [b]) => fieldOrder(a) - fieldOrder(b))
    .map(([k, v]) => {
      const label = FIELDS[k]?.[locale] ?? k;
      const now = valueText(k, v, names, locale);
      return k in before ? `${label} ${valueText(k, before[k], names, locale)} → ${now}` : `${label} ${now}`;
    });
  if (changes.length === 0) return head;
  return `${head}${zh ? '：' : ': '}${changes.join(zh ? '；' : '; ')}`;
}
