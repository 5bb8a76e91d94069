/**
 * Permissions are `module:action` strings. Every HTTP route declares one (see apps/server route-permission
 * hook); roles hold a set of them; the web console derives its menu from them.
 */
export const PERMISSION_MODULES = {
  tenant: ['view', 'create', 'update', 'delete'],
  department: ['view', 'manage'],
  user: ['view', 'create', 'update', 'delete'],
  role: ['view', 'manage'],
  team: ['view', 'manage'],
  userGroup: ['view', 'manage'],
  audit: ['view'],
  apiToken: ['manage'],
  extension: ['view', 'manage'],
  /** 语音文件: upload and edit (manage), 审核 (approve). */
  voiceFile: ['view', 'manage', 'approve'],
  /** 保持音乐 classes of the enterprise. */
  musicOnHold: ['view', 'manage'],
  /** IVR管理: menus, their versions and the test call (拨测). */
  ivr: ['view', 'manage'],
  /** 技能组管理 (queues / 接听组) and their members. */
  queue: ['view', 'manage'],
  /** 示忙示闲记录: agents' state changes; viewAll: every agent (without it: the team's agents for team leaders). */
  agentStateLog: ['view', 'viewAll'],
  /** viewAll: every call of the tenant (without it: calls of own extensions, or the team's for team leaders). */
  callRecord: ['view', 'viewAll', 'listen', 'download'],
  /** originate: start calls from the server (click-to-call); manage: hang up, transfer, hold any call of the tenant. */
  callControl: ['originate', 'manage'],
  /** viewAll: every customer of the tenant (without it: own, or the team's for team leaders). */
  customer: ['view', 'viewAll', 'create', 'update', 'delete', 'import', 'export', 'assign'],
  /** manage: pool settings (return rule, claim limit) and running the return rule now. */
  publicPool: ['claim', 'manage'],
  followUp: ['view', 'manage'],
  opportunity: ['view', 'manage'],
  ticket: ['view', 'manage'],
  orderVerify: ['view', 'create', 'verify'],
  dictionary: ['view', 'manage'],
  customField: ['manage'],
  blacklist: ['view', 'manage'],
  /** 中继 and 智能中继 (SIP trunks, trunk groups). */
  trunk: ['view', 'manage'],
  /** 时间小组, 呼入/呼出路由, extensions' call classes and the toll-fraud limits. */
  routing: ['view', 'manage'],
  /** 黑名单/红名单; approve: 审核 pending entries. */
  numberList: ['view', 'manage', 'approve'],
  /** 主叫号码 of the enterprise. */
  callerId: ['view', 'manage'],
  /** The platform operator's review of every enterprise's caller IDs (人工审核). */
  callerIdReview: ['view', 'approve'],
  /**
   * 班长强制操作 (监听/密语/强插/强拆/强制转接/强制示闲示忙签出): intervene on the agents of the teams one leads;
   * interveneAll: on every agent of the enterprise.
   */
  supervision: ['intervene', 'interveneAll'],
  /** 语音信箱: every box of the enterprise (without it: the boxes of one's own extensions) and group boxes. */
  voicemail: ['manage'],
} as const;

export type PermissionModule = keyof typeof PERMISSION_MODULES;
export type Permission = {
  [M in PermissionModule]: `${M}:${(typeof PERMISSION_MODULES)[M][number]}`;
}[PermissionModule];

/** Modules only the platform operator may hold: enterprises are managed across tenants. */
export const PLATFORM_ONLY_MODULES: readonly PermissionModule[] = ['tenant', 'callerIdReview'];

/**
 * Modules that count in the platform tenant: the operator's pages (enterprises, its own users, roles, log, API
 * tokens). The platform tenant is no call center: CRM, extensions and the like of it are never shown.
 */
export const OPERATOR_MODULES: readonly PermissionModule[] = [
  'tenant',
  'user',
  'role',
  'audit',
  'apiToken',
  'callerIdReview',
];

