/**
 * HTTP contract for SIP trunks (中继) and trunk groups (智能中继). The trunk password is write-only: the API never
 * returns it (`hasPassword` says whether one is stored); on update an absent or empty password keeps the stored one.
 */
import { z } from 'zod';
import { pageQuery } from './api.ts';
import {
  callClasses,
  callerIdNumber,
  callerIdStatuses,
  extensionPermissions,
  listDirections,
  numberListEntry,
  numberLists,
  reviewStatuses,
  trunkOrders,
} from './pbx.ts';

const id = z.uuid();
const timestamp = z.string();
const name = z.string().trim().min(1).max(60);

export const trunkKinds = ['register', 'ip'] as const;
export const trunkTransports = ['udp', 'tcp'] as const;
export const trunkCodecs = ['PCMA', 'PCMU'] as const;
export const dtmfModes = ['rfc4733', 'info'] as const;
export const callerIdFormats = ['e164', 'national'] as const;
export const privacyModes = ['none', 'id'] as const;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+(?::\d{1,3}(?:\.\d{1,3}){3})?$/;
/** An IPv4/IPv6 address, optionally with a CIDR prefix length (/0-32 or /0-128). */
export function isPeerAddress(value: string): boolean {
  const [address = '', bits, extra] = value.split('/');
  if (extra !== undefined) return false;
  const v4 = IPV4.test(address);
  const v6 = !v4 && address.includes(':') && IPV6.test(address);
  if (!v4 && !v6) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (v4 ? 32 : 128);
}
/** A host name or an address: what goes into the carrier's SIP URI. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
export const trunkHost = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .refine((h) => HOST.test(h) || isPeerAddress(h), { message: 'host' });
export const peerAddress = z
  .string()
  .trim()
  .refine((p) => isPeerAddress(p), { message: 'peerAddress' });
const sipUser = z
  .string()
  .trim()
  .max(64)
  .regex(/^[A-Za-z0-9_.!~*'()&=+$,;?/-]*$/, { message: 'sipUser' });

const trunkFields = {
  name,
  kind: z.enum(trunkKinds),
  host: trunkHost,
  port: z.number().int().min(1).max(65535).default(5060),
  transport: z.enum(trunkTransports).default('udp'),
  /** Register trunks: the user part of our AOR at the carrier. */
  username: sipUser.default(''),
  /** Digest user name when it differs from `username` ('' = the same). */
  authUsername: sipUser.default(''),
  realm: z.string().trim().max(128).default(''),
  registerExpiresSec: z.number().int().min(60).max(86_400).default(3600),
  /** IP trunks: addresses or CIDRs its INVITEs come from. */
  peers: z.array(peerAddress).max(50).default([]),
  codecs: z.array(z.enum(trunkCodecs)).min(1).max(trunkCodecs.length).default(['PCMA', 'PCMU']),
  dtmfMode: z.enum(dtmfModes).default('rfc4733'),
  callerIdFormat: z.enum(callerIdFormats).default('national'),
  /** Country calling code without '+', used by the E.164 format. */
  countryCode: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, { message: 'countryCode' })
    .default('86'),
  /** Send P-Asserted-Identity (RFC 3325) with the caller ID. */
  assertIdentity: z.boolean().default(false),
  privacy: z.enum(privacyModes).default('none'),
  /** Concurrent calls in and out together; 0 = no cap. */
  maxCalls: z.number().int().min(0).max(100_000).default(0),
  enabled: z.boolean().default(true),
};
/** Write-only: 1-128 printable characters. */
const trunkPassword = z.string().max(128);

type TrunkCheck = { kind?: string; username?: string; peers?: string[] };
const checkTrunk = (t: TrunkCheck, ctx: z.RefinementCtx) => {
  if (t.kind === 'register' && t.username !== undefined && t.username === '')
    ctx.addIssue({ code: 'custom', message: 'required', path: ['username'] });
  if (t.kind === 'ip' && t.peers !== undefined && t.peers.length === 0)
    ctx.addIssue({ code: 'custom', message: 'required', path: ['peers'] });
};
export const createTrunkBody = z
  .object({ ...trunkFields, password: trunkPassword.default('') })
  .superRefine((t, ctx) => {
    checkTrunk(t, ctx);
    if (t.kind === 'register' && t.password === '')
      ctx.addIssue({ code: 'custom', message: 'required', path: ['password'] });
  });
/** Without creation defaults; an empty or absent password keeps the stored one. */
export const updateTrunkBody = z
  .object({
    ...trunkFields,
    port: z.number().int().min(1).max(65535),
    transport: z.enum(trunkTransports),
    username: sipUser,
    authUsername: sipUser,
    realm: z.string().trim().max(128),
    registerExpiresSec: z.number().int().min(60).max(86_400),
    peers: z.array(peerAddress).max(50),
    codecs: z.array(z.enum(trunkCodecs)).min(1).max(trunkCodecs.length),
    dtmfMode: z.enum(dtmfModes),
    callerIdFormat: z.enum(callerIdFormats),
    countryCode: z
      .string()
      .trim()
      .regex(/^\d{1,4}$/, { message: 'countryCode' }),
    assertIdentity: z.boolean(),
    privacy: z.enum(privacyModes),
    maxCalls: z.number().int().min(0).max(100_000),
    enabled: z.boolean(),
    password: trunkPassword,
  })
  .partial();
