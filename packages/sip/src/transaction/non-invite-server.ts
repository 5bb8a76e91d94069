import type { SipRequest, SipResponse } from '../message/message.ts';
import {
  type SendResponse,
  type ServerTransactionUser,
  Transaction,
  type TransactionContext,
  TransactionState,
} from './transaction.ts';

/** Non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8). */
export class NonInviteServerTransaction extends Transaction {
  private lastResponse: SipResponse | null = null;
  user: ServerTransactionUser = {};

  constructor(
    id: string,
    request: SipRequest,
    ctx: TransactionContext,
    private readonly send: SendResponse,
  ) {
    super(id, request, ctx, TransactionState.Trying);
  }

  get response(): SipResponse | null {
    return this.lastResponse;
  }

  respond(response: SipResponse): void {
    if (this.state !== TransactionState.Trying && this.state !== TransactionState.Proceeding) return;
    this.lastResponse = response;
    this.transmit(response);
    if (response.status < 200) {
      this.state = TransactionState.Proceeding;
      return;
    }
    // §17.2.2: final → Completed, Timer J = 64*T1 unreliable, 0 reliable. Only the response is resent.
    this.state = TransactionState.Completed;
    this.releaseRequest();
    if (this.reliable) this.terminate();
    else this.timerSet.start('J', 64 * this.t.t1, () => this.terminate());
  }

  /** §17.2.2: Trying absorbs retransmissions; Proceeding and Completed resend the last response. */
  receiveRetransmission(): void {
    if (this.state === TransactionState.Trying || !this.lastResponse) return;
    if (this.state === TransactionState.Proceeding || this.state === TransactionState.Completed) {
      this.transmit(this.lastResponse);
    }
  }

  private transmit(response: SipResponse): void {
    this.send(response).catch((e: unknown) => {
      if (this.state === TransactionState.Terminated) return;
      this.terminate();
      this.user.onTransportError?.(e instanceof Error ? e : new Error(String(e)));
    });
  }
}
