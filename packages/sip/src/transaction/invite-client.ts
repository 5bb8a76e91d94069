import type { SipRequest, SipResponse } from '../message/message.ts';
import { createAckForNon2xx } from './requests.ts';
import {
  type ClientTransactionUser,
  DETACHED_USER,
  type SendRequest,
  Transaction,
  type TransactionContext,
  TransactionState,
} from './transaction.ts';

/** INVITE client transaction (RFC 3261 §17.1.1, Figure 5, as updated by RFC 6026 §7.2). */
export class InviteClientTransaction extends Transaction {
  private ack: SipRequest | null = null;

  constructor(
    id: string,
    request: SipRequest,
    ctx: TransactionContext,
    private readonly send: SendRequest,
    private user: ClientTransactionUser,
  ) {
    super(id, request, ctx, TransactionState.Calling);
  }

  /** Sends the INVITE and starts Timers A and B (§17.1.1.2). */
  start(): void {
    this.transmit(this.request);
    if (!this.reliable) this.scheduleA(this.t.t1);
    this.timerSet.start('B', 64 * this.t.t1, () => {
      // §17.1.1.2: Timer B fires in Calling → inform the TU of a timeout.
      if (this.state !== TransactionState.Calling) return;
      this.terminate();
      this.user.onTimeout?.();
    });
  }

  private scheduleA(interval: number): void {
    this.timerSet.start('A', interval, () => {
      // §17.1.1.2: Timer A fires in Calling → retransmit and double the interval.
      if (this.state !== TransactionState.Calling) return;
      this.transmit(this.request);
      this.scheduleA(interval * 2);
    });
  }

  private transmit(message: SipRequest): void {
    this.send(message).catch((e: unknown) => this.transportError(e));
  }

  private transportError(e: unknown): void {
    if (this.state === TransactionState.Terminated) return;
    this.terminate();
    this.user.onTransportError?.(e instanceof Error ? e : new Error(String(e)));
  }

  /**
   * The TU is done (e.g. its call ended): later 2xx retransmissions in Accepted (kept 32 s, RFC 6026) no longer
   * reach it, and the call's objects are not kept alive by this transaction.
   */
  detach(): void {
    this.user = DETACHED_USER;
  }

  receiveResponse(response: SipResponse): void {
    const status = response.status;
    switch (this.state) {
      case TransactionState.Calling:
      case TransactionState.Proceeding:
        if (status < 200) {
          // §17.1.1.2: provisional → Proceeding, stop retransmitting, pass up.
          this.state = TransactionState.Proceeding;
          this.timerSet.stop('A');
          this.user.onResponse(response);
        } else if (status < 300) {
          // RFC 6026 §7.2: 2xx → Accepted, Timer M; the TU generates the ACK.
          this.state = TransactionState.Accepted;
          this.timerSet.stop('A');
          this.timerSet.stop('B');
          this.timerSet.start('M', 64 * this.t.t1, () => this.terminate());
          this.releaseRequest();
          this.user.onResponse(response);
        } else {
          // §17.1.1.2: 300-699 → Completed, send ACK, Timer D (32 s unreliable, 0 reliable).
          this.state = TransactionState.Completed;
          this.timerSet.stop('A');
          this.timerSet.stop('B');
          this.ack = createAckForNon2xx(this.request, response);
          this.releaseRequest();
          this.transmit(this.ack);
          this.user.onResponse(response);
          this.user = DETACHED_USER; // Completed only re-ACKs retransmissions
          if (this.reliable) this.terminate();
          else this.timerSet.start('D', Math.max(32000, 64 * this.t.t1), () => this.terminate());
        }
        return;
      case TransactionState.Accepted:
        // RFC 6026 §7.2: retransmitted or forked 2xx go to the TU.
        if (status >= 200 && status < 300) this.user.onResponse(response);
        return;
      case TransactionState.Completed:
        // §17.1.1.2: retransmitted final response → resend ACK, do not pass up.
        if (status >= 300 && this.ack) this.transmit(this.ack);
        return;
      default:
        return;
    }
  }
}
