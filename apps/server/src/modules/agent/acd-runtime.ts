/**
 * The ACD at run time: one engine (packages/acd) per enterprise over an in-process store, fed by the switch's
 * enqueue verb (the queue port), by agents' state changes and by a tick each second; its actions become the
 * waiting callers' instructions (offers to agents' extensions, overflow steps) and state-log records.
 * See docs/adr/0016-acd-engine.md and 0018-enqueue-verb-and-queue-port.md.
 */
import { randomUUID } from 'node:crypto';
import {
  type AcdAction,
  AcdEngine,
  type AcdResult,
  type AgentStateRecord,
  MemoryAcdStore,
  type Rng,
} from '@hujiao/acd';
import type { AgentDevice, AgentLiveState, Destination, QueueWaiting, Step } from '@hujiao/shared';
import type { QueueFlowPort, QueueOfferTarget, QueueReport, QueueWait } from '@hujiao/switch';
import type { Logger } from 'pino';
import type { AcdQueueSetup } from '../queue/index.ts';
import { AgentDevices, type OutsideDevice } from './agent-devices.ts';
import { positionAnnouncement } from './queue-announcements.ts';
import { type QueueVisitSink, QueueVisitTracker } from './queue-visits.ts';
import { QueueWaitChannel } from './queue-wait.ts';

/** An agent's own call (外呼) as the ACD follows it: talking from start() until ended(). */
export interface OwnCallMark {
  /** The switch's call (known once the agent's phone answered). */
  callIs(callId: string): void;
  /**
   * The call is over (or never got going): back to the agent's state before it — after the queue's wrap-up when
   * `wrapUpQueueId` names the queue whose customer it was. Once; later calls do nothing.
   */
  ended(wrapUpQueueId?: string): void;
}

export interface AcdRuntimeDeps {
  /** The enabled queues of an enterprise as the engine reads them. */
  queues(tenantId: string): Promise<AcdQueueSetup[]>;
  /** The extension number that reaches an agent (the user's bound extension); null: the agent has none. */
  agentDevice(tenantId: string, agentId: string): Promise<string | null>;
  /**
   * 回呼模式: an agent's mobile or landline number through the outbound routes (see agent-devices.ts); `check`: only
   * whether the routes take it now. Absent: agents can sign in with their extension only.
   */
  agentOutside?(tenantId: string, agentId: string, number: string, check: boolean): Promise<OutsideDevice>;
  /** An overflow destination as flow steps (voicemail, another queue, an IVR, a number); null: hang up. */
  destinationSteps(tenantId: string, destination: Destination): Promise<Step[] | null>;
  /** The files of a music-on-hold class (null: the enterprise's default) in play order. */
  musicOnHold(tenantId: string, classId: string | null): Promise<string[]>;
  /** The file of an approved voice file (the periodic prompt); null: none such. */
  voiceFilePath?(tenantId: string, voiceFileId: string): Promise<string | null>;
  /** Where each caller's queue visit is written as it goes (排队记录); absent: not kept. */
  queueVisits?: QueueVisitSink;
  /** Every agent state change (the state log, the CTI). */
  onAgentState?(tenantId: string, record: AgentStateRecord): void;
  logger?: Logger;
  now?: () => number;
  rng?: Rng;
}

interface TenantAcd {
  engine: AcdEngine;
  setups: Map<string, AcdQueueSetup>;
  waits: Map<string, QueueWaitChannel>;
  loadedAt: number;
}

/** Queue configuration is read again after this long (a change in the console reaches new calls after it). */
const RELOAD_MS = 5000;

export class AcdRuntime implements QueueFlowPort {
  private readonly tenants = new Map<string, Promise<TenantAcd>>();
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private offers = 0;
  private readonly stateListeners = new Set<(tenantId: string, record: AgentStateRecord) => void>();
  private readonly queueListeners = new Set<(tenantId: string, queueId: string) => void>();
  /** Each queued call's queue, when it joined and (once answered) how long it waited: the CTI's view. */
  private readonly queued = new Map<string, { queueId: string; joinedAt: number; waitSec: number | null }>();
  /** The leg that answered each agent's queue call, per `tenantId/agentId` (a mobile's trunk leg: the CTI's view). */
  private readonly answeredLegs = new Map<string, { callId: string; legId: string }>();

