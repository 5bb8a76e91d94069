/**
 * PBX configuration contract (step 3): time groups (时间小组), destinations, inbound routes (呼入路由), outbound
 * routes (呼出路由), permission classes, black and red lists (黑名单/红名单), caller IDs (主叫号码) and toll-fraud
 * limits. The server's tables, the console's forms and the decision engine (@hujiao/pbx) all read these shapes.
 * Error messages are i18n keys (validation.<key>), as in api-telephony.ts.
 */
import { z } from 'zod';
import { extensionNumber } from './api-telephony.ts';

const id = z.uuid();
const timestamp = z.string();
const name = z.string().trim().min(1).max(60);

// ---- shared field rules ----
/** A phone number as typed: digits with an optional leading +, 3-20 digits (short numbers like 95588 included). */
export const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?\d{3,20}$/, { message: 'phoneNumber' });
/** A number or a number prefix for the lists: 1-20 digits, optional leading +. */
export const numberOrPrefix = z
  .string()
  .trim()
  .regex(/^\+?\d{1,20}$/, { message: 'phoneNumber' });
/**
 * An Asterisk/FreePBX dial pattern: digits, * # +, X (0-9), Z (1-9), N (2-9), [1-5] / [137] sets, and a final
 * `.` (one or more of anything) or `!` (zero or more). A leading `_` (Asterisk's pattern marker) is allowed and
 * ignored. The engine (@hujiao/pbx dial-pattern.ts) compiles and re-checks it (e.g. reversed ranges).
 */
export const DIAL_PATTERN_RE = /^_?(?:[0-9*#+XZNxzn]|\[(?:[0-9](?:-[0-9])?)+\])*[.!]?$/;
export const dialPattern = z.string().trim().max(40).regex(DIAL_PATTERN_RE, { message: 'dialPattern' });
/** Digits to add in front (FreePBX "prepend"): digits, * # and a leading +. */
export const prependDigits = z
  .string()
  .trim()
  .max(20)
  .regex(/^\+?[0-9*#]*$/, { message: 'prependDigits' });
const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
const localDate = z.iso.date({ message: 'date' });

// ---- time groups (时间小组) ----
/** ISO weekday: Monday = 1 … Sunday = 7. */
export const isoWeekday = z.number().int().min(1).max(7);
/**
 * One weekly opening window: on each of `days`, open from `start` (inclusive) to `end` (exclusive), local time
 * in the group's timezone. `end` may be '24:00' (end of day). When `end` is earlier than `start` the window runs
 * past midnight into the next day and belongs to its start day (a holiday on the start day cancels all of it;
 * a holiday on the next day does not cut it short). `end` equal to `start` is refused (say 00:00-24:00 for all day).
 */
export const weeklyWindow = z
  .object({
    days: z.array(isoWeekday).min(1).max(7),
    start: z.string().regex(hhmm, { message: 'timeOfDay' }),
    end: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: 'timeOfDay' }),
  })
  .refine((w) => w.start !== w.end && !(w.start === '00:00' && w.end === '00:00'), {
    message: 'timeRange',
    path: ['end'],
  });
/** Closed every day from `from` to `to` inclusive (local dates in the group's timezone). */
export const holiday = z
  .object({ name, from: localDate, to: localDate })
  .refine((h) => h.from <= h.to, { message: 'dateRange', path: ['to'] });
/**
 * A make-up workday (调休): on `date` (usually a weekend day) the group is open with the weekly windows of ISO
 * weekday `asDay` (default Monday). It wins over the weekly rules and over a holiday on the same date.
 */
export const makeUpWorkday = z.object({ name, date: localDate, asDay: isoWeekday.default(1) });
export const timeGroupOverrides = ['none', 'open', 'closed'] as const;
const timeGroupFields = {
  name,
  /** IANA zone; the engine evaluates windows in it (DST-safe). */
  timezone: z.string().trim().refine(isIanaZone, { message: 'timezone' }).default('Asia/Shanghai'),
  weekly: z.array(weeklyWindow).max(50).default([]),
  holidays: z.array(holiday).max(200).default([]),
  workdays: z.array(makeUpWorkday).max(100).default([]),
  /** Manual override (e.g. "closed today"), until `overrideUntil` if given, then back to the rules. */
  override: z.enum(timeGroupOverrides).default('none'),
  overrideUntil: z.iso.datetime({ offset: true }).nullable().optional(),
};
export const createTimeGroupBody = z.object(timeGroupFields);
export const updateTimeGroupBody = z
  .object({ ...timeGroupFields, timezone: timeGroupFields.timezone.unwrap() })
  .extend({
    weekly: z.array(weeklyWindow).max(50),
    holidays: z.array(holiday).max(200),
    workdays: z.array(makeUpWorkday).max(100),
    override: z.enum(timeGroupOverrides),
  })
  .partial();
export const timeGroup = createTimeGroupBody.extend({ id, createdAt: timestamp });

// ---- destinations ----
export const ringGroupStrategies = ['all', 'order'] as const;
export const destination = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('extension'),
    number: extensionNumber,
  }),
  z.object({
    kind: z.literal('ringGroup'),
    numbers: z.array(extensionNumber).min(1).max(50),
    strategy: z.enum(ringGroupStrategies).default('all'),
    /** All at once: the whole group's time; in order: each extension's time. */
    ringTimeoutSec: z.number().int().min(5).max(300).default(20),
  }),
  z.object({ kind: z.literal('queue'), queueId: id }),
  z.object({ kind: z.literal('ivr'), ivrId: id }),
  z.object({ kind: z.literal('voicemail'), box: z.string().trim().min(1).max(20) }),
  z.object({ kind: z.literal('external'), number: phoneNumber }),
  /** Play a voice file (approved) or a built-in prompt, then hang up. */
  z
    .object({
      kind: z.literal('prompt'),
      voiceFileId: id.optional(),
      prompt: z.string().trim().min(1).max(60).optional(),
    })
    .refine((d) => d.voiceFileId !== undefined || d.prompt !== undefined, { message: 'required', path: ['prompt'] }),
  z.object({ kind: z.literal('hangup') }),
]);
export const destinationKinds = [
  'extension',
  'ringGroup',
  'queue',
  'ivr',
  'voicemail',
  'external',
  'prompt',
  'hangup',
] as const;

