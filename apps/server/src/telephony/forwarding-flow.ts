import { type FlowInput, FORWARD_TO_VOICEMAIL } from '@hujiao/shared';

type StepInput = FlowInput['steps'][number];

/** One extension's 转移设置 as routing needs it (targets: extension numbers or outside numbers; null = off). */
export interface ForwardingRule {
  unconditional: string | null;
  busy: string | null;
  noAnswer: string | null;
  noAnswerSec: number;
}

/** A forward hop to an outside number: the trunk dial, or why the routes refused it. */
export type OutsideDial = { ok: true; step: StepInput } | { ok: false; reason: string };

export interface ForwardingContext {
  tenantId: string;
  /** The extension's forwarding (null: none set). */
  forwarding(tenantId: string, number: string): Promise<ForwardingRule | null>;
  isExtension(tenantId: string, number: string): Promise<boolean>;
  /**
   * An outside number through the outbound routes, the forwarding extension being the caller (its call classes,
   * teams and caller ID apply).
   */
  outsideDial(tenantId: string, forwardingExtension: string, number: string): Promise<OutsideDial>;
  /** Ring time of an extension dialled without no-answer forwarding. */
  ringTimeoutSec: number;
  /** Forward hops at most (A→B→C→D is 3); the extension reached at the limit rings without its forwarding. */
  maxHops?: number;
}

export const MAX_FORWARD_HOPS = 3;

type DialInput = Extract<StepInput, { verb: 'dial' }>;

const plainDial = (number: string, ringTimeoutSec: number): DialInput => ({
  verb: 'dial',
  targets: [{ extension: number }],
  ringTimeoutSec,
});

const refusedSteps: StepInput[] = [{ verb: 'play', prompt: 'unavailable' }, { verb: 'hangup' }];

/**
 * The flow of a call to extension `number` with its forwarding: unconditional dials the target at once; busy and
 * no-answer ring the extension (no-answer for its `noAnswerSec`), keep the dial status and, on busy / no answer /
 * failed (an unregistered phone answers 480: not answering), dial the target. Extension targets follow their own
 * forwarding up to `maxHops`; a target already on the chain (A→B→A) is not forwarded to again: the last extension
 * rings without forwarding. `voicemail` takes the message into the forwarding extension's box. An outside target is dialled through the outbound routes as the forwarding extension;
 * refused, the caller hears `unavailable`. Null when the extension has no forwarding (the switch's plain dial).
 */
export async function forwardingFlow(number: string, c: ForwardingContext): Promise<FlowInput | null> {
  const rule = await c.forwarding(c.tenantId, number);
  if (!rule || !hasForwarding(rule)) return null;
  const steps = await extensionSteps(number, [], c);
  return { name: 'forwarding', vars: { forwardedFrom: number }, steps };
}

function hasForwarding(r: ForwardingRule): boolean {
  return r.unconditional !== null || r.busy !== null || r.noAnswer !== null;
}

/** Steps reaching extension `number`, `chain` being the extensions forwarded from before it. */
async function extensionSteps(number: string, chain: string[], c: ForwardingContext): Promise<StepInput[]> {
  const max = c.maxHops ?? MAX_FORWARD_HOPS;
  const rule = chain.length >= max ? null : await c.forwarding(c.tenantId, number);
  if (!rule || !hasForwarding(rule)) return [plainDial(number, c.ringTimeoutSec)];
  const path = [...chain, number];
  if (rule.unconditional !== null) {
    const next = await targetSteps(number, rule.unconditional, path, c);
    return next ?? [plainDial(number, c.ringTimeoutSec)];
  }
  const status = `fwd${path.length}`;
  const cases: Record<string, { steps: StepInput[] }> = {};
  const busy = rule.busy === null ? null : await targetSteps(number, rule.busy, path, c);
  const noAnswer = rule.noAnswer === null ? null : await targetSteps(number, rule.noAnswer, path, c);
  if (busy) cases.busy = { steps: busy };
  if (noAnswer) {
    cases.noAnswer = { steps: noAnswer };
    cases.failed = { steps: noAnswer };
  }
  const ringTimeoutSec = rule.noAnswer !== null ? rule.noAnswerSec : c.ringTimeoutSec;
  const dial: DialInput = { ...plainDial(number, ringTimeoutSec), into: status };
  if (Object.keys(cases).length === 0) return [dial];
  return [dial, { verb: 'branch', value: `\${${status}}`, cases }];
}

/** Steps reaching `target` forwarded from `from`; null when the target is on the chain already (a loop). */
async function targetSteps(
  from: string,
  target: string,
  path: string[],
  c: ForwardingContext,
): Promise<StepInput[] | null> {
  if (path.includes(target)) return null;
  // 转语音信箱: the box of the extension that forwards.
  if (target === FORWARD_TO_VOICEMAIL) return [{ verb: 'voicemail', box: from }, { verb: 'hangup' }];
  if (await c.isExtension(c.tenantId, target)) return extensionSteps(target, path, c);
  const outside = await c.outsideDial(c.tenantId, from, target);
  return outside.ok ? [outside.step] : refusedSteps;
}
