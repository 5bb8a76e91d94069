/**
 * IVR tree → call flow (packages/shared/src/flow.ts). Pure: everything the tree refers to (voice file paths,
 * extension numbers for direct dial, hand-offs to parts built elsewhere) comes in `IvrCompileContext`.
 *
 * Layout: every menu node is one labelled block at the top level of the flow, so every `goto` (a sub-menu,
 * `repeat`, `back`) sees every label:
 *   [label n]        menu   options: key → { goto sub-menu } | { goto own/parent } | { steps: destination }
 *   [label n-direct] dial   ${menuChoice}   (only with direct dial: extension numbers are options → goto here)
 *                    play unavailable, hangup
 *                    hangup  (a block never falls through into the next one)
 * Labels are the key path from the top menu: `n`, `n-1`, `n-1-s` (`*` → s, `#` → h).
 * Another IVR menu as a destination (`menus` in the context) is compiled into the same flow after this one, under
 * labels of its own (`m1`, `m1-2`, …), and the key jumps there; a menu already in the flow (this one, or a cycle
 * A → B → A) is jumped back to, not compiled again.
 */
import {
  type Destination,
  type Flow,
  IVR_SYSTEM_PROMPTS,
  type IvrAction,
  type IvrLeafAction,
  type IvrMenuNode,
  type IvrPrompt,
  type PromptItem,
  parseFlow,
} from '@hujiao/shared';

/** A step as JSON before the flow schema applies its defaults (the result is parsed with parseFlow). */
type StepIn = { verb: string; label?: string } & Record<string, unknown>;
type ActionIn = { goto: string } | { steps: StepIn[] };

export interface IvrCompileContext {
  /** The enterprise's extension numbers (direct dial turns those of up to maxDigits digits into menu keys). */
  extensions: readonly string[];
  /** Path of an approved voice file of the tenant; undefined = not usable (compile throws). */
  voiceFilePath: (voiceFileId: string) => string | undefined;
  /**
   * Steps for destinations another part runs (queue, voicemail, an outside number through trunks, another IVR):
   * return undefined to use the default hand-off (`handoff` variable set, "unavailable" played, hang up).
   */
  handoff?: (destination: Destination) => StepIn[] | undefined;
  /** Other menus of the enterprise by id (a key may lead to one); absent = the default hand-off. */
  menus?: (ivrId: string) => IvrMenuNode | undefined;
  /** This menu's own id (a key leading to it jumps to its top). */
  selfId?: string;
  /** Set by compileIvr: the label of another menu's top block in the same flow (placing it when first asked). */
  inline?: (ivrId: string) => string | undefined;
  /** Flow name (shown in call records' segments). */
  name?: string;
  lang?: 'zh-CN' | 'en-US';
}

export class IvrCompileError extends Error {
  constructor(
    message: string,
    readonly detail: { voiceFileId?: string; prompt?: string },
  ) {
    super(message);
  }
}

const KEY_LABEL: Record<string, string> = { '*': 's', '#': 'h' };
export const ivrLabel = (keyPath: readonly string[], root = 'n') =>
  [root, ...keyPath.map((k) => KEY_LABEL[k] ?? k)].join('-');
/** Other menus compiled into one flow at most (a guard against very long chains). */
const MAX_INLINED_MENUS = 20;
const DIRECT_SUFFIX = '-direct';
const RING_SEC = 30;
/** The flow template of the digits the menu took (the extension number dialled). */
const MENU_CHOICE = ['$', '{menuChoice}'].join('');

function promptItem(p: IvrPrompt, ctx: IvrCompileContext): PromptItem {
  if (p.kind === 'system') return { prompt: p.name };
  const file = ctx.voiceFilePath(p.voiceFileId);
  if (!file) throw new IvrCompileError('voice file not usable', { voiceFileId: p.voiceFileId });
  return { file };
}
function playStep(p: IvrPrompt, ctx: IvrCompileContext): StepIn {
  return { verb: 'play', ...promptItem(p, ctx) };
}
const unavailable = (): StepIn[] => [{ verb: 'play', prompt: 'unavailable' }, { verb: 'hangup' }];
const goodbye = (): StepIn[] => [{ verb: 'play', prompt: 'goodbye' }, { verb: 'hangup' }];

/**
 * The steps of one destination; each list ends the call or leaves the flow (never falls into the next block).
 * Extend here when a kind gets its own verb (queue in step 4, voicemail's flow step, trunks for external).
 */
export function compileDestination(d: Destination, ctx: IvrCompileContext): StepIn[] {
  switch (d.kind) {
    case 'extension':
      // The extension's 转移设置 when it has some (resolved by the server), else a plain dial.
      return (
        ctx.handoff?.(d) ?? [
          { verb: 'dial', targets: [{ extension: d.number }], ringTimeoutSec: RING_SEC },
          ...unavailable(),
        ]
      );
    case 'ringGroup':
      return [
        {
          verb: 'dial',
          targets: d.numbers.map((n) => ({ extension: n })),
          strategy: d.strategy === 'order' ? 'sequential' : 'parallel',
          ringTimeoutSec: d.ringTimeoutSec,
        },
        ...unavailable(),
      ];
    case 'prompt': {
      if (d.voiceFileId) return [playStep({ kind: 'voiceFile', voiceFileId: d.voiceFileId }, ctx), { verb: 'hangup' }];
      const name = d.prompt ?? 'goodbye';
      if (!(IVR_SYSTEM_PROMPTS as readonly string[]).includes(name)) {
        throw new IvrCompileError('not a built-in prompt', { prompt: name });
      }
      return [{ verb: 'play', prompt: name }, { verb: 'hangup' }];
    }
    case 'hangup':
      return [{ verb: 'hangup' }];
    case 'ivr': {
      const label = ctx.inline?.(d.ivrId);
      if (label) return [{ verb: 'goto', goto: label }];
      const own = ctx.handoff?.(d);
      return own ?? [{ verb: 'set', name: 'handoff', value: handoffName(d) }, ...unavailable()];
    }
    default: {
      const own = ctx.handoff?.(d);
      if (own) return own;
      return [{ verb: 'set', name: 'handoff', value: handoffName(d) }, ...unavailable()];
    }
  }
}