// ---- inbound routes (呼入路由) ----
/**
 * `didPattern`: the called number (DID) as digits (exact) or a dial pattern; '' = any DID (a catch-all).
 * `callerPattern`: the caller's number as digits or a pattern; absent/'' = any caller.
 * Among matching routes the lowest `priority` wins; at equal priority an exact DID beats a pattern, then the
 * more specific pattern, then the older route (creation order).
 */
const inboundFields = {
  name,
  priority: z.number().int().min(0).max(100_000).default(100),
  didPattern: z.union([z.literal(''), dialPattern]),
  callerPattern: z.union([z.literal(''), dialPattern]).optional(),
  timeGroupId: id.nullable().optional(),
  /** While the time group is open (or with no time group). */
  destination,
  /** While the time group is closed; absent = hang up. */
  closedDestination: destination.nullable().optional(),
  /** Music on hold of the calls of this route (a class of 保持音乐); absent = the enterprise's default. */
  mohClassId: id.nullable().optional(),
  enabled: z.boolean().default(true),
};
export const createInboundRouteBody = z.object(inboundFields);
export const updateInboundRouteBody = z
  .object({ ...inboundFields, priority: z.number().int().min(0).max(100_000), enabled: z.boolean() })
  .partial();
export const inboundRoute = createInboundRouteBody.extend({ id, createdAt: timestamp });

// ---- outbound routes (呼出路由) ----
/**
 * FreePBX semantics: the dialled number must match `prefix` + `match` as a whole; `prefix` is then removed and
 * `prepend` added in front. `callerPattern` (optional) must match the calling extension's number.
 */
export const outboundDialPattern = z
  .object({
    prepend: prependDigits.default(''),
    prefix: z
      .union([z.literal(''), dialPattern.refine((p) => !/[.!]$/.test(p), { message: 'dialPattern' })])
      .default(''),
    match: z.union([z.literal(''), dialPattern]).default(''),
    callerPattern: z.union([z.literal(''), dialPattern]).optional(),
  })
  .refine((p) => p.prefix !== '' || p.match !== '', { message: 'required', path: ['match'] });