export const ALL_PERMISSIONS: readonly Permission[] = Object.entries(PERMISSION_MODULES).flatMap(([module, actions]) =>
  actions.map((action) => `${module}:${action}` as Permission),
);

export const TENANT_PERMISSIONS: readonly Permission[] = ALL_PERMISSIONS.filter(
  (p) => !PLATFORM_ONLY_MODULES.includes(p.split(':')[0] as PermissionModule),
);

export const OPERATOR_PERMISSIONS: readonly Permission[] = ALL_PERMISSIONS.filter((p) =>
  OPERATOR_MODULES.includes(p.split(':')[0] as PermissionModule),
);

/** Whether a permission a role holds counts in a tenant: operator ones in the platform, the others elsewhere. */
export function permissionCountsIn(permission: string, isPlatformTenant: boolean): boolean {
  const module = permission.split(':')[0] as PermissionModule;
  return isPlatformTenant ? OPERATOR_MODULES.includes(module) : !PLATFORM_ONLY_MODULES.includes(module);
}

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as readonly string[]).includes(value);
}

/** What an agent does with customers (坐席): own customers, the pool, follow-ups, tickets, orders. */
const AGENT_CRM = [
  'customer:view',
  'customer:create',
  'customer:update',
  'publicPool:claim',
  'followUp:view',
  'followUp:manage',
  'opportunity:view',
  'opportunity:manage',
  'ticket:view',
  'ticket:manage',
  'orderVerify:view',
  'orderVerify:create',
  'dictionary:view',
] as const satisfies readonly Permission[];

/** Built-in roles created for every enterprise (the platform tenant gets platformAdmin only). */
export const BUILTIN_ROLES = {
  platformAdmin: OPERATOR_PERMISSIONS,
  enterpriseAdmin: TENANT_PERMISSIONS,
  teamLeader: [
    'user:view',
    'team:view',
    'userGroup:view',
    'department:view',
    'apiToken:manage',
    'callRecord:view',
    'callRecord:listen',
    'agentStateLog:view',
    'supervision:intervene',
    ...AGENT_CRM,
    'customer:import',
    'customer:assign',
    'customer:export',
    'blacklist:view',
  ],
  agent: [...AGENT_CRM, 'callRecord:view'],
  qcInspector: [
    'user:view',
    'team:view',
    'callRecord:view',
    'callRecord:viewAll',
    'callRecord:listen',
    'dictionary:view',
  ],
  orderVerifier: ['orderVerify:view', 'orderVerify:verify', 'customer:view', 'followUp:view', 'dictionary:view'],
} as const satisfies Record<string, readonly Permission[]>;

export type BuiltinRoleCode = keyof typeof BUILTIN_ROLES;

/**
 * Permissions that a built-in role's definition gained after the permission itself existed (a role that knew the
 * permission but did not hold it). An upgrade gives each once, to roles that do not remember the addition in their
 * `known_permissions` (as `builtinAdditionMark(code, permission)`); an administrator who takes it away later keeps
 * it away.
 */
export const BUILTIN_ROLE_ADDITIONS: Partial<Record<BuiltinRoleCode, readonly Permission[]>> = {
  teamLeader: ['customer:import'],
  agent: ['callRecord:view'],
};
export const builtinAdditionMark = (code: string, permission: string) => `+${code}:${permission}`;
/** Every addition mark: remembered by roles made (or upgraded) with these definitions. */
export const BUILTIN_ADDITION_MARKS: readonly string[] = Object.entries(BUILTIN_ROLE_ADDITIONS).flatMap(
  ([code, perms]) => (perms ?? []).map((p) => builtinAdditionMark(code, p)),
);
export const ENTERPRISE_BUILTIN_ROLES: readonly BuiltinRoleCode[] = [
  'enterpriseAdmin',
  'teamLeader',
  'agent',
  'qcInspector',
  'orderVerifier',
];

/** Route-level markers for routes that need no module permission. */
export const PUBLIC = 'public' as const;
export const AUTHENTICATED = 'authenticated' as const;
export type RouteAccess = Permission | typeof PUBLIC | typeof AUTHENTICATED;
