import { newBranch } from '../message/ids.ts';
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { Via } from '../message/via.ts';
import { type Destination, type Flow, isReliable } from '../transport/types.ts';
import { InviteClientTransaction } from './invite-client.ts';
import { InviteServerTransaction } from './invite-server.ts';
import { NonInviteClientTransaction } from './non-invite-client.ts';
import { NonInviteServerTransaction } from './non-invite-server.ts';
import { type Clock, DEFAULT_TIMERS, systemClock, type TimerValues } from './timers.ts';
import type { ClientTransactionUser, Transaction, TransactionContext } from './transaction.ts';
import { clientKey, serverKey } from './transaction-key.ts';

export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;
export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;

export interface TransactionLayerOptions {
  sendRequest(request: SipRequest, destination: Destination): Promise<void>;
  sendResponse(response: SipResponse, flow: Flow): Promise<void>;
  /**
   * A new request for the TU. `transaction` is null for an ACK that matched no transaction
   * (the ACK for a 2xx, RFC 3261 §17.2.3 / RFC 6026 §6).
   */
  onRequest(request: SipRequest, transaction: ServerTransaction | null, flow: Flow): void;
  /** A response that matched no client transaction (e.g. a 2xx retransmission after Timer M). */
  onStrayResponse?(response: SipResponse, flow: Flow): void;
  /** Builds the Via for an outgoing request that has none; the branch is filled in. */
  createVia?(destination: Destination, branch: string): Via;
  timers?: Partial<TimerValues>;
  clock?: Clock;
  /** Delay before an INVITE server transaction sends 100 Trying itself (default 200 ms, null disables). */
  autoTryingMs?: number | null;
}

/** Matches messages to transactions and creates them (RFC 3261 §17.1.3, §17.2.3). */
export class TransactionLayer {
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly timers: TimerValues;
  private readonly clock: Clock;

  constructor(private readonly options: TransactionLayerOptions) {
    this.timers = { ...DEFAULT_TIMERS, ...options.timers };
    this.clock = options.clock ?? systemClock;
  }

  get serverCount(): number {
    return this.servers.size;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  private context(reliable: boolean, remove: (tx: Transaction) => void): TransactionContext {
    return { timers: this.timers, clock: this.clock, reliable, onTerminated: remove };
  }

  /** Entry point for requests from the transport layer. */
  receiveRequest(request: SipRequest, flow: Flow): void {
    const key = serverKey(request);
    if (key === null) return;
    const existing = this.servers.get(key);
    if (request.method === 'ACK') {
      if (existing instanceof InviteServerTransaction && this.ackMatches(existing, request, key)) {
        existing.receiveAck(request);
        return;
      }
      this.options.onRequest(request, null, flow);
      return;
    }
    if (existing) {
      existing.receiveRetransmission();
      return;
    }
    const send = (response: SipResponse): Promise<void> => this.options.sendResponse(response, flow);
    const ctx = this.context(isReliable(flow.protocol), () => this.servers.delete(key));
    const tx =
      request.method === 'INVITE'
        ? new InviteServerTransaction(key, request, ctx, send, this.options.autoTryingMs ?? 200)
        : new NonInviteServerTransaction(key, request, ctx, send);
    this.servers.set(key, tx);
    this.options.onRequest(request, tx, flow);
  }

  /** RFC 2543 ACK matching also needs the To tag of the response sent (§17.2.3). */
  private ackMatches(tx: InviteServerTransaction, ack: SipRequest, key: string): boolean {
    if (!key.startsWith('2543|')) return true;
    const sentTag = tx.sentToTag;
    return sentTag === null || sentTag === (ack.to?.params.get('tag') ?? null);
  }

  /** Entry point for responses from the transport layer. */
  receiveResponse(response: SipResponse, flow: Flow): void {
    const key = clientKey(response);
    const tx = key === null ? undefined : this.clients.get(key);
    if (tx) tx.receiveResponse(response);
    else this.options.onStrayResponse?.(response, flow);
  }

  /** Finds the INVITE server transaction a CANCEL refers to (RFC 3261 §9.2). */
  findInviteForCancel(cancel: SipRequest): InviteServerTransaction | null {
    const key = serverKey(cancel);
    if (key === null) return null;
    const tx = this.servers.get(key.replace(/\|CANCEL$/, '|INVITE'));
    return tx instanceof InviteServerTransaction ? tx : null;
  }

  /**
   * Starts a client transaction. A Via with a fresh branch is added when the request has none
   * (needs `createVia`); ACK is never sent in a transaction (use `sendAck`).
   */
  sendRequest(request: SipRequest, destination: Destination, user: ClientTransactionUser): ClientTransaction {
    if (request.method === 'ACK') throw new Error('ACK is not sent in a client transaction');
    if (!request.topVia) {
      if (!this.options.createVia) throw new Error('request has no Via and no createVia option');
      request.prependVia(this.options.createVia(destination, newBranch()));
    }
    const key = clientKey(request);
    if (key === null) throw new Error('request needs a Via branch and a CSeq');
    const send = (r: SipRequest): Promise<void> => this.options.sendRequest(r, destination);
    const ctx = this.context(isReliable(destination.protocol), () => this.clients.delete(key));
    const tx =
      request.method === 'INVITE'
        ? new InviteClientTransaction(key, request, ctx, send, user)
        : new NonInviteClientTransaction(key, request, ctx, send, user);
    this.clients.set(key, tx);
    tx.start();
    return tx;
  }

  /** Sends an ACK for a 2xx directly through the transport (RFC 3261 §13.2.2.4, §17.1.1.3). */
  sendAck(ack: SipRequest, destination: Destination): Promise<void> {
    if (!ack.topVia && this.options.createVia) ack.prependVia(this.options.createVia(destination, newBranch()));
    return this.options.sendRequest(ack, destination);
  }

  /** Terminates all transactions and stops their timers. */
  close(): void {
    for (const tx of [...this.servers.values(), ...this.clients.values()]) tx.dispose();
    this.servers.clear();
    this.clients.clear();
  }
}