  private readonly visits: QueueVisitTracker | null;
  /** What an offer dials for each agent (extension or mobile) and the toll-fraud places mobile rings hold. */
  readonly devices: AgentDevices;

  constructor(private readonly d: AcdRuntimeDeps) {
    this.now = d.now ?? Date.now;
    this.visits = d.queueVisits ? new QueueVisitTracker(d.queueVisits, this.now, d.logger) : null;
    this.devices = new AgentDevices({
      extension: d.agentDevice,
      ...(d.agentOutside ? { outside: d.agentOutside } : {}),
      ...(d.logger ? { logger: d.logger } : {}),
    });
  }

  /** Ticks every second (ring timeouts, max waits, wrap-ups, announcements). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tickAll(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const t of this.tenants.values()) {
      void t.then((x) => {
        for (const w of x.waits.values()) w.close();
      });
    }
  }

  // ---- the switch's queue port ----
  async join(o: { tenantId: string; callId: string; queueId: string; caller: string }): Promise<QueueWait | null> {
    const t = await this.tenant(o.tenantId);
    const setup = t.setups.get(o.queueId);
    if (!setup) return null;
    this.start();
    const moh = await this.d.musicOnHold(o.tenantId, setup.mohClassId).catch(() => []);
    const wait = new QueueWaitChannel(
      (r) => void this.reported(o.tenantId, o.callId, r),
      moh.map((file) => ({ file })),
    );
    t.waits.set(o.callId, wait);
    this.queued.set(o.callId, { queueId: o.queueId, joinedAt: this.now(), waitSec: null });
    this.visits?.joined(o);
    const joined = await t.engine.join({ callId: o.callId, queueId: o.queueId, caller: o.caller });
    if (joined.decision.kind === 'overflow') {
      await this.overflow(o.tenantId, t, o.callId, joined.decision.reason, joined.decision.destination);
    }
    await this.apply(o.tenantId, t, joined.actions);
    this.queueChanged(o.tenantId, o.queueId);
    return wait;
  }

  // ---- agents ----
  /**
   * Signs the agent in to every enabled queue they are a member of (busy until they set ready, if a reason), rung
   * at `device` (absent: their extension).
   */
  async login(tenantId: string, agentId: string, busyReason?: string, device?: AgentDevice) {
    const t = await this.tenant(tenantId);
    const queues = [...t.setups.values()]
      .filter((s) => s.config.members.some((m) => m.agentId === agentId))
      .map((s) => s.config.id);
    const r = await t.engine.agentLogin(agentId, queues, {
      ...(busyReason ? { busyReason } : {}),
      ...(device ? { device } : {}),
    });
    await this.apply(tenantId, t, r.actions);
    return r;
  }

  /**
   * 置闲 / 置忙 / 签出 (signing in when signed out). `device`: where the agent is rung from now on (ignored with
   * logged-out); a number the outbound routes cannot call now is refused with error 'device-no-route'.
   */
  async setState(
    tenantId: string,
    agentId: string,
    state: 'ready' | 'busy' | 'logged-out',
    reason?: string,
    device?: AgentDevice,
  ): Promise<AcdResult | { ok: false; error: 'device-no-route'; actions: [] }> {
    const t = await this.tenant(tenantId);
    const current = await t.engine.getAgent(agentId);
    const to = state === 'logged-out' ? undefined : device;
    if (to && !(await this.devices.usable(tenantId, agentId, to)))
      return { ok: false, error: 'device-no-route', actions: [] };
    if (!current || current.state === 'logged-out') {
      // Signing in: ready, or busy with its reason.
      if (state === 'logged-out') return { ok: true, actions: [] };
      return this.login(tenantId, agentId, state === 'busy' ? (reason ?? 'busy') : undefined, to);
    }
    const r =
      state === 'ready'
        ? await t.engine.setReady(agentId, to ? { device: to } : {})
        : state === 'busy'
          ? await t.engine.setBusy(agentId, reason ?? 'busy', to ? { device: to } : {})
          : await t.engine.logout(agentId);
    await this.apply(tenantId, t, r.actions);
    // A device change alone (ready while ready) writes no state-log record: tell the agent's tabs all the same.
    if (r.ok && to && !r.actions.some((a) => a.type === 'agent-state' && a.record.agentId === agentId)) {
      const a = await t.engine.getAgent(agentId);
      if (a) this.deviceChanged(tenantId, a.state, a.version, agentId);
    }
    return r;
  }

