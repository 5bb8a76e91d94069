import {
  errorMessage,
  LIVE_HEARTBEAT_MS,
  type LiveAgentCommand,
  type LiveCallCommand,
  type LiveServerMessage,
  type LiveSnapshotData,
  type LiveTopic,
  type LiveUpdateData,
  type Locale,
  liveCloseCodes,
} from '@hujiao/shared';
import type { Logger } from 'pino';
import type { Actor } from '../../http/actor.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { LiveConnection } from './live-connection.ts';

/** Where a topic's state comes from: its full state for one user, and who may see it. */
export interface LiveTopicSource<T extends LiveTopic = LiveTopic> {
  readonly topic: T;
  /** The permission a user needs; null: every signed-in user (the data is their own, e.g. their voicemail). */
  readonly permission: string | null;
  /** The whole state the user sees, always of the user's own tenant. */
  snapshot(actor: Actor): Promise<LiveSnapshotData<T>>;
  /**
   * One session per user may hold the topic (the agent's workstation): a subscription from another session of the
   * same user closes the sockets of the others that hold it (4409, signed in elsewhere).
   */
  readonly onePerUser?: boolean;
}

/** An update's data: the same for every subscriber of the tenant, or per user (null: nothing for this one). */
export type LiveUpdateFor<T extends LiveTopic> =
  | LiveUpdateData<T>
  | ((actor: Actor) => Promise<LiveUpdateData<T> | null> | LiveUpdateData<T> | null);

/** Sets the agent's state (置闲/置忙/签出) or moves their call (CTI); throws a DomainError when refused. */
export type LiveAgentCommandHandler = (actor: Actor, command: LiveAgentCommand | LiveCallCommand) => Promise<void>;

export interface LiveHubOptions {
  logger?: Pick<Logger, 'warn' | 'debug' | 'error'>;
  heartbeatMs?: number;
}

/**
 * The live channel's switchboard: the open sockets, the topic sources, tenant-scoped fan-out of updates (a
 * socket only ever gets its own tenant's data) and the heartbeat (a ping frame every `heartbeatMs`; a socket that
 * did not answer the last one is closed 4408; a session that ended closes its sockets 4401).
 */
export class LiveHub {
  private readonly connections = new Set<LiveConnection>();
  /** The same sockets by tenant and user: a push for one agent does not walk every socket. */
  private readonly byUser = new Map<string, Set<LiveConnection>>();
  private readonly sources = new Map<LiveTopic, LiveTopicSource>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private heartbeatMs: number;

  constructor(private readonly options: LiveHubOptions = {}) {
    this.heartbeatMs = options.heartbeatMs ?? LIVE_HEARTBEAT_MS;
  }

  get heartbeatInterval(): number {
    return this.heartbeatMs;
  }

  /** Tests shorten it; takes effect for the next beat. */
  setHeartbeat(ms: number): void {
    this.heartbeatMs = ms;
    if (this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
      this.startHeartbeat();
    }
  }

  private agentCommand: LiveAgentCommandHandler | null = null;

  /** The CTI's agent commands (the ACD runtime); without one they are answered "not available". */
  onAgentCommand(handler: LiveAgentCommandHandler): void {
    this.agentCommand = handler;
  }

  /** Runs an agent command (state or call) for the socket's user. */
  async runAgentCommand(
    actor: Actor,
    command: LiveAgentCommand | LiveCallCommand,
    locale: Locale,
  ): Promise<{ ok: boolean; error?: string }> {
    if (!this.agentCommand) return { ok: false, error: errorMessage('FORBIDDEN', locale) };
    try {
      await this.agentCommand(actor, command);
      return { ok: true };
    } catch (err) {
      if (err instanceof DomainError) return { ok: false, error: errorMessage(err.code, locale, err.params) };
      this.options.logger?.warn({ err }, 'live: agent command failed');
      return { ok: false, error: errorMessage('INTERNAL', locale) };
    }
  }

  addSource<T extends LiveTopic>(source: LiveTopicSource<T>): void {
    this.sources.set(source.topic, source as unknown as LiveTopicSource);
  }

  get size(): number {
    return this.connections.size;
  }

  attach(conn: LiveConnection): void {
    this.connections.add(conn);
    const key = userKey(conn.actor.tenantId, conn.actor.userId);
    const mine = this.byUser.get(key) ?? new Set<LiveConnection>();
    this.byUser.set(key, mine);
    mine.add(conn);
    conn.socket.on('close', () => this.forget(conn));
    this.startHeartbeat();
  }

  private forget(conn: LiveConnection): void {
    this.connections.delete(conn);
    const key = userKey(conn.actor.tenantId, conn.actor.userId);
    const mine = this.byUser.get(key);
    mine?.delete(conn);
    if (mine?.size === 0) this.byUser.delete(key);
  }

  /** Any socket of `tenantId` subscribed to `topic` (sources skip reading state nobody listens to). */
  hasSubscribers(tenantId: string, topic: LiveTopic): boolean {
    for (const c of this.connections) if (c.actor.tenantId === tenantId && c.wants(topic)) return true;
    return false;
  }