/** `queue:<id>`, `ivr:<id>`, `voicemail:<box>`, `external:<number>`: what the lead's hand-off reads. */
export function handoffName(d: Destination): string {
  switch (d.kind) {
    case 'queue':
      return `queue:${d.queueId}`;
    case 'ivr':
      return `ivr:${d.ivrId}`;
    case 'voicemail':
      return `voicemail:${d.box}`;
    case 'external':
      return `external:${d.number}`;
    case 'extension':
      return `extension:${d.number}`;
    default:
      return d.kind;
  }
}

interface Place {
  label: string;
  parent: string | undefined;
  /** The first part of every label of this menu tree (`n`, or `m<k>` for another menu placed in the flow). */
  root: string;
}

function leaf(a: IvrLeafAction, at: Place, ctx: IvrCompileContext): ActionIn {
  if (a.type === 'repeat') return { goto: at.label };
  if (a.type === 'back') return at.parent ? { goto: at.parent } : { steps: goodbye() };
  return { steps: compileDestination(a.destination, ctx) };
}

function block(node: IvrMenuNode, keyPath: string[], at: Place, ctx: IvrCompileContext, out: StepIn[]): void {
  const options: Record<string, ActionIn> = {};
  const subs: Array<{ node: IvrMenuNode; keyPath: string[] }> = [];
  for (const row of node.keys) {
    const a: IvrAction = row.action;
    if (a.type === 'menu') {
      const path = [...keyPath, row.key];
      options[row.key] = { goto: ivrLabel(path, at.root) };
      subs.push({ node: a.menu, keyPath: path });
    } else {
      options[row.key] = leaf(a, at, ctx);
    }
  }
  const direct = node.directDial?.enabled ? node.directDial.maxDigits : 0;
  const directLabel = `${at.label}${DIRECT_SUFFIX}`;
  let directKeys = 0;
  if (direct > 0) {
    for (const n of ctx.extensions) {
      if (n.length < 2 || n.length > direct || !/^\d+$/.test(n) || n in options) continue;
      options[n] = { goto: directLabel };
      directKeys++;
    }
  }
  const menu: StepIn = {
    label: at.label,
    verb: 'menu',
    prompt: promptItem(node.prompt, ctx),
    options: Object.keys(options).length > 0 ? options : { '#': { steps: goodbye() } },
    retries: node.retries ?? 2,
    timeoutSec: node.timeoutSec ?? 5,
    ...(direct > 0 ? { interDigitSec: 3 } : {}),
    ...(node.invalidPrompt ? { invalidPrompt: promptItem(node.invalidPrompt, ctx) } : {}),
    ...(node.timeoutPrompt ? { timeoutPrompt: promptItem(node.timeoutPrompt, ctx) } : {}),
    default: node.onTimeout ? leaf(node.onTimeout, at, ctx) : { steps: goodbye() },
    onFailure: node.onInvalid ? leaf(node.onInvalid, at, ctx) : { steps: goodbye() },
  };
  out.push(menu);
  if (directKeys > 0) {
    out.push(
      {
        label: directLabel,
        verb: 'dial',
        targets: [{ extension: MENU_CHOICE }],
        ringTimeoutSec: RING_SEC,
      },
      ...unavailable(),
    );
  }
  out.push({ verb: 'hangup' });
  for (const s of subs) {
    block(s.node, s.keyPath, { label: ivrLabel(s.keyPath, at.root), parent: at.label, root: at.root }, ctx, out);
  }
}

/**
 * The flow that runs an IVR tree: answer, then the top menu's block and every sub-menu's block after it.
 * Throws IvrCompileError for a voice file that is not usable, or when the result fails the flow schema.
 */
export function compileIvr(root: IvrMenuNode, ctx: IvrCompileContext): Flow {
  const steps: StepIn[] = [{ verb: 'answer' }];
  const placed = new Map<string, string>(ctx.selfId ? [[ctx.selfId, ivrLabel([])]] : []);
  const pending: Array<{ tree: IvrMenuNode; root: string }> = [];
  const inner: IvrCompileContext = {
    ...ctx,
    inline: (ivrId) => {
      const known = placed.get(ivrId);
      if (known) return known;
      const tree = ctx.menus?.(ivrId);
      if (!tree || placed.size >= MAX_INLINED_MENUS) return undefined;
      const label = `m${placed.size + (ctx.selfId ? 0 : 1)}`;
      placed.set(ivrId, label);
      pending.push({ tree, root: label });
      return label;
    },
  };
  block(root, [], { label: ivrLabel([]), parent: undefined, root: 'n' }, inner, steps);
  for (let next = pending.shift(); next; next = pending.shift()) {
    block(next.tree, [], { label: next.root, parent: undefined, root: next.root }, inner, steps);
  }
  const parsed = parseFlow({ name: ctx.name ?? root.name, ...(ctx.lang ? { lang: ctx.lang } : {}), steps });
  if (!parsed.ok) {
    throw new IvrCompileError(
      `compiled flow is not valid: ${parsed.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      {},
    );
  }
  return parsed.flow;
}