export const trunk = z.object({
  ...trunkFields,
  id,
  hasPassword: z.boolean(),
  createdAt: timestamp,
});
export const trunkQuery = pageQuery.extend({ kind: z.enum(trunkKinds).optional() });

/**
 * Live state as the switch reports it: a register trunk's registration, an IP trunk's OPTIONS keep-alive (online /
 * offline, ADR 0009); 'unknown' while the switch does not run or has no answer yet.
 */
export const trunkStates = [
  'registered',
  'registering',
  'failed',
  'unregistered',
  'online',
  'offline',
  'unknown',
] as const;
export const trunkStatus = z.object({
  trunkId: id,
  state: z.enum(trunkStates),
  lastError: z.string().nullable(),
  expiresAt: timestamp.nullable(),
  lastOkAt: timestamp.nullable(),
  /** Calls up on the trunk now, when the switch reports them. */
  activeCalls: z.number().int().nullable(),
});

// ---- trunk groups (智能中继) ----
const trunkGroupFields = {
  name,
  order: z.enum(trunkOrders).default('sequential'),
  /** In the order to try (sequential) or the set to spread over. */
  trunkIds: z.array(id).min(1).max(20),
  enabled: z.boolean().default(true),
};
export const createTrunkGroupBody = z.object(trunkGroupFields);
export const updateTrunkGroupBody = z
  .object({ ...trunkGroupFields, order: z.enum(trunkOrders), enabled: z.boolean() })
  .partial();
export const trunkGroup = createTrunkGroupBody.extend({ id, createdAt: timestamp });

export type Trunk = z.infer<typeof trunk>;
export type TrunkStatus = z.infer<typeof trunkStatus>;
export type TrunkState = (typeof trunkStates)[number];
export type TrunkGroup = z.infer<typeof trunkGroup>;

// ---- routing extras: extensions' call classes (呼叫权限), reordering routes ----
export const extensionCallClassesItem = z.object({
  extensionId: id,
  number: z.string(),
  classes: z.array(z.enum(callClasses)),
  /** No classes stored for the extension: DEFAULT_CALL_CLASSES apply. */
  isDefault: z.boolean(),
});
export const setCallClassesBody = z.object({ classes: extensionPermissions });
/** Route ids in the new order: priorities become 10, 20, 30, … */
export const reorderRoutesBody = z.object({ ids: z.array(id).min(1).max(1000) });
export type ExtensionCallClasses = z.infer<typeof extensionCallClassesItem>;

// ---- black and red lists (黑名单/红名单): the list view and its filters ----
export const numberListView = numberListEntry.extend({
  reviewComment: z.string().nullable(),
  reviewedAt: timestamp.nullable(),
  /** Past `expiresAt`: no longer in effect. */
  expired: z.boolean(),
});
export const numberListQuery = pageQuery.extend({
  list: z.enum(numberLists).optional(),
  status: z.enum(reviewStatuses).optional(),
  direction: z.enum(listDirections).optional(),
});
export const numberListImportQuery = z.object({ list: z.enum(numberLists) });
export const numberListImportResult = z.object({ created: z.number().int() });
export type NumberListView = z.infer<typeof numberListView>;

// ---- caller IDs (主叫号码): the list view, filters and the platform review ----
export const callerIdView = callerIdNumber.extend({
  reviewComment: z.string().nullable(),
  reviewedAt: timestamp.nullable(),
});
/** The platform operator's list across enterprises. */
export const callerIdReviewItem = callerIdView.extend({ tenantId: id, tenantName: z.string() });
export const callerIdQuery = pageQuery.extend({ status: z.enum(callerIdStatuses).optional() });
export const callerIdReviewQuery = callerIdQuery.extend({ tenantId: id.optional() });
export const reviewCallerIdBody = z.object({
  status: z.enum(['verified', 'rejected']),
  comment: z.string().trim().max(200).optional(),
});
export type CallerIdView = z.infer<typeof callerIdView>;
export type CallerIdReviewItem = z.infer<typeof callerIdReviewItem>;

// ---- refused calls (拦截记录) ----
/** Why the routing refused a call (telephony/pbx-router.ts reasons). */
export const refusalReasons = [
  'blacklistedCaller',
  'noInboundRoute',
  'blacklisted',
  'noRoute',
  'classDenied',
  'international',
  'premium',
  'closed',
  'concurrency',
  'dailyMinutes',
] as const;
export const refusedCallView = z.object({
  id,
  direction: z.enum(['inbound', 'outbound']),
  from: z.string(),
  to: z.string(),
  /** One of refusalReasons (others the router may add later are shown as they are). */
  reason: z.string(),
  routeId: id.nullable(),
  at: timestamp,
});
export const refusedCallQuery = pageQuery.extend({
  direction: z.enum(['inbound', 'outbound']).optional(),
  reason: z.string().trim().max(40).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type RefusedCallView = z.infer<typeof refusedCallView>;
