/**
 * Who is offered a call: the ready candidates in preference order, grouped by level (smaller first). Every
 * strategy orders only within a level, so a level is reached only when every smaller level has no ready
 * candidate; ring-all takes the whole first group at once, the others try one agent at a time down the list
 * (the next one when a reservation loses its compare-and-set). Ties: member order, then agent id.
 */
import type { AcdMember, AcdStrategy } from '@hujiao/shared';
import { pickIndex, type Rng } from './random.ts';
import type { AgentRecord } from './types.ts';

export interface Candidate {
  readonly member: AcdMember;
  readonly agent: AgentRecord;
}

export interface StrategyContext {
  readonly queueId: string;
  readonly rng: Rng;
  /** Each member's place in the queue's member order (round robin). */
  readonly positions: ReadonlyMap<string, number>;
  /** round-robin: the last agent offered; round-robin-memory: the last agent who answered. */
  readonly cursor?: string;
}

const byOrder = (a: Candidate, b: Candidate): number =>
  a.member.order - b.member.order ||
  (a.agent.agentId < b.agent.agentId ? -1 : a.agent.agentId > b.agent.agentId ? 1 : 0);

const stat = (c: Candidate, queueId: string) => c.agent.stats[queueId] ?? { calls: 0, talkSec: 0 };

/** Members sorted as the queue lists them: order, then agent id. */
export function sortMembers(members: readonly AcdMember[]): AcdMember[] {
  return [...members].sort((a, b) => a.order - b.order || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
}

/** Candidates grouped by level, smallest level first, each group in the strategy's preference order. */
export function rankCandidates(
  strategy: AcdStrategy,
  candidates: readonly Candidate[],
  ctx: StrategyContext,
): Candidate[][] {
  const levels = new Map<number, Candidate[]>();
  for (const c of candidates) {
    const g = levels.get(c.member.level);
    if (g) g.push(c);
    else levels.set(c.member.level, [c]);
  }
  return [...levels.keys()].sort((a, b) => a - b).map((level) => orderGroup(strategy, levels.get(level) ?? [], ctx));
}

function orderGroup(strategy: AcdStrategy, group: Candidate[], ctx: StrategyContext): Candidate[] {
  const g = [...group].sort(byOrder);
  switch (strategy) {
    case 'ring-all':
    case 'in-order-of-level':
      return g;
    case 'round-robin':
    case 'round-robin-memory':
      return afterCursor(g, ctx);
    case 'longest-idle':
      return g.sort((a, b) => a.agent.idleSince - b.agent.idleSince || byOrder(a, b));
    case 'fewest-calls':
      return g.sort(
        (a, b) =>
          stat(a, ctx.queueId).calls - stat(b, ctx.queueId).calls ||
          a.agent.idleSince - b.agent.idleSince ||
          byOrder(a, b),
      );
    case 'least-talk-time':
      return g.sort(
        (a, b) =>
          stat(a, ctx.queueId).talkSec - stat(b, ctx.queueId).talkSec ||
          a.agent.idleSince - b.agent.idleSince ||
          byOrder(a, b),
      );
    case 'random': {
      // One uniform pick first; the rest in member order (they are only tried if that reservation fails).
      const i = pickIndex(ctx.rng, g.length);
      const [first] = g.splice(i, 1);
      return first ? [first, ...g] : g;
    }
  }
}

/** Rotates the group so that it starts with the first member after the cursor in the queue's member order. */
function afterCursor(group: Candidate[], ctx: StrategyContext): Candidate[] {
  const position = ctx.positions;
  const n = position.size;
  if (ctx.cursor === undefined || n === 0) return group;
  const at = position.get(ctx.cursor);
  if (at === undefined) return group;
  const distance = (c: Candidate) => ((position.get(c.agent.agentId) ?? 0) - at - 1 + n) % n;
  return group.sort((a, b) => distance(a) - distance(b));
}
