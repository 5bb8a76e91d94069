/**
 * Call flows: JSON verbs run by the switch's flow interpreter (packages/switch/src/flow). A flow is a list of
 * steps; a step is one verb, optionally with a `label` that `goto` (and menu/branch actions) can jump to.
 * Strings marked "template" accept `${var}` from the flow's variables (built-ins: caller, callee, callId,
 * tenantId, lang, digits, gatherStatus, menuChoice, menuResult, dialStatus, dialSipStatus, dialLegId,
 * bridgeEndedBy, recordPath, recordDurationMs, recordReason).
 */
import { z } from 'zod';

/** `[min, max]` integer with a message that says so. */
const int = (min: number, max: number) =>
  z
    .number({ error: `must be a number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

/** A string with `${var}` substitution, 1..max characters. */
const template = (max = 256) =>
  z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

export const flowVariableName = z
  .string({ error: 'must be a variable name' })
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'must be a variable name (letters, digits, _; 1-64)' });
export const flowLabel = z
  .string({ error: 'must be a label' })
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be a label (letters, digits, _ . -; 1-64)' });
/** A prompt in the prompt library, e.g. `goodbye` or `digits/5` (no `..`, no leading slash). */
export const promptName = z
  .string({ error: 'must be a prompt name' })
  .regex(/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/, { error: 'must be a prompt name like goodbye or digits/5' })
  .max(128, { error: 'must be at most 128 characters' });
export const flowLang = z.enum(['zh-CN', 'en-US'], { error: "must be 'zh-CN' or 'en-US'" });
export type FlowLang = z.infer<typeof flowLang>;

/** Named call-progress tones (China's plans unless the switch is set to another region) and a short beep. */
export const flowToneName = z.enum(['ringback', 'busy', 'dial', 'congestion', 'beep', 'callWaiting'], {
  error: 'must be one of ringback, busy, dial, congestion, beep, callWaiting',
});
export const flowCustomTone = z.strictObject({
  frequencies: z.array(int(20, 3900)).min(1, { error: 'needs at least one frequency' }).max(4),
  cadenceMs: z.array(int(10, 60_000)).max(8).default([]),
  levelDbm0: int(-40, 0).default(-10),
});
export const flowTone = z.union([flowToneName, flowCustomTone], {
  error: 'must be a tone name or {frequencies, cadenceMs}',
});
export type FlowTone = z.infer<typeof flowTone>;

/** Digits a caller can press (RFC 4733 events 0-15). */
export const dtmfDigits = z.string().regex(/^[0-9*#A-D]{1,16}$/, { error: 'must be DTMF digits (0-9 * # A-D)' });
const terminator = z.enum(['#', '*'], { error: "must be '#' or '*'" });

type Keys = readonly string[];
/** Exactly one of `keys` is present. */
function exactlyOne<T extends object>(keys: Keys, what: string) {
  return (value: T, ctx: z.RefinementCtx) => {
    const present = keys.filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} needs exactly one of ${keys.join(', ')}${present.length ? ` (got ${present.join(', ')})` : ''}`,
      });
    }
  };
}

/**
 * Something to play: a file, a library prompt, a tone, or digits/a number read from prompt files. Used for
 * gather and menu prompts (one item or a list).
 */
export const promptItem = z
  .strictObject({
    file: template(512).optional(),
    prompt: promptName.optional(),
    tone: flowTone.optional(),
    /** Tone length; a tone without it plays until interrupted. */
    durationSec: int(1, 3600).optional(),
    digits: template(64).optional(),
    number: z.union([template(32), int(0, 999_999_999)]).optional(),
    lang: flowLang.optional(),
  })
  .superRefine(exactlyOne(['file', 'prompt', 'tone', 'digits', 'number'], 'a prompt'));
export type PromptItem = z.infer<typeof promptItem>;
export const promptSpec = z.union([promptItem, z.array(promptItem).max(20)], {
  error: 'must be a prompt {file|prompt|tone|digits|number} or a list of them',
});
export type PromptSpec = z.infer<typeof promptSpec>;

