import type { StepOf } from '@hujiao/shared';
import type { FlowContext, FlowPlaySource } from '../flow-context.ts';
import { playItems } from '../play-items.ts';
import type { QueueInstruction, QueueWait } from '../queue-port.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';
import { HOLD_TONE } from '../tones.ts';

export const QueueResult = {
  Answered: 'answered',
  Overflow: 'overflow',
  Abandoned: 'abandoned',
  Unavailable: 'unavailable',
} as const;
export type QueueResult = (typeof QueueResult)[keyof typeof QueueResult];

/** Music on hold for the waiting caller: a playlist in order and again, paused for announcements. */
class WaitMusic {
  private controller: AbortController | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly ctx: FlowContext,
    private readonly files: FlowPlaySource[],
  ) {}

  start(): void {
    if (this.controller || this.ctx.signal.aborted) return;
    const controller = new AbortController();
    this.controller = controller;
    const list: FlowPlaySource[] = this.files.length > 0 ? this.files : [{ tone: HOLD_TONE }];
    this.running = (async () => {
      for (let i = 0; !controller.signal.aborted && !this.ctx.signal.aborted; i = (i + 1) % list.length) {
        const started = Date.now();
        await this.ctx.play(list[i] as FlowPlaySource, controller.signal).catch(() => {});
        // A file that cannot be played ends at once: do not spin on it.
        if (Date.now() - started < 50 && !controller.signal.aborted) break;
      }
    })();
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    this.controller = null;
    await this.running;
    this.running = null;
  }
}

/**
 * 排队 (see enqueueStep): joins the server's queue through `ctx.queues`, plays the queue's music, then follows the
 * ACD's instructions: announcements over the music, offers rung quietly (all of an offer's agents at once; the
 * first to answer wins, a late second answer is dropped), the caller bridged to the agent who answered, overflow
 * steps run in place. Every offer's outcome and the end of the conversation go back to the ACD.
 */
export class EnqueueTask implements FlowTask {
  readonly verb = 'enqueue';
  /** Instructions that came while an offer rang (an overflow at the queue's max wait ends the ringing). */
  private readonly carried: QueueInstruction[] = [];
  constructor(readonly step: StepOf<'enqueue'>) {}

  async run(ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const queueId = state.subst(this.step.queueId).trim();
    const wait = ctx.queues && queueId ? await ctx.queues.join({ ...this.who(ctx), queueId, vars: state.vars }) : null;
    if (!wait) {
      ctx.logger.warn({ queueId }, 'flow: enqueue without a queue port or an unknown queue');
      this.result(state, QueueResult.Unavailable);
      return NEXT;
    }
    await state.answer();
    const music = new WaitMusic(ctx, wait.musicOnHold ?? []);
    music.start();
    try {
      for (;;) {
        const next = this.carried.shift() ?? (await wait.next(ctx.signal));
        if (!next || ctx.signal.aborted) return this.gone(wait, state);
        if (next.kind === 'announce') {
          await music.stop();
          // Prompts and numbers in the flow's language ("您前面还有 3 位客户在等待").
          await playItems(next.play, ctx, state, false);
          music.start();
        } else if (next.kind === 'offer') {
          const answered = await this.offer(ctx, wait, next);
          if (ctx.signal.aborted) return this.gone(wait, state);
          if (!answered) continue;
          await music.stop();
          return await this.talk(ctx, state, wait, next, answered);
        } else if (next.kind === 'overflow') {
          await music.stop();
          this.result(state, QueueResult.Overflow);
          state.vars.queueOverflow = next.reason;
          return state.runSteps(next.steps);
        } else {
          await music.stop();
          this.result(state, QueueResult.Abandoned);
          ctx.hangup();
          return { kind: 'end' };
        }
      }
    } finally {
      await music.stop();
    }
  }

  private who(ctx: FlowContext) {
    return { tenantId: ctx.tenantId, callId: ctx.callId, caller: ctx.caller };
  }

  /**
   * Rings every target of the offer at once; resolves with the first that answered (null: none). The ACD is heard
   * meanwhile: an overflow or a hang-up (the max wait came while agents rang) stops the ringing at once and is
   * carried out next; anything else waits its turn.
   */
  private async offer(
    ctx: FlowContext,
    wait: QueueWait,
    offer: Extract<QueueInstruction, { kind: 'offer' }>,
  ): Promise<{ agentId: string; legId: string } | null> {
    const ringing = new AbortController();
    const stop = () => ringing.abort();
    ctx.signal.addEventListener('abort', stop, { once: true });
    const heard = wait.next(ringing.signal).then((i) => {
      if (!i) return;
      this.carried.push(i);
      if (i.kind === 'overflow' || i.kind === 'hangup') ringing.abort();
    });
    let winner: { agentId: string; legId: string } | null = null;
    const options = {
      strategy: 'parallel' as const,
      ringTimeoutSec: offer.ringTimeoutSec,
      quiet: true,
      ...(offer.callerId ? { callerId: offer.callerId } : {}),
    };
    await Promise.all(
      offer.targets.map(async ({ agentId, target }) => {
        const out = await ctx.dial([target], options, ringing.signal);
        if (out.result === 'answered' && out.legId) {
          if (!winner && !ctx.signal.aborted) {
            winner = { agentId, legId: out.legId };
            ringing.abort();
            wait.report({ kind: 'answered', offerId: offer.offerId, agentId, legId: out.legId });
            return;
          }
          ctx.dropLeg(out.legId);
        }
        const result = out.result === 'answered' ? 'cancelled' : out.result;
        wait.report({ kind: 'not-answered', offerId: offer.offerId, agentId, result, sipStatus: out.sipStatus });
      }),
    );
    ctx.signal.removeEventListener('abort', stop);
    ringing.abort();
    await heard;
    return winner;
  }

  private async talk(
    ctx: FlowContext,
    state: FlowState,
    wait: QueueWait,
    offer: Extract<QueueInstruction, { kind: 'offer' }>,
    agent: { agentId: string; legId: string },
  ): Promise<TaskResult> {
    this.result(state, QueueResult.Answered);
    state.vars.queueAgent = agent.agentId;
    if (offer.announce) await playItems(offer.announce, ctx, state, false);
    const started = Date.now();
    const bridged = await ctx.bridge(agent.legId, ctx.signal);
    const endedBy = ctx.signal.aborted ? 'caller' : bridged.endedBy;
    state.vars.bridgeEndedBy = endedBy;
    wait.report({ kind: 'ended', agentId: agent.agentId, talkSec: Math.round((Date.now() - started) / 1000), endedBy });
    state.digits.clear();
    return NEXT;
  }

  private gone(wait: QueueWait, state: FlowState): TaskResult {
    wait.report({ kind: 'caller-gone' });
    this.result(state, QueueResult.Abandoned);
    return { kind: 'end' };
  }

  private result(state: FlowState, result: QueueResult): void {
    state.vars.queueResult = result;
    if (this.step.into) state.vars[this.step.into] = result;
  }
}
