import type { Destination, FlowInput, FlowTrunkDial } from '@hujiao/shared';

/**
 * Where a destination (呼入路由's target, an IVR key) leads, as a flow of step 1. Destinations that need another
 * part (an IVR menu's compiled flow, a voice file's path, an outside number's trunks, a queue) ask the
 * `DestinationParts` port; what a part cannot give becomes the `unavailable` prompt and a hang-up, logged by
 * the caller of this function through `missing`.
 */
export interface DestinationParts {
  /** The compiled flow of an IVR menu of the enterprise (null: no such menu). */
  ivrFlow?(tenantId: string, ivrId: string): Promise<FlowInput | null>;
  /** An approved voice file's path (null: none, or not approved). */
  voiceFile?(tenantId: string, voiceFileId: string): Promise<string | null>;
  /**
   * An outside number through the enterprise's outbound routes and trunks: the dial step to use, or null when
   * no route takes it (blacklisted, no route, class denied).
   */
  externalDial?(
    tenantId: string,
    number: string,
    callerId: string | undefined,
  ): Promise<FlowInput['steps'][number] | null>;
  /** An extension with its 转移设置 (null: none; the plain dial). */
  extensionFlow?(tenantId: string, number: string): Promise<FlowInput | null>;
  /** The files of a music-on-hold class of the enterprise, in play order (empty: none usable). */
  musicOnHoldClass?(tenantId: string, classId: string): Promise<string[]>;
}

export interface DestinationContext {
  tenantId: string;
  /** The outside caller's number, shown to an outside destination (forwarding). */
  caller?: string;
  parts: DestinationParts;
  /** Told which destination could not be served and why. */
  missing?: (destination: Destination, why: string) => void;
}

const unavailable = (name: string): FlowInput => ({
  name,
  steps: [{ verb: 'play', prompt: 'unavailable' }, { verb: 'hangup' }],
});

/** The flow for `destination` (never throws for a destination that cannot be served: it plays unavailable). */
export async function destinationFlow(destination: Destination, c: DestinationContext): Promise<FlowInput> {
  const miss = (why: string): FlowInput => {
    c.missing?.(destination, why);
    return unavailable(`${destination.kind}-unavailable`);
  };
  switch (destination.kind) {
    case 'extension': {
      const forwarded = await c.parts.extensionFlow?.(c.tenantId, destination.number);
      if (forwarded) return forwarded;
      return {
        name: 'extension',
        steps: [{ verb: 'dial', targets: [{ extension: destination.number }], ringTimeoutSec: 30 }],
      };
    }
    case 'ringGroup':
      return {
        name: 'ring-group',
        steps: [
          {
            verb: 'dial',
            targets: destination.numbers.map((extension) => ({ extension })),
            strategy: destination.strategy === 'order' ? 'sequential' : 'parallel',
            ringTimeoutSec: destination.ringTimeoutSec,
          },
        ],
      };
    case 'ivr': {
      const flow = await c.parts.ivrFlow?.(c.tenantId, destination.ivrId);
      return flow ?? miss('no such IVR menu');
    }
    case 'voicemail':
      return { name: 'voicemail', steps: [{ verb: 'voicemail', box: destination.box }, { verb: 'hangup' }] };
    case 'external': {
      const dial = await c.parts.externalDial?.(c.tenantId, destination.number, c.caller);
      return dial ? { name: 'external', steps: [dial] } : miss('no outbound route takes the number');
    }
    case 'queue':
      return { name: 'queue', steps: queueSteps(destination.queueId) };
    case 'prompt': {
      const play = await promptPlay(destination, c);
      return play ? { name: 'prompt', steps: [play, { verb: 'hangup' }] } : miss('voice file not approved');
    }
    case 'hangup':
      return { name: 'hangup', steps: [{ verb: 'hangup' }] };
  }
}

async function promptPlay(
  d: Extract<Destination, { kind: 'prompt' }>,
  c: DestinationContext,
): Promise<FlowInput['steps'][number] | null> {
  if (d.voiceFileId) {
    const file = await c.parts.voiceFile?.(c.tenantId, d.voiceFileId);
    return file ? { verb: 'play', file } : null;
  }
  return { verb: 'play', prompt: d.prompt ?? 'goodbye' };
}

/**
 * The steps of a destination that needs nothing looked up (an IVR key's hand-off, compiled without waiting):
 * voicemail now; the others are resolved when a call takes them (undefined).
 */
export function immediateDestinationSteps(destination: Destination): FlowInput['steps'] | undefined {
  if (destination.kind === 'voicemail') return [{ verb: 'voicemail', box: destination.box }, { verb: 'hangup' }];
  if (destination.kind === 'queue') return queueSteps(destination.queueId);
  return undefined;
}

/** The enqueue verb's outcome variable, as a flow template. */
const QUEUE_RESULT = ['$', '{queueResult}'].join('');

/**
 * A queue (技能组): the caller waits (the enqueue verb and the ACD); after talking to an agent the call ends; a
 * queue that is gone or not running says it is unavailable. Overflow runs its own steps inside the verb.
 */
export function queueSteps(queueId: string): FlowInput['steps'] {
  return [
    { verb: 'enqueue', queueId },
    { verb: 'branch', value: QUEUE_RESULT, cases: { answered: { steps: [{ verb: 'hangup' }] } } },
    { verb: 'play', prompt: 'unavailable' },
    { verb: 'hangup' },
  ];
}

/**
 * The steps of a destination that needs a look-up, for an IVR key: an outside number through the outbound routes
 * (the trunks and caller ID they choose); undefined for the others (and when no route takes the number).
 */
export async function resolvedDestinationSteps(
  tenantId: string,
  destination: Destination,
  routes: {
    outsideTarget(tenantId: string, number: string): Promise<FlowTrunkDial | null>;
    /** An extension's 转移设置 as steps (null: none). */
    forwardedExtensionSteps?(tenantId: string, number: string): Promise<FlowInput['steps'] | null>;
  },
): Promise<FlowInput['steps'] | undefined> {
  if (destination.kind === 'extension') {
    const steps = await routes.forwardedExtensionSteps?.(tenantId, destination.number);
    return steps ? [...steps, { verb: 'play', prompt: 'unavailable' }, { verb: 'hangup' }] : undefined;
  }
  if (destination.kind !== 'external') return undefined;
  const trunk = await routes.outsideTarget(tenantId, destination.number);
  return trunk ? [{ verb: 'dial', targets: [{ trunk }], ringTimeoutSec: 60 }, { verb: 'hangup' }] : undefined;
}