/** Where a menu or branch goes: a label, or steps run in place (then the flow continues after the verb). */
export interface FlowAction {
  goto?: string;
  steps?: Step[];
}
export const flowAction: z.ZodType<FlowAction> = z.lazy(() =>
  z
    .strictObject({ goto: flowLabel.optional(), steps: z.array(flowStep).min(1).max(200).optional() })
    .superRefine(exactlyOne(['goto', 'steps'], 'an action')),
);

const base = { label: flowLabel.optional() };

export const answerStep = z.strictObject({ ...base, verb: z.literal('answer') });
export const playStep = z
  .strictObject({
    ...base,
    verb: z.literal('play'),
    file: template(512).optional(),
    prompt: promptName.optional(),
    tone: flowTone.optional(),
    lang: flowLang.optional(),
    /** Times to play; 0 = until interrupted (hangup, stop, or a digit with bargeIn). */
    loops: int(0, 1000).default(1),
    /** Length of one tone loop; without it a tone plays until interrupted. */
    durationSec: int(1, 3600).optional(),
    /** A digit stops the playback (and is kept for the next gather or menu). */
    bargeIn: z.boolean().default(false),
  })
  .superRefine(exactlyOne(['file', 'prompt', 'tone'], 'play'));
export const sayStep = z
  .strictObject({
    ...base,
    verb: z.literal('say'),
    digits: template(64).optional(),
    number: z.union([template(32), int(0, 999_999_999)]).optional(),
    lang: flowLang.optional(),
    bargeIn: z.boolean().default(false),
  })
  .superRefine(exactlyOne(['digits', 'number'], 'say'));
export const gatherStep = z.strictObject({
  ...base,
  verb: z.literal('gather'),
  prompt: promptSpec.optional(),
  maxDigits: int(1, 32).default(20),
  /** Wait for the first digit (after the prompt). */
  timeoutSec: int(1, 120).default(5),
  interDigitSec: int(1, 60).default(3),
  terminator: terminator.optional(),
  /** A digit stops the prompt (default true); type-ahead skips the prompt. */
  bargeIn: z.boolean().default(true),
  /** Variable for the digits (also in `digits`). */
  into: flowVariableName.optional(),
});
const menuKey = z.string().regex(/^[0-9*#]{1,8}$/, { error: 'a menu option key must be 1-8 digits (0-9 * #)' });
export const menuStep = z
  .strictObject({
    ...base,
    verb: z.literal('menu'),
    prompt: promptSpec,
    options: z
      .record(menuKey, flowAction)
      .refine((o) => Object.keys(o).length > 0, { error: 'a menu needs at least one option' }),
    /** Replays after the first attempt. */
    retries: int(0, 10).default(2),
    /** Played before a replay after a wrong key (default the library's `invalid-input`; [] for none). */
    invalidPrompt: promptSpec.optional(),
    /** Played before a replay when nothing was pressed (default `no-input`; [] for none). */
    timeoutPrompt: promptSpec.optional(),
    timeoutSec: int(1, 60).default(5),
    /** Between the digits of a multi-digit key. */
    interDigitSec: int(1, 10).default(2),
    bargeIn: z.boolean().default(true),
    /** Taken when the last attempt timed out: an action or the key of an option. */
    default: z.union([menuKey, flowAction]).optional(),
    /** Taken when the last attempt was a wrong key (or timed out and there is no `default`). */
    onFailure: flowAction.optional(),
    into: flowVariableName.optional(),
  })
  .superRefine((m, ctx) => {
    if (typeof m.default === 'string' && !(m.default in m.options)) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: `default '${m.default}' is not one of the options` });
    }
  });
/**
 * An outside number through the enterprise's trunks (中继), tried in this order: the next on 408, 5xx, 6xx other
 * than 600/603, a transport error or a trunk at its call cap (ADR 0009). `number` is already rewritten by the route.
 */