/** Who may use a route: everyone, or the listed extensions and the members of the listed teams (at least one). */
export const outboundScope = z.union([
  z.object({ all: z.literal(true) }),
  z
    .object({ extensions: z.array(z.string().trim()).max(1000).default([]), teamIds: z.array(id).max(200).default([]) })
    .refine((s) => s.extensions.length + s.teamIds.length > 0, { message: 'required', path: ['extensions'] }),
]);
export const trunkOrders = ['sequential', 'roundRobin', 'random', 'leastUsed'] as const;
export const callerIdModes = ['fixed', 'extension', 'pool'] as const;
export const poolStrategies = ['rotate', 'random', 'sameRegion'] as const;
const outboundFields = {
  name,
  priority: z.number().int().min(0).max(100_000).default(100),
  dialPatterns: z.array(outboundDialPattern).min(1).max(100),
  scope: outboundScope.default({ all: true }),
  /** Trunks in the order to try (sequential) or the set to spread over; empty when a trunk group is used. */
  trunkIds: z.array(id).max(20).default([]),
  trunkOrder: z.enum(trunkOrders).default('sequential'),
  /** A trunk group (智能中继) instead of `trunkIds`: its trunks in its order. */
  trunkGroupId: id.nullable().optional(),
  /** fixed: `callerId`; extension: the extension's display number; pool: one of `callerIdPool`. */
  callerIdMode: z.enum(callerIdModes).default('extension'),
  callerId: phoneNumber.nullable().optional(),
  callerIdPool: z.array(phoneNumber).max(500).default([]),
  poolStrategy: z.enum(poolStrategies).default('rotate'),
  /** Calls allowed only while this time group is open. */
  timeGroupId: id.nullable().optional(),
  enabled: z.boolean().default(true),
};
type OutboundCheck = {
  callerIdMode?: string;
  callerId?: string | null;
  callerIdPool?: string[];
  trunkIds?: string[];
  trunkGroupId?: string | null;
};
const checkCallerId = (r: OutboundCheck, ctx: z.RefinementCtx) => {
  // Trunks or a trunk group: on a partial update only when one of them is sent (the service checks the merge).
  if ((r.trunkIds !== undefined || r.trunkGroupId !== undefined) && (r.trunkIds ?? []).length === 0 && !r.trunkGroupId)
    ctx.addIssue({ code: 'custom', message: 'required', path: ['trunkIds'] });
  if (r.callerIdMode === 'fixed' && !r.callerId)
    ctx.addIssue({ code: 'custom', message: 'required', path: ['callerId'] });
  if (r.callerIdMode === 'pool' && r.callerIdPool !== undefined && r.callerIdPool.length === 0)
    ctx.addIssue({ code: 'custom', message: 'required', path: ['callerIdPool'] });
};
export const createOutboundRouteBody = z.object(outboundFields).superRefine(checkCallerId);
export const updateOutboundRouteBody = z
  .object({
    ...outboundFields,
    priority: z.number().int().min(0).max(100_000),
    scope: outboundScope,
    trunkIds: z.array(id).max(20),
    trunkOrder: z.enum(trunkOrders),
    callerIdMode: z.enum(callerIdModes),
    callerIdPool: z.array(phoneNumber).max(500),
    poolStrategy: z.enum(poolStrategies),
    enabled: z.boolean(),
  })
  .partial()
  .superRefine(checkCallerId);
export const outboundRoute = z.object(outboundFields).extend({ id, createdAt: timestamp }).superRefine(checkCallerId);

// ---- permission classes ----
export const callClasses = ['internal', 'local', 'national', 'mobile', 'international', 'premium'] as const;
export const callClass = z.enum(callClasses);
/** An extension's allowed call classes (its 呼叫权限). The default for a new extension: */
export const DEFAULT_CALL_CLASSES: readonly CallClass[] = ['internal', 'local', 'national', 'mobile'];
export const extensionPermissions = z.array(callClass).max(callClasses.length);

