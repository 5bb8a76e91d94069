import type { SipRequest, SipResponse } from '../message/message.ts';
import {
  type ClientTransactionUser,
  DETACHED_USER,
  type SendRequest,
  Transaction,
  type TransactionContext,
  TransactionState,
} from './transaction.ts';

/** Non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6). */
export class NonInviteClientTransaction extends Transaction {
  constructor(
    id: string,
    request: SipRequest,
    ctx: TransactionContext,
    private readonly send: SendRequest,
    private user: ClientTransactionUser,
  ) {
    super(id, request, ctx, TransactionState.Trying);
  }

  /** Sends the request and starts Timers E and F (§17.1.2.2). */
  start(): void {
    this.transmit();
    if (!this.reliable) this.scheduleE(this.t.t1);
    this.timerSet.start('F', 64 * this.t.t1, () => {
      // §17.1.2.2: Timer F in Trying or Proceeding → timeout to the TU.
      if (this.state !== TransactionState.Trying && this.state !== TransactionState.Proceeding) return;
      this.terminate();
      this.user.onTimeout?.();
    });
  }

  private scheduleE(interval: number): void {
    this.timerSet.start('E', interval, () => {
      if (this.state === TransactionState.Trying) {
        // §17.1.2.2: retransmit, E = min(2E, T2).
        this.transmit();
        this.scheduleE(Math.min(2 * interval, this.t.t2));
      } else if (this.state === TransactionState.Proceeding) {
        // §17.1.2.2: in Proceeding retransmit every T2.
        this.transmit();
        this.scheduleE(this.t.t2);
      }
    });
  }

  private transmit(): void {
    this.send(this.request).catch((e: unknown) => {
      if (this.state === TransactionState.Terminated) return;
      this.terminate();
      this.user.onTransportError?.(e instanceof Error ? e : new Error(String(e)));
    });
  }

  detach(): void {
    this.user = DETACHED_USER;
  }

  receiveResponse(response: SipResponse): void {
    if (this.state !== TransactionState.Trying && this.state !== TransactionState.Proceeding) return;
    if (response.status < 200) {
      this.state = TransactionState.Proceeding;
      this.user.onResponse(response);
      return;
    }
    // §17.1.2.2: final → Completed, Timer K (T4 unreliable, 0 reliable); retransmissions are absorbed.
    this.state = TransactionState.Completed;
    this.timerSet.stop('E');
    this.timerSet.stop('F');
    this.releaseRequest();
    this.user.onResponse(response);
    this.user = DETACHED_USER; // Completed absorbs retransmissions
    if (this.reliable) this.terminate();
    else this.timerSet.start('K', this.t.t4, () => this.terminate());
  }
}