  /** Subscribes and sends each topic's snapshot; a topic the user may not see answers an error instead. */
  async subscribe(conn: LiveConnection, topics: readonly LiveTopic[]): Promise<void> {
    await Promise.all(
      [...new Set(topics)].map(async (topic) => {
        const source = this.sources.get(topic);
        if (!source) {
          conn.send({ type: 'error', code: 'BAD_MESSAGE', message: `no such topic: ${topic}`, topic });
          return;
        }
        if (source.permission && !conn.actor.permissions.has(source.permission)) {
          conn.drop(topic);
          conn.send({ type: 'error', code: 'FORBIDDEN', message: `not allowed to see ${topic}`, topic });
          return;
        }
        if (source.onePerUser) this.takeOver(conn, topic);
        conn.begin(topic);
        try {
          const data = await source.snapshot(conn.actor);
          conn.finish(topic, { type: 'snapshot', topic, data } as LiveServerMessage);
        } catch (err) {
          this.options.logger?.error({ err, topic }, 'live snapshot failed');
          conn.finish(topic, null);
          conn.send({ type: 'error', code: 'INTERNAL', message: `${topic} could not be read`, topic });
        }
      }),
    );
  }

  /** Closes the user's sockets of other sessions that hold `topic` (tabs of the same session keep theirs). */
  private takeOver(conn: LiveConnection, topic: LiveTopic): void {
    const me = conn.actor;
    for (const c of this.connections) {
      const other = c.actor;
      if (c === conn || other.userId !== me.userId || other.tenantId !== me.tenantId) continue;
      if (other.sessionId === me.sessionId || !c.wants(topic)) continue;
      c.close(liveCloseCodes.replaced, 'signed in elsewhere');
      this.forget(c);
    }
  }

  unsubscribe(conn: LiveConnection, topics: readonly LiveTopic[]): void {
    for (const t of topics) conn.drop(t);
  }

  /** Pushes an update of `topic` to the subscribers of `tenantId` (and no one else). */
  update<T extends LiveTopic>(tenantId: string, topic: T, data: LiveUpdateFor<T>): Promise<void> {
    return this.push(this.connections, tenantId, topic, data);
  }

  /** Pushes an update of `topic` to one user's sockets (an agent's own state). */
  updateUser<T extends LiveTopic>(tenantId: string, userId: string, topic: T, data: LiveUpdateFor<T>): Promise<void> {
    const mine = this.byUser.get(userKey(tenantId, userId));
    return mine ? this.push(mine, tenantId, topic, data) : Promise.resolve();
  }

  private async push<T extends LiveTopic>(
    targets: Iterable<LiveConnection>,
    tenantId: string,
    topic: T,
    data: LiveUpdateFor<T>,
  ): Promise<void> {
    const deliver = (c: LiveConnection, value: LiveUpdateData<T> | null) => {
      if (value !== null) c.deliver(topic, { type: 'update', topic, data: value } as LiveServerMessage);
    };
    const failed = (err: unknown) => this.options.logger?.warn({ err, topic }, 'live update not sent');
    // A per-user update answers most sockets at once (null: not theirs): those cost a call, not a promise each;
    // only the answers still being read are awaited.
    const reading: Promise<void>[] = [];
    for (const c of targets) {
      if (c.actor.tenantId !== tenantId || !c.wants(topic)) continue;
      try {
        const value = typeof data === 'function' ? data(c.actor) : data;
        if (value instanceof Promise) reading.push(value.then((v) => deliver(c, v), failed));
        else deliver(c, value);
      } catch (err) {
        failed(err);
      }
    }
    await Promise.all(reading);
  }

  /**
   * Sends a fresh snapshot of `topic` to its subscribers (of `tenantId`, or of every tenant): for changes beyond
   * one item, such as trunks added, disabled or deleted.
   */
  async resync(topic: LiveTopic, tenantId?: string): Promise<void> {
    const targets = [...this.connections].filter(
      (c) => (tenantId === undefined || c.actor.tenantId === tenantId) && c.topics.has(topic),
    );
    await Promise.all(targets.map((c) => this.subscribe(c, [topic])));
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  private async beat(): Promise<void> {
    if (this.connections.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
      return;
    }
    await Promise.all(
      [...this.connections].map(async (c) => {
        if (!c.alive) {
          c.close(liveCloseCodes.heartbeatTimeout, 'no answer to the heartbeat');
          // The close frame gets a second to go out; a dead peer never answers it.
          setTimeout(() => c.socket.terminate(), 1000).unref();
          this.forget(c);
          return;
        }
        c.alive = false;
        c.socket.ping();
        const actor = await c.reauthenticate().catch(() => c.actor);
        if (!actor) {
          c.close(liveCloseCodes.unauthenticated, 'session ended');
          return;
        }
        c.actor = actor;
        // A permission taken away since the subscription ends that topic.
        for (const topic of [...c.topics]) {
          const needed = this.sources.get(topic)?.permission;
          if (!needed || actor.permissions.has(needed)) continue;
          c.drop(topic);
          c.send({ type: 'error', code: 'FORBIDDEN', message: `not allowed to see ${topic}`, topic });
        }
      }),
    );
  }

  /** Closes every socket (server stopping). */
  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const c of this.connections) c.close(liveCloseCodes.goingAway, 'server stopping');
    this.connections.clear();
    this.byUser.clear();
  }
}

const userKey = (tenantId: string, userId: string) => `${tenantId}/${userId}`;