export const flowTrunkDial = z.strictObject({
  trunkIds: z.array(z.string().min(1).max(64)).min(1, { error: 'a trunk dial needs at least one trunk' }).max(8),
  number: template(64),
  callerId: template(64).optional(),
  callerName: template(64).optional(),
  /**
   * The enterprise's toll-fraud place is taken when this dial starts and given back when the call ends (steps made
   * before a call takes them: IVR keys, a queue's overflow); a refusal leaves the dial with no fork. Without it the
   * routes took the place already.
   */
  admit: z.literal(true).optional(),
});
export type FlowTrunkDial = z.infer<typeof flowTrunkDial>;
export const flowDialTarget = z
  .strictObject({
    extension: template(64).optional(),
    uri: template(512).optional(),
    trunk: flowTrunkDial.optional(),
  })
  .superRefine(exactlyOne(['extension', 'uri', 'trunk'], 'a dial target'));
export type FlowDialTarget = z.infer<typeof flowDialTarget>;
export const dialStep = z.strictObject({
  ...base,
  verb: z.literal('dial'),
  targets: z.array(flowDialTarget).min(1, { error: 'dial needs at least one target' }).max(20),
  strategy: z.enum(['parallel', 'sequential'], { error: "must be 'parallel' or 'sequential'" }).default('parallel'),
  /** Per target for sequential, for all together for parallel. */
  ringTimeoutSec: int(1, 300).default(30),
  callerId: template(64).optional(),
  /** Bridge the caller to the answering target (default true); else the flow continues with `dialLegId`. */
  bridge: z.boolean().default(true),
  /** Variable for the dial status (also in `dialStatus`). */
  into: flowVariableName.optional(),
});
export const bridgeStep = z.strictObject({ ...base, verb: z.literal('bridge'), legId: template(128) });
export const recordStep = z.strictObject({
  ...base,
  verb: z.literal('record'),
  maxSec: int(1, 3600).default(120),
  silenceSec: int(1, 60).optional(),
  beep: z.boolean().default(true),
  terminator: terminator.optional(),
  /** Variable for the file path (also in `recordPath`). */
  into: flowVariableName.optional(),
});
export const flowHangupCause = z.enum(
  ['normal', 'busy', 'noAnswer', 'cancelled', 'notFound', 'unavailable', 'rejected', 'failed'],
  { error: 'must be a hangup cause (normal, busy, noAnswer, cancelled, notFound, unavailable, rejected, failed)' },
);
export const hangupStep = z.strictObject({ ...base, verb: z.literal('hangup'), cause: flowHangupCause.optional() });
export const gotoStep = z.strictObject({ ...base, verb: z.literal('goto'), goto: flowLabel });
export const setStep = z.strictObject({
  ...base,
  verb: z.literal('set'),
  name: flowVariableName,
  value: z.union([z.string().max(1024), z.number(), z.boolean()], { error: 'must be a string, number or boolean' }),
});
export const pauseStep = z.strictObject({
  ...base,
  verb: z.literal('pause'),
  sec: z
    .number({ error: 'must be a number of seconds' })
    .min(0.02, { error: 'must be at least 0.02' })
    .max(3600, { error: 'must be at most 3600' }),
});
export const echoStep = z.strictObject({
  ...base,
  verb: z.literal('echo'),
  /** Stop after this long; until the caller hangs up without it. */
  durationSec: int(1, 3600).optional(),
});
/** Jump on a value, e.g. `${dialStatus}`: `cases` maps values to actions. */
export const branchStep = z.strictObject({
  ...base,
  verb: z.literal('branch'),
  value: template(256),
  cases: z.record(z.string().max(64), flowAction),
  default: flowAction.optional(),
});