  /** The agent's state as the softphone bar shows it (CTI). */
  async liveState(tenantId: string, agentId: string): Promise<AgentLiveState> {
    const t = await this.tenant(tenantId);
    const a = await t.engine.getAgent(agentId);
    const member = [...t.setups.values()].some((s) => s.config.members.some((m) => m.agentId === agentId));
    return {
      member,
      state: a?.state ?? 'logged-out',
      reason: a?.reason ?? null,
      since: a ? new Date(a.since).toISOString() : null,
      callId: a?.callId ?? null,
      queueId: a?.queueId ?? null,
      device: a && a.state !== 'logged-out' && a.device ? a.device : { kind: 'extension' },
    };
  }

  /** The listeners of agent states hear of a device change as a record from the state to itself. */
  private deviceChanged(tenantId: string, state: AgentStateRecord['to'], version: number, agentId: string): void {
    const record: AgentStateRecord = { agentId, from: state, to: state, at: this.now(), version };
    for (const l of this.stateListeners) l(tenantId, record);
  }

  /** Every agent state change, as it happens (the CTI pushes it to the agent's tabs). */
  onAgentStateChange(listener: (tenantId: string, record: AgentStateRecord) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** The queue call an agent is on: its queue and how long the caller waited (null: not a queue call). */
  async queueCall(tenantId: string, agentId: string, callId: string) {
    const q = this.queued.get(callId);
    if (!q) return null;
    const t = await this.tenant(tenantId);
    const a = await t.engine.getAgent(agentId);
    if (a?.callId !== callId) return null;
    const waitSec = q.waitSec ?? Math.round((this.now() - q.joinedAt) / 1000);
    return { queueId: q.queueId, queueName: t.setups.get(q.queueId)?.name ?? '', waitSec };
  }

  /** The queue a call came through while the ACD follows it (waiting or answered), or null. */
  queueOf(callId: string): string | null {
    return this.queued.get(callId)?.queueId ?? null;
  }

  /**
   * The leg that answered the queue call the agent is on (their extension's, or the trunk leg to their mobile in
   * 回呼模式), while that call lasts; null: none.
   */
  agentLeg(tenantId: string, agentId: string): { callId: string; legId: string } | null {
    return this.answeredLegs.get(`${tenantId}/${agentId}`) ?? null;
  }

  /** The queue call ringing the agent's mobile in 回呼模式 (before it answers), and the number dialled. */
  mobileRing(agentId: string): { callId: string; number: string } | null {
    return this.devices.mobileCall(agentId);
  }

  /**
   * 外呼: the agent starts a call of their own. They are talking for the ACD (no queue offers them a call) until
   * the mark's ended(), then back to ready or busy as before; null when the engine refuses (not signed in, ringing
   * or on a queue call), and then nothing is to be told.
   */
  async ownCall(tenantId: string, agentId: string): Promise<OwnCallMark | null> {
    const t = await this.tenant(tenantId);
    let id: string = randomUUID();
    const started = await t.engine.ownCallStarted(agentId, id);
    await this.apply(tenantId, t, started.actions);
    if (!started.ok) return null;
    // One after the other, so that an end never overtakes the call id it must name.
    let chain = Promise.resolve();
    let over = false;
    const then = (work: () => Promise<void>) => {
      chain = chain.then(work).catch((err) => this.d.logger?.warn({ err, tenantId, agentId }, 'acd: own call'));
    };
    return {
      callIs: (callId) =>
        then(async () => {
          if (over) return;
          const r = await t.engine.ownCallIs(agentId, id, callId);
          if (r.ok) id = callId;
          await this.apply(tenantId, t, r.actions);
        }),
      ended: (wrapUpQueueId) => {
        if (over) return;
        over = true;
        then(async () => this.apply(tenantId, t, (await t.engine.ownCallEnded(agentId, id, wrapUpQueueId)).actions));
      },
    };
  }

  /**
   * The live part of each queue of the tenant (技能组监控): its callers waiting or ringing an agent, in queue order,
   * and its members by ACD state. `queueId`: that queue only.
   */
  async queueBoard(tenantId: string, queueId?: string) {
    const t = await this.tenant(tenantId);
    const setups = [...t.setups.values()].filter((s) => !queueId || s.config.id === queueId);
    return Promise.all(
      setups.map(async (s) => {
        const calls = await t.engine.calls(s.config.id);
        const states = await Promise.all(
          s.config.members.map(async (m) => (await t.engine.getAgent(m.agentId))?.state),
        );
        const count = (...of: string[]) => states.filter((x) => x !== undefined && of.includes(x)).length;
        return {
          queueId: s.config.id,
          name: s.name,
          serviceLevelSec: s.config.serviceLevelSec,
          callers: calls.map((c) => ({
            callId: c.callId,
            caller: c.caller ?? null,
            since: new Date(c.joinedAt).toISOString(),
            priority: c.priority,
            ringing: c.status === 'offering',
          })),
          agents: {
            signedIn: states.filter((x) => x !== undefined && x !== 'logged-out').length,
            ready: count('ready'),
            busy: count('busy'),
            onCall: count('ringing', 'talking', 'hold'),
            wrapUp: count('wrap-up'),
          },
        };
      }),
    );
  }

  /** Callers waiting in each queue the agent is a member of (工作组排队数). */
  async waiting(tenantId: string, agentId: string, queueId?: string): Promise<QueueWaiting[]> {
    const t = await this.tenant(tenantId);
    const mine = [...t.setups.values()].filter(
      (s) => (!queueId || s.config.id === queueId) && s.config.members.some((m) => m.agentId === agentId),
    );
    return Promise.all(
      mine.map(async (s) => {
        const st = await t.engine.queueStatus(s.config.id);
        const waiting = st.waiting + st.offering;
        return {
          queueId: s.config.id,
          name: s.name,
          waiting,
          longestWaitSec: waiting > 0 ? Math.round(st.longestWaitMs / 1000) : null,
        };
      }),
    );
  }

  /** Word of a queue's callers changing (joined, answered, left): the CTI pushes the waiting counts. */
  onQueueChange(listener: (tenantId: string, queueId: string) => void): () => void {
    this.queueListeners.add(listener);
    return () => this.queueListeners.delete(listener);
  }

  private queueChanged(tenantId: string, queueId: string): void {
    for (const l of this.queueListeners) l(tenantId, queueId);
  }

  /** Forget an enterprise's configuration (the queue module changed): read again at the next call. */
  invalidate(tenantId: string): void {
    void this.tenants.get(tenantId)?.then((t) => {
      t.loadedAt = 0;
    });
  }

  // ---- inside ----
  private tenant(tenantId: string): Promise<TenantAcd> {
    let hit = this.tenants.get(tenantId);
    if (!hit) {
      hit = this.d.queues(tenantId).then((setups) => ({
        engine: new AcdEngine({
          store: new MemoryAcdStore({ now: this.now }),
          now: this.now,
          rng: this.d.rng ?? Math.random,
          queues: setups.map((s) => s.config),
          tenantId,
        }),
        setups: new Map(setups.map((s) => [s.config.id, s])),
        waits: new Map(),
        loadedAt: this.now(),
      }));
      hit.catch(() => this.tenants.delete(tenantId));
      this.tenants.set(tenantId, hit);
    }
    return hit.then(async (t) => {
      if (this.now() - t.loadedAt < RELOAD_MS) return t;
      t.loadedAt = this.now();
      const setups = await this.d.queues(tenantId);
      t.setups = new Map(setups.map((s) => [s.config.id, s]));
      t.engine.setQueues(setups.map((s) => s.config));
      return t;
    });
  }

  private async tickAll(): Promise<void> {
    for (const [tenantId, p] of this.tenants) {
      try {
        const t = await p;
        await this.apply(tenantId, t, await t.engine.tick());
      } catch (err) {
        this.d.logger?.warn({ err, tenantId }, 'acd tick failed');
      }
    }
  }

  private async reported(tenantId: string, callId: string, r: QueueReport): Promise<void> {
    const t = await this.tenant(tenantId);
    let result: AcdResult | null = null;
    this.visits?.reported(callId, r);
    switch (r.kind) {
      case 'answered':
        this.answeredLegs.set(`${tenantId}/${r.agentId}`, { callId, legId: r.legId });
        result = await t.engine.answered(callId, r.agentId);
        t.waits.get(callId)?.close();
        break;
      case 'not-answered':
        this.devices.ended(callId, r.agentId);
        // A cancelled ring (another agent answered, the caller left) is the engine's own doing.
        if (r.result !== 'cancelled') result = await t.engine.noAnswer(callId, r.agentId);
        break;
      case 'ended':
        this.forgetLeg(tenantId, r.agentId, callId);
        this.devices.ended(callId, r.agentId, r.talkSec);
        this.devices.callOver(callId);
        result = await t.engine.callEnded(callId, { talkSec: r.talkSec });
        t.waits.delete(callId);
        break;
      case 'caller-gone':
        this.devices.callOver(callId);
        result = await t.engine.abandon(callId);
        t.waits.delete(callId);
        break;
    }
    if (result) await this.apply(tenantId, t, result.actions);
    const q = this.queued.get(callId);
    if (q && r.kind === 'answered') q.waitSec = Math.round((this.now() - q.joinedAt) / 1000);
    if (r.kind === 'ended' || r.kind === 'caller-gone') {
      this.visits?.forget(callId);
      this.queued.delete(callId);
    }
    if (q && r.kind !== 'not-answered') this.queueChanged(tenantId, q.queueId);
  }

  private forgetLeg(tenantId: string, agentId: string, callId: string): void {
    const key = `${tenantId}/${agentId}`;
    if (this.answeredLegs.get(key)?.callId === callId) this.answeredLegs.delete(key);
  }

  private async apply(tenantId: string, t: TenantAcd, actions: AcdAction[]): Promise<void> {
    for (const a of actions) {
      this.visits?.action(a);
      switch (a.type) {
        case 'offer':
          await this.offer(tenantId, t, a);
          break;
        case 'overflow':
          await this.overflow(tenantId, t, a.callId, a.reason, a.destination);
          break;
        case 'announce-position':
          t.waits.get(a.callId)?.push({ kind: 'announce', play: positionAnnouncement(a.position, a.expectedWaitSec) });
          break;
        case 'announce-periodic':
          await this.periodic(tenantId, t, a.callId, a.prompt);
          break;
        case 'agent-state':
          this.d.onAgentState?.(tenantId, a.record);
          for (const l of this.stateListeners) l(tenantId, a.record);
          break;
        default:
          // connect (the verb bridges by itself), cancel-offer (the dial's own ring time ends it), call-outcome
          // (the queue visits above).
          break;
      }
    }
  }

  private async offer(tenantId: string, t: TenantAcd, a: Extract<AcdAction, { type: 'offer' }>): Promise<void> {
    const wait = t.waits.get(a.callId);
    if (!wait) return;
    const targets: QueueOfferTarget[] = [];
    for (const agentId of a.agentIds) {
      const agent = await t.engine.getAgent(agentId);
      const target = await this.devices.target(tenantId, a.callId, agentId, agent?.device);
      if (target) targets.push({ agentId, target });
      else await this.apply(tenantId, t, (await t.engine.offerRejected(a.callId, agentId)).actions);
    }
    if (targets.length === 0) return;
    this.offers++;
    this.visits?.offered(a.callId);
    wait.push({
      kind: 'offer',
      offerId: `${a.callId}:${this.offers}`,
      targets,
      ringTimeoutSec: a.ringTimeoutSec,
      ...(a.caller ? { callerId: a.caller } : {}),
    });
  }

  /** The queue's periodic prompt (a voice file), over the music. */
  private async periodic(tenantId: string, t: TenantAcd, callId: string, voiceFileId: string | undefined) {
    const wait = t.waits.get(callId);
    if (!wait || !voiceFileId || !this.d.voiceFilePath) return;
    const file = await this.d.voiceFilePath(tenantId, voiceFileId).catch(() => null);
    if (file) wait.push({ kind: 'announce', play: [{ file }] });
    else this.d.logger?.warn({ tenantId, voiceFileId }, 'acd: periodic prompt file missing');
  }

  private async overflow(
    tenantId: string,
    t: TenantAcd,
    callId: string,
    reason: string,
    destination: Destination | null,
  ): Promise<void> {
    const wait = t.waits.get(callId);
    if (!wait) return;
    const steps = destination ? await this.d.destinationSteps(tenantId, destination).catch(() => null) : null;
    wait.push({ kind: 'overflow', reason, steps: steps ?? [{ verb: 'hangup' } as Step] });
    t.waits.delete(callId);
    const q = this.queued.get(callId);
    this.queued.delete(callId);
    if (q) this.queueChanged(tenantId, q.queueId);
  }
}