// ---- black and red lists (黑名单 / 红名单) ----
export const numberLists = ['black', 'red'] as const;
export const listDirections = ['inbound', 'outbound', 'both'] as const;
export const listMatches = ['exact', 'prefix'] as const;
export const reviewStatuses = ['pending', 'approved', 'rejected'] as const;
/** What a blacklisted inbound caller gets: busy tone or a prompt (then hang up). */
export const blockActions = ['busy', 'prompt'] as const;
const numberListFields = {
  list: z.enum(numberLists),
  direction: z.enum(listDirections).default('both'),
  number: numberOrPrefix,
  match: z.enum(listMatches).default('exact'),
  reason: z.string().trim().max(200).default(''),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  action: z.enum(blockActions).nullable().optional(),
};
/** New entries start pending (待审核); an approval (审核) sets approved/rejected. */
export const createNumberListEntryBody = z.object(numberListFields);
export const updateNumberListEntryBody = z
  .object({
    ...numberListFields,
    direction: z.enum(listDirections),
    match: z.enum(listMatches),
    reason: z.string().trim().max(200),
  })
  .partial();
export const reviewNumberListEntryBody = z.object({
  status: z.enum(['approved', 'rejected']),
  comment: z.string().trim().max(200).optional(),
});
export const numberListEntry = z.object({
  ...numberListFields,
  id,
  status: z.enum(reviewStatuses),
  createdAt: timestamp,
});

// ---- caller IDs (主叫号码) ----
export const callerIdStatuses = ['unverified', 'verifying', 'verified', 'rejected'] as const;
export const callerIdVerifiers = ['voice', 'admin'] as const;
const callerIdFields = {
  number: phoneNumber,
  /** Region code (e.g. a CN area code '010', or a province); used by the pool's sameRegion strategy. */
  region: z.string().trim().max(40).nullable().optional(),
};
export const createCallerIdNumberBody = z.object(callerIdFields);
export const updateCallerIdNumberBody = z.object(callerIdFields).partial();
/** The six-digit code the system read out on the verification call, typed in by the admin. */
export const verifyCallerIdNumberBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { message: 'verificationCode' }),
});
export const callerIdNumber = z.object({
  ...callerIdFields,
  id,
  status: z.enum(callerIdStatuses),
  verifiedBy: z.enum(callerIdVerifiers).nullable().optional(),
  createdAt: timestamp,
});

// ---- toll-fraud limits (per enterprise) ----
const fraudFields = {
  internationalEnabled: z.boolean().default(false),
  premiumEnabled: z.boolean().default(false),
  /** Outbound calls up at once for the enterprise; null = no cap. */
  maxConcurrentCalls: z.number().int().min(0).max(100_000).nullable().default(100),
  /** Outbound minutes per day (the enterprise's timezone); null = no cap. */
  dailyMinutesCap: z.number().int().min(0).max(10_000_000).nullable().default(10_000),
};
export const fraudLimits = z.object(fraudFields);
export const updateFraudLimitsBody = z
  .object({
    internationalEnabled: z.boolean(),
    premiumEnabled: z.boolean(),
    maxConcurrentCalls: fraudFields.maxConcurrentCalls.unwrap(),
    dailyMinutesCap: fraudFields.dailyMinutesCap.unwrap(),
  })
  .partial();

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type WeeklyWindow = z.infer<typeof weeklyWindow>;
export type Holiday = z.infer<typeof holiday>;
export type MakeUpWorkday = z.infer<typeof makeUpWorkday>;
export type TimeGroup = z.infer<typeof timeGroup>;
export type TimeGroupRules = z.infer<typeof createTimeGroupBody>;
export type Destination = z.infer<typeof destination>;
export type DestinationKind = Destination['kind'];
export type InboundRoute = z.infer<typeof inboundRoute>;
export type OutboundDialPattern = z.infer<typeof outboundDialPattern>;
export type OutboundScope = z.infer<typeof outboundScope>;
export type OutboundRoute = z.infer<typeof outboundRoute>;
export type TrunkOrder = (typeof trunkOrders)[number];
export type CallerIdMode = (typeof callerIdModes)[number];
export type PoolStrategy = (typeof poolStrategies)[number];
export type CallClass = (typeof callClasses)[number];
export type NumberListEntry = z.infer<typeof numberListEntry>;
export type CallerIdNumber = z.infer<typeof callerIdNumber>;
export type FraudLimits = z.infer<typeof fraudLimits>;