/**
 * 语音信箱: `deposit` (default) plays the box's greeting (`default`: the server's custom greeting for the box,
 * else the system prompt leave-message; `{ file }`: that file), records up to maxSec and hands the message to the
 * switch's voicemail port; `listen` reads the box's new messages to its owner (the *97 feature code). `box` is an
 * extension number or a group box name. Sets `voicemailResult` (stored, tooShort, unavailable, listened).
 */
export const voicemailStep = z.strictObject({
  ...base,
  verb: z.literal('voicemail'),
  box: template(64),
  action: z.enum(['deposit', 'listen'], { error: "must be 'deposit' or 'listen'" }).default('deposit'),
  greeting: z.union([z.literal('default'), z.strictObject({ file: template(512) })]).default('default'),
  maxSec: int(1, 600).default(120),
  beep: z.boolean().default(true),
});

/**
 * 排队: the caller waits in an ACD queue (技能组) the server runs: music on hold and the queue's announcements
 * while the agents the ACD offers are rung (the caller keeps the music), then the first agent to answer is bridged;
 * on overflow the server's steps run in place. Sets `queueResult` (answered, overflow, abandoned, unavailable),
 * `queueAgent` and `into`.
 */
export const enqueueStep = z.strictObject({
  ...base,
  verb: z.literal('enqueue'),
  queueId: template(64),
  into: flowVariableName.optional(),
});

/**
 * 满意度评价: plays the prompt (rate 1-5 with the keys), waits timeoutSec for one key; a key of 1-5 is the score
 * (stored on the call record and told as `call.survey`), then the thank-you prompt plays. A wrong key or none
 * replays the prompt `retries` times, then the verb ends without a score. Sets `surveyScore` (the key, or '').
 */
export const surveyStep = z.strictObject({
  ...base,
  verb: z.literal('survey'),
  prompt: promptSpec.default({ prompt: 'survey-prompt' }),
  thanks: promptSpec.default({ prompt: 'survey-thanks' }),
  timeoutSec: int(1, 60).default(8),
  retries: int(0, 5).default(1),
});

export const flowVerbs = [
  'answer',
  'play',
  'say',
  'gather',
  'menu',
  'dial',
  'bridge',
  'record',
  'hangup',
  'goto',
  'set',
  'pause',
  'echo',
  'branch',
  'voicemail',
  'enqueue',
  'survey',
] as const;
export type FlowVerb = (typeof flowVerbs)[number];

export const flowStep = z.discriminatedUnion(
  'verb',
  [
    answerStep,
    playStep,
    sayStep,
    gatherStep,
    menuStep,
    dialStep,
    bridgeStep,
    recordStep,
    hangupStep,
    gotoStep,
    setStep,
    pauseStep,
    echoStep,
    branchStep,
    voicemailStep,
    enqueueStep,
    surveyStep,
  ],
  { error: `a step needs a verb: one of ${flowVerbs.join(', ')}` },
);
export type Step = z.infer<typeof flowStep>;
export type StepOf<V extends FlowVerb> = Extract<Step, { verb: V }>;

export const MAX_FLOW_STEPS = 2000;

export const flow = z
  .strictObject({
    name: z.string().max(100).optional(),
    /** Language of prompts and `say` when a step gives none (default zh-CN). */
    lang: flowLang.optional(),
    /** Initial variables. */
    vars: z.record(flowVariableName, z.string().max(1024)).optional(),
    steps: z.array(flowStep).min(1, { error: 'a flow needs at least one step' }).max(500),
  })
  .superRefine((f, ctx) => checkLabels(f.steps, ctx));
export type Flow = z.infer<typeof flow>;
/** What a flow's author writes (defaults not yet applied). */
export type FlowInput = z.input<typeof flow>;

type Path = Array<string | number>;

