import type { SwitchEvent } from '@hujiao/shared';
import type { Logger } from 'pino';

/** What a bus carries: JSON-safe objects told apart by `type` (no Date, Map, class instances or functions). */
export interface BusEvent {
  readonly type: string;
}

export type EventHandler<E> = (event: E) => void | Promise<void>;
export type Unsubscribe = () => void;

/**
 * The server's typed event bus. Publishing never waits for, and never fails because of, a subscriber: handlers
 * run after the publisher's turn, their errors (thrown or rejected) are logged. Payloads are JSON-safe so that an
 * adapter over NATS (subject `<prefix>.<type>`, JSON body) can implement the same interface; handlers must treat
 * events as read-only, since in process they share one object.
 */
export interface EventBus<E extends BusEvent = SwitchEvent> {
  publish(event: E): void;
  /** Events of one type. */
  subscribe<T extends E['type']>(type: T, handler: EventHandler<Extract<E, { type: T }>>): Unsubscribe;
  /** Every event. */
  subscribeAll(handler: EventHandler<E>): Unsubscribe;
  /** Resolves when every handler started so far has finished (shutdown, tests). */
  drain(): Promise<void>;
}

export interface InProcessEventBusOptions<E> {
  logger?: Pick<Logger, 'error'>;
  /** Checks each published event (e.g. `switchEventSchema.parse`); for tests and development, it costs per event. */
  validate?: (event: E) => void;
}

/**
 * The bus inside one process: in a microtask after `publish` each handler is called (typed ones first, in
 * subscription order); an async handler runs on its own, so events reach every handler in publish order but a
 * handler's async work for one event may overlap the next.
 */
export class InProcessEventBus<E extends BusEvent = SwitchEvent> implements EventBus<E> {
  private readonly byType = new Map<string, Set<EventHandler<E>>>();
  private readonly all = new Set<EventHandler<E>>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: InProcessEventBusOptions<E> = {}) {}

  publish(event: E): void {
    if (this.options.validate) {
      try {
        this.options.validate(event);
      } catch (err) {
        this.options.logger?.error({ err, type: event.type }, 'event refused: not a valid event');
        return;
      }
    }
    const typed = this.byType.get(event.type);
    if (!typed?.size && this.all.size === 0) return;
    // Copies: a handler that unsubscribes (or subscribes) while being called changes the next event only.
    const handlers = [...(typed ?? []), ...this.all];
    queueMicrotask(() => {
      for (const handler of handlers) this.track(this.call(handler, event));
    });
  }

  /** One handler, isolated: a slow one delays no other, a failing one is logged. */
  private async call(handler: EventHandler<E>, event: E): Promise<void> {
    try {
      await handler(event);
    } catch (err) {
      this.options.logger?.error({ err, type: event.type }, 'event handler failed');
    }
  }

  private track(job: Promise<void>): void {
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }

  subscribe<T extends E['type']>(type: T, handler: EventHandler<Extract<E, { type: T }>>): Unsubscribe {
    let set = this.byType.get(type);
    if (!set) {
      set = new Set();
      this.byType.set(type, set);
    }
    // The map is keyed by type, so only events of this type reach the handler.
    const h = handler as EventHandler<E>;
    set.add(h);
    return () => {
      set.delete(h);
    };
  }

  subscribeAll(handler: EventHandler<E>): Unsubscribe {
    this.all.add(handler);
    return () => {
      this.all.delete(handler);
    };
  }

  async drain(): Promise<void> {
    // Handlers start in a microtask: let those of events published just now start first. Bounded: handlers may
    // publish again, each round waits for what is running then.
    for (let round = 0; round < 100; round++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.running.size === 0) return;
      await Promise.all([...this.running]);
    }
  }
}
