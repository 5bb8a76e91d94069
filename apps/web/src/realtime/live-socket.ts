import {
  LIVE_PATH,
  type LiveClientMessage,
  type LiveServerMessage,
  type LiveTopic,
  liveCloseCodes,
  liveServerMessage,
} from '@hujiao/shared';
import type { LiveState } from './live-status.ts';

export interface LiveSocketOptions {
  topics: readonly LiveTopic[];
  onMessage(message: LiveServerMessage): void;
  onState(state: LiveState): void;
  /** The server said the session is gone (close 4401): the app checks who is signed in. */
  onUnauthenticated(): void;
  url?: string;
  /** Our own ping (browsers cannot see the server's ping frames); no pong within `pingMs` = dead. */
  pingMs?: number;
}

/** What a command's `result` said: ok, or the server's reason in the user's language. */
export type LiveCommandResult = { ok: true } | { ok: false; error: string };
/** A CTI command without its id (the socket numbers it). */
export type LiveCommand =
  | Omit<Extract<LiveClientMessage, { type: 'agent' }>, 'id'>
  | Omit<Extract<LiveClientMessage, { type: 'call' }>, 'id'>;

const FIRST_RETRY_MS = 1_000;
/** A command without a result within this long counts as failed (the socket may be dead without knowing). */
const COMMAND_TIMEOUT_MS = 10_000;
const MAX_RETRY_MS = 30_000;

export function liveUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}${LIVE_PATH}`;
}

/**
 * The tab's one live WebSocket: subscribes after the server's hello, and again after every reconnect (the
 * snapshots then replace what the cache held); reconnects with a doubling, jittered delay (1 s … 30 s); sends a
 * ping every `pingMs` and reconnects when the answer does not come before the next one.
 */
export class LiveSocket {
  private ws: WebSocket | null = null;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private awaitingPong = false;
  private stopped = false;
  private everLive = false;
  private nextId = 1;
  private readonly pending = new Map<
    string,
    { done(r: LiveCommandResult): void; timer: ReturnType<typeof setTimeout> }
  >();

  constructor(private readonly o: LiveSocketOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /**
   * Sends a CTI command (agent state or call) and resolves with its `result`; when the socket is not live, or no
   * result comes in time, with `{ok: false, error: ''}` (the caller words it).
   */
  command(message: LiveCommand): Promise<LiveCommandResult> {
    if (this.ws?.readyState !== WebSocket.OPEN) return Promise.resolve({ ok: false, error: '' });
    const id = `c${this.nextId++}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, { ok: false, error: '' }), COMMAND_TIMEOUT_MS);
      this.pending.set(id, { done: resolve, timer });
      this.send({ ...message, id } as LiveClientMessage);
    });
  }

  private settle(id: string | undefined, result: LiveCommandResult): void {
    const waiting = id ? this.pending.get(id) : undefined;
    if (!waiting || !id) return;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    waiting.done(result);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000, 'page closed');
    this.o.onState('off');
  }

  private connect(): void {
    if (this.stopped) return;
    this.o.onState(this.everLive ? 'reconnecting' : 'connecting');
    const ws = new WebSocket(this.o.url ?? liveUrl());
    this.ws = ws;
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      this.receive(ev.data);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearTimers();
      if (ev.code === liveCloseCodes.replaced) {
        // The workstation is open in another session now: this tab stands down until reloaded.
        this.stopped = true;
        this.o.onState('replaced');
        return;
      }
      if (ev.code === liveCloseCodes.unauthenticated) {
        this.o.onUnauthenticated();
        this.retryMs = MAX_RETRY_MS;
      }
      this.scheduleReconnect();
    };
  }

  private receive(data: unknown): void {
    let message: LiveServerMessage;
    try {
      const parsed = liveServerMessage.safeParse(JSON.parse(String(data)));
      if (!parsed.success) return;
      message = parsed.data;
    } catch {
      return;
    }
    this.awaitingPong = false;
    if (message.type === 'result') {
      this.settle(message.id, message.ok ? { ok: true } : { ok: false, error: message.error ?? '' });
      return;
    }
    if (message.type === 'hello') {
      this.everLive = true;
      this.retryMs = FIRST_RETRY_MS;
      this.send({ type: 'subscribe', topics: [...this.o.topics] });
      this.startPing(this.o.pingMs ?? message.heartbeatMs);
      this.o.onState('live');
    }
    this.o.onMessage(message);
  }

  private send(message: LiveClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private startPing(ms: number): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (this.awaitingPong) {
        // Nothing came back since the last ping: the connection is dead even if the browser has not noticed.
        const ws = this.ws;
        this.ws = null;
        ws?.close(4000, 'no pong');
        this.clearTimers();
        this.scheduleReconnect();
        return;
      }
      this.awaitingPong = true;
      this.send({ type: 'ping' });
    }, ms);
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    this.o.onState(this.everLive ? 'reconnecting' : 'connecting');
    const delay = Math.round(this.retryMs * (0.75 + Math.random() * 0.5));
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private clearTimers(): void {
    // Commands sent on a socket that is gone get no result.
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, error: '' });
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.awaitingPong = false;
  }
}
