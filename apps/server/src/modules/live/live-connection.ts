import type { LiveServerMessage, LiveTopic, Locale } from '@hujiao/shared';
import type { WebSocket } from 'ws';
import type { Actor } from '../../http/actor.ts';

/**
 * One browser tab's live socket: who it is (re-read at every heartbeat), the topics it has a snapshot of, and
 * the updates held back while a topic's snapshot is being read (sent after it, so an update is never overtaken
 * by an older snapshot).
 */
export class LiveConnection {
  readonly topics = new Set<LiveTopic>();
  private readonly pending = new Map<LiveTopic, LiveServerMessage[]>();
  /** Answered the last ping (or just opened). */
  alive = true;
  /** The page's language (its Accept-Language at connect): commands answer errors in it. */
  locale: Locale = 'zh-CN';

  constructor(
    readonly socket: WebSocket,
    public actor: Actor,
    /** Reads the session again (null: it ended). */
    readonly reauthenticate: () => Promise<Actor | null>,
  ) {
    socket.on('pong', () => {
      this.alive = true;
    });
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** Subscribed to `topic`, or waiting for its snapshot. */
  wants(topic: LiveTopic): boolean {
    return this.topics.has(topic) || this.pending.has(topic);
  }

  send(message: LiveServerMessage): void {
    if (this.open) this.socket.send(JSON.stringify(message));
  }

  /** An update of a topic: sent now, queued behind a snapshot being read, or dropped when not subscribed. */
  deliver(topic: LiveTopic, message: LiveServerMessage): void {
    const queue = this.pending.get(topic);
    if (queue) queue.push(message);
    else if (this.topics.has(topic)) this.send(message);
  }

  /** A snapshot of `topic` is being read: updates wait for it. */
  begin(topic: LiveTopic): void {
    if (!this.pending.has(topic)) this.pending.set(topic, []);
  }

  /** Sends the snapshot, then the updates that came meanwhile; the topic is subscribed from now on. */
  finish(topic: LiveTopic, snapshot: LiveServerMessage | null): void {
    const queue = this.pending.get(topic) ?? [];
    this.pending.delete(topic);
    if (!snapshot) return;
    this.send(snapshot);
    this.topics.add(topic);
    for (const m of queue) this.send(m);
  }

  drop(topic: LiveTopic): void {
    this.topics.delete(topic);
    this.pending.delete(topic);
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.CLOSED) return;
    this.socket.close(code, reason);
  }
}
