/**
 * IVR menus (IVR管理): a tree of menu nodes edited in the console, saved as versions and compiled to a call flow
 * (flow.ts) by the server. A node plays a prompt and maps keys (0-9 * #) to actions: a destination (pbx.ts), a
 * nested menu, `repeat` (this menu again) or `back` (the parent menu). Error messages are i18n keys
 * (FIELD_RULE_MESSAGES). References (voice files, extensions, other menus) are checked by the server per tenant.
 */
import { z } from 'zod';
import { pageQuery } from './api.ts';
import { type Destination, destination } from './pbx.ts';

const id = z.uuid();
const timestamp = z.string();

/** Deepest nesting of menus: the top menu is depth 1. */
export const IVR_MAX_DEPTH = 5;
export const IVR_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'] as const;
export type IvrKey = (typeof IVR_KEYS)[number];
/** Built-in prompts of the switch's prompt library a menu may play (before voice files are uploaded). */
export const IVR_SYSTEM_PROMPTS = [
  'please-choose',
  'invalid-input',
  'no-input',
  'goodbye',
  'leave-message',
  'busy',
  'unavailable',
] as const;
export type IvrSystemPrompt = (typeof IVR_SYSTEM_PROMPTS)[number];

/** What a menu plays: a built-in prompt or an approved voice file (语音文件) of the enterprise. */
export const ivrPrompt = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('system'), name: z.enum(IVR_SYSTEM_PROMPTS, { message: 'ivrPrompt' }) }),
  z.strictObject({ kind: z.literal('voiceFile'), voiceFileId: id }),
]);
export type IvrPrompt = z.infer<typeof ivrPrompt>;

/** A leaf action: where a key, a timeout or a wrong key leads. */
export type IvrLeafAction = { type: 'destination'; destination: Destination } | { type: 'repeat' } | { type: 'back' };
export type IvrAction = IvrLeafAction | { type: 'menu'; menu: IvrMenuNode };
export interface IvrKeyRow {
  key: IvrKey;
  action: IvrAction;
}
export interface IvrMenuNode {
  /** Shown in the editor and the history (e.g. 主菜单, 售后服务); also a text label of what the prompt says. */
  name: string;
  prompt: IvrPrompt;
  keys: IvrKeyRow[];
  /** Wait for a key after the prompt (default 5). */
  timeoutSec?: number;
  /** Replays after the first attempt (default 2). */
  retries?: number;
  /** Played before a replay after a wrong key (default the built-in invalid-input). */
  invalidPrompt?: IvrPrompt;
  /** Played before a replay when nothing was pressed (default the built-in no-input). */
  timeoutPrompt?: IvrPrompt;
  /** After the last attempt timed out (default: goodbye and hang up). */
  onTimeout?: IvrLeafAction;
  /** After the last attempt was a wrong key (default: goodbye and hang up). */
  onInvalid?: IvrLeafAction;
  /** Dial an extension number directly (直拨分机) while the menu waits. */
  directDial?: { enabled: boolean; maxDigits: number };
}

const leafOptions = [
  z.strictObject({ type: z.literal('destination'), destination }),
  z.strictObject({ type: z.literal('repeat') }),
  z.strictObject({ type: z.literal('back') }),
] as const;
const leafAction = z.discriminatedUnion('type', [...leafOptions], { message: 'ivrAction' });
export const ivrLeafAction: z.ZodType<IvrLeafAction> = leafAction as unknown as z.ZodType<IvrLeafAction>;

/** One discriminated union (not a union of unions), so an error inside the chosen kind keeps its own path. */
export const ivrAction: z.ZodType<IvrAction> = z.discriminatedUnion(
  'type',
  [...leafOptions, z.strictObject({ type: z.literal('menu'), menu: z.lazy(() => ivrMenuNode) })],
  { message: 'ivrAction' },
) as unknown as z.ZodType<IvrAction>;

export const ivrMenuNode: z.ZodType<IvrMenuNode> = z.lazy(() =>
  z
    .strictObject({
      name: z.string().trim().min(1).max(40),
      prompt: ivrPrompt,
      keys: z.array(z.strictObject({ key: z.enum(IVR_KEYS, { message: 'ivrKey' }), action: ivrAction })).max(12),
      timeoutSec: z.number().int().min(1).max(60).optional(),
      retries: z.number().int().min(0).max(10).optional(),
      invalidPrompt: ivrPrompt.optional(),
      timeoutPrompt: ivrPrompt.optional(),
      onTimeout: ivrLeafAction.optional(),
      onInvalid: ivrLeafAction.optional(),
      directDial: z.strictObject({ enabled: z.boolean(), maxDigits: z.number().int().min(2).max(8) }).optional(),
    })
    .superRefine((node, ctx) => {
      const seen = new Set<string>();
      node.keys.forEach((row, i) => {
        if (seen.has(row.key)) ctx.addIssue({ code: 'custom', path: ['keys', i, 'key'], message: 'ivrKeyTwice' });
        seen.add(row.key);
      });
      if (node.keys.length === 0 && !node.directDial?.enabled) {
        ctx.addIssue({ code: 'custom', path: ['keys'], message: 'ivrNoKeys' });
      }
    }),
) as unknown as z.ZodType<IvrMenuNode>;