/** The nested step lists of a step, with their paths. */
function childLists(s: Step): Array<{ steps: Step[]; path: Path }> {
  const out: Array<{ steps: Step[]; path: Path }> = [];
  const add = (a: FlowAction | string | undefined, path: Path) => {
    if (a && typeof a === 'object' && a.steps) out.push({ steps: a.steps, path: [...path, 'steps'] });
  };
  if (s.verb === 'menu') {
    for (const [k, a] of Object.entries(s.options)) add(a, ['options', k]);
    add(s.default, ['default']);
    add(s.onFailure, ['onFailure']);
  } else if (s.verb === 'branch') {
    for (const [k, a] of Object.entries(s.cases)) add(a, ['cases', k]);
    add(s.default, ['default']);
  }
  return out;
}

/** The goto targets of a step, with their paths. */
function gotos(s: Step): Array<{ label: string; path: Path }> {
  const out: Array<{ label: string; path: Path }> = [];
  const add = (a: FlowAction | string | undefined, path: Path) => {
    if (a && typeof a === 'object' && a.goto) out.push({ label: a.goto, path: [...path, 'goto'] });
  };
  if (s.verb === 'goto') out.push({ label: s.goto, path: ['goto'] });
  if (s.verb === 'menu') {
    for (const [k, a] of Object.entries(s.options)) add(a, ['options', k]);
    add(s.default, ['default']);
    add(s.onFailure, ['onFailure']);
  } else if (s.verb === 'branch') {
    for (const [k, a] of Object.entries(s.cases)) add(a, ['cases', k]);
    add(s.default, ['default']);
  }
  return out;
}

/**
 * Labels are unique in the whole flow; a goto may jump to a label of its own step list or of an enclosing one
 * (a menu option's steps can jump back to the menu, not into another option's steps).
 */
function checkLabels(steps: Step[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  let count = 0;
  const walk = (list: Step[], path: Path, scopes: Array<Set<string>>) => {
    const own = new Set<string>();
    list.forEach((s, i) => {
      if (!s.label) return;
      if (seen.has(s.label)) {
        ctx.addIssue({ code: 'custom', path: [...path, i, 'label'], message: `label '${s.label}' is used twice` });
      }
      seen.add(s.label);
      own.add(s.label);
    });
    const visible = [...scopes, own];
    list.forEach((s, i) => {
      count++;
      for (const g of gotos(s)) {
        if (!visible.some((scope) => scope.has(g.label))) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, i, ...g.path],
            message: `goto '${g.label}': no such label in this step list or an enclosing one`,
          });
        }
      }
      for (const child of childLists(s)) walk(child.steps, [...path, i, ...child.path], visible);
    });
  };
  walk(steps, ['steps'], []);
  if (count > MAX_FLOW_STEPS) {
    ctx.addIssue({ code: 'custom', path: ['steps'], message: `a flow has at most ${MAX_FLOW_STEPS} steps in all` });
  }
}

export interface FlowIssue {
  /** e.g. `steps[2].options.1.goto` */
  path: string;
  message: string;
}
export type ParseFlowResult = { ok: true; flow: Flow } | { ok: false; error: string; issues: FlowIssue[] };

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(flow)';
}

/** Validates a flow (an object or JSON text); on failure `error` lists each problem as `path: message`. */
export function parseFlow(json: unknown): ParseFlowResult {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      const message = `not JSON: ${(e as Error).message}`;
      return { ok: false, error: message, issues: [{ path: '(flow)', message }] };
    }
  }
  const result = flow.safeParse(value);
  if (result.success) return { ok: true, flow: result.data };
  const issues = flattenIssues(result.error.issues);
  return { ok: false, error: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues };
}

/** Unions report the issues of their closest member, so an error names the field, not "invalid input". */
function flattenIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): FlowIssue[] {
  const out: FlowIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0 && !issue.message.startsWith('must be')) {
      // The member with the fewest issues is the one the author meant.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      out.push(...flattenIssues(best, path));
    } else if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      for (const inner of issue.issues) out.push({ path: formatPath(path), message: inner.message });
    } else {
      out.push({ path: formatPath(path), message: issue.message });
    }
  }
  return out;
}
