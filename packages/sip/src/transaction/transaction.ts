import type { SipRequest, SipResponse } from '../message/message.ts';
import { type Clock, TimerSet, type TimerValues } from './timers.ts';

export const TransactionState = {
  Calling: 'calling',
  Trying: 'trying',
  Proceeding: 'proceeding',
  Completed: 'completed',
  Confirmed: 'confirmed',
  /** RFC 6026 §7.1/§7.2: a 2xx was sent or received for an INVITE. */
  Accepted: 'accepted',
  Terminated: 'terminated',
} as const;
export type TransactionState = (typeof TransactionState)[keyof typeof TransactionState];

export interface TransactionContext {
  timers: TimerValues;
  clock: Clock;
  /** True when the transport is reliable (no retransmissions, zero wait timers). */
  reliable: boolean;
  /** Called once when the transaction reaches Terminated, so the layer can forget it. */
  onTerminated?: (tx: Transaction) => void;
}

export type SendRequest = (request: SipRequest) => Promise<void>;
export type SendResponse = (response: SipResponse) => Promise<void>;

/** What a transaction holds once its TU is done with it: nothing of the TU stays reachable from the layer. */
export const DETACHED_USER: ClientTransactionUser & ServerTransactionUser = { onResponse: () => {} };

export interface ClientTransactionUser {
  onResponse(response: SipResponse): void;
  /** Timer B or F fired (RFC 3261 §17.1.1.2, §17.1.2.2): treat as 408. */
  onTimeout?(): void;
  onTransportError?(error: Error): void;
}

export interface ServerTransactionUser {
  /** Timer H fired without ACK (RFC 3261 §17.2.1). */
  onTimeout?(): void;
  onTransportError?(error: Error): void;
  /** A non-2xx final was acknowledged (informational). */
  onAck?(ack: SipRequest): void;
}

export abstract class Transaction {
  state: TransactionState;
  protected readonly timerSet: TimerSet;
  protected readonly t: TimerValues;

  private current: SipRequest | null;

  protected constructor(
    readonly id: string,
    request: SipRequest,
    protected readonly ctx: TransactionContext,
    initial: TransactionState,
  ) {
    this.current = request;
    this.state = initial;
    this.timerSet = new TimerSet(ctx.clock);
    this.t = ctx.timers;
  }

  /** The request that started the transaction, until the state machine no longer needs it (releaseRequest). */
  get request(): SipRequest {
    if (!this.current) throw new Error(`transaction ${this.id} no longer holds its request (${this.state})`);
    return this.current;
  }

  /**
   * Lets go of the parsed request in states that only absorb retransmissions by key (Completed, Confirmed,
   * Accepted): they last up to 64*T1 = 32 s, and at hundreds of calls per second the messages they held were most
   * of the switch's live heap.
   */
  protected releaseRequest(): void {
    this.current = null;
  }

  get reliable(): boolean {
    return this.ctx.reliable;
  }

  protected terminate(): void {
    if (this.state === TransactionState.Terminated) return;
    this.state = TransactionState.Terminated;
    this.timerSet.stopAll();
    this.ctx.onTerminated?.(this);
  }

  /** Stops all timers and forgets the transaction (e.g. on shutdown). */
  dispose(): void {
    this.terminate();
  }
}