export interface IvrTreeIssue {
  /** e.g. `keys.0.action.menu.keys.1.action` */
  path: Array<string | number>;
  message: string;
}

/** Every menu node of a tree with its path from the root (the root's path is []) and its depth (root 1). */
export function ivrNodes(
  root: IvrMenuNode,
): Array<{ node: IvrMenuNode; path: Array<string | number>; depth: number; keyPath: string[] }> {
  const out: Array<{ node: IvrMenuNode; path: Array<string | number>; depth: number; keyPath: string[] }> = [];
  const walk = (node: IvrMenuNode, path: Array<string | number>, depth: number, keyPath: string[]) => {
    out.push({ node, path, depth, keyPath });
    node.keys.forEach((row, i) => {
      if (row.action.type === 'menu') {
        walk(row.action.menu, [...path, 'keys', i, 'action', 'menu'], depth + 1, [...keyPath, row.key]);
      }
    });
  };
  walk(root, [], 1, []);
  return out;
}

/** Structure rules across nodes: depth ≤ IVR_MAX_DEPTH, no `back` in the top menu. */
export function ivrTreeIssues(root: IvrMenuNode): IvrTreeIssue[] {
  const issues: IvrTreeIssue[] = [];
  for (const { node, path, depth } of ivrNodes(root)) {
    if (depth > IVR_MAX_DEPTH) issues.push({ path, message: 'ivrTooDeep' });
    if (depth !== 1) continue;
    node.keys.forEach((row, i) => {
      if (row.action.type === 'back') issues.push({ path: [...path, 'keys', i, 'action'], message: 'ivrBackAtTop' });
    });
    if (node.onTimeout?.type === 'back') issues.push({ path: [...path, 'onTimeout'], message: 'ivrBackAtTop' });
    if (node.onInvalid?.type === 'back') issues.push({ path: [...path, 'onInvalid'], message: 'ivrBackAtTop' });
  }
  return issues;
}

/** A whole tree: the node schema plus the cross-node rules. */
export const ivrTree = ivrMenuNode.superRefine((root, ctx) => {
  for (const issue of ivrTreeIssues(root)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

// ---- HTTP contract ----
const ivrName = z.string().trim().min(1).max(60);
export const createIvrBody = z.object({
  name: ivrName,
  description: z.string().trim().max(200).default(''),
  tree: ivrTree,
});
/** Saving a tree makes a new version; name and description change in place. */
export const updateIvrBody = z.object({
  name: ivrName.optional(),
  description: z.string().trim().max(200).optional(),
  tree: ivrTree.optional(),
  /** What changed (shown in the history). */
  note: z.string().trim().max(200).optional(),
});
export const ivrQuery = pageQuery;
export const ivrSummary = z.object({
  id,
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  /** Menu nodes in the current version. */
  nodes: z.number().int(),
  updatedAt: timestamp,
  createdAt: timestamp,
});
export const ivrDetail = ivrSummary.extend({ tree: ivrTree });
export const ivrVersion = z.object({
  version: z.number().int(),
  note: z.string(),
  createdBy: z.string().nullable(),
  createdAt: timestamp,
  nodes: z.number().int(),
});
export const ivrVersionDetail = ivrVersion.extend({ tree: ivrTree });
export const ivrVersionParams = z.object({ id, version: z.coerce.number().int().min(1) });
export const rollbackIvrBody = z.object({ version: z.number().int().min(1) });
/** 拨测: ring this extension (default the signed-in user's own) and run the menu when it answers. */
export const ivrTestCallBody = z.object({
  extension: z
    .string()
    .trim()
    .regex(/^\d{2,8}$/, { message: 'extensionNumber' })
    .optional(),
  /** Which version to run (default the current one). */
  version: z.number().int().min(1).optional(),
});
export const ivrTestCallResult = z.object({
  callId: z.string().nullable(),
  extension: z.string(),
  outcome: z.string().nullable(),
  status: z.number().int().nullable(),
});

export type CreateIvrBody = z.input<typeof createIvrBody>;
export type UpdateIvrBody = z.input<typeof updateIvrBody>;
export type IvrSummary = z.infer<typeof ivrSummary>;
export type IvrDetail = z.infer<typeof ivrDetail>;
export type IvrVersion = z.infer<typeof ivrVersion>;
export type IvrVersionDetail = z.infer<typeof ivrVersionDetail>;
export type IvrTestCallResult = z.infer<typeof ivrTestCallResult>;
