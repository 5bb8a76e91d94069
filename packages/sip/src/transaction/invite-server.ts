import type { SipRequest, SipResponse } from '../message/message.ts';
import { createResponse } from '../message/response.ts';
import {
  DETACHED_USER,
  type SendResponse,
  type ServerTransactionUser,
  Transaction,
  type TransactionContext,
  TransactionState,
} from './transaction.ts';

/** INVITE server transaction (RFC 3261 §17.2.1, Figure 7, as updated by RFC 6026 §7.1). */
export class InviteServerTransaction extends Transaction {
  private lastResponse: SipResponse | null = null;
  /** To tag of the final response, for RFC 2543 ACK matching after the response itself is let go. */
  private finalToTag: string | null = null;
  user: ServerTransactionUser = {};

  constructor(
    id: string,
    request: SipRequest,
    ctx: TransactionContext,
    private readonly send: SendResponse,
    /** Send 100 Trying if the TU has not answered within this many ms (§17.2.1: 200 ms); null disables. */
    autoTryingMs: number | null = 200,
  ) {
    super(id, request, ctx, TransactionState.Proceeding);
    if (autoTryingMs !== null) {
      this.timerSet.start('trying', autoTryingMs, () => {
        if (this.state === TransactionState.Proceeding && !this.lastResponse)
          this.respond(createResponse(request, 100));
      });
    }
  }

  /** The last response sent while it may still be retransmitted (not kept in Accepted or Confirmed). */
  get response(): SipResponse | null {
    return this.lastResponse;
  }

  /** The To tag of the final response (RFC 2543 ACK matching, §17.2.3). */
  get sentToTag(): string | null {
    return this.finalToTag;
  }

  /** Sends a response from the TU. */
  respond(response: SipResponse): void {
    if (this.state !== TransactionState.Proceeding) {
      // RFC 6026 §7.1: in Accepted the TU may pass further 2xx (its own retransmissions) down.
      if (this.state === TransactionState.Accepted && response.status >= 200 && response.status < 300) {
        this.transmit(response);
      }
      return;
    }
    this.timerSet.stop('trying');
    this.lastResponse = response;
    this.transmit(response);
    const status = response.status;
    if (status < 200) return;
    this.finalToTag = response.to?.params.get('tag') ?? null;
    this.releaseRequest();
    if (status < 300) {
      // RFC 6026 §7.1: 2xx → Accepted, Timer L = 64*T1. The TU retransmits the 2xx itself; nothing to keep.
      this.state = TransactionState.Accepted;
      this.lastResponse = null;
      this.timerSet.start('L', 64 * this.t.t1, () => this.terminate());
      return;
    }
    // §17.2.1: 300-699 → Completed; Timer G (unreliable) and Timer H.
    this.state = TransactionState.Completed;
    if (!this.reliable) this.scheduleG(this.t.t1);
    this.timerSet.start('H', 64 * this.t.t1, () => {
      if (this.state !== TransactionState.Completed) return;
      this.terminate();
      this.user.onTimeout?.();
    });
  }

  private scheduleG(interval: number): void {
    this.timerSet.start('G', interval, () => {
      // §17.2.1: Timer G fires in Completed → retransmit the final response, G = min(2G, T2).
      if (this.state !== TransactionState.Completed || !this.lastResponse) return;
      this.transmit(this.lastResponse);
      this.scheduleG(Math.min(2 * interval, this.t.t2));
    });
  }

  private transmit(response: SipResponse): void {
    this.send(response).catch((e: unknown) => {
      if (this.state === TransactionState.Terminated) return;
      this.terminate();
      this.user.onTransportError?.(e instanceof Error ? e : new Error(String(e)));
    });
  }

  /** A retransmission of the INVITE arrived. */
  receiveRetransmission(): void {
    // §17.2.1: Proceeding → resend the last provisional; Completed → resend the final. Accepted absorbs (RFC 6026).
    if (
      (this.state === TransactionState.Proceeding || this.state === TransactionState.Completed) &&
      this.lastResponse
    ) {
      this.transmit(this.lastResponse);
    }
  }

  /** An ACK matched this transaction (i.e. the ACK for a non-2xx final response). */
  receiveAck(ack: SipRequest): void {
    if (this.state !== TransactionState.Completed) return;
    // §17.2.1: Completed → Confirmed, Timer I = T4 unreliable, 0 reliable; stop G and H.
    this.state = TransactionState.Confirmed;
    this.timerSet.stop('G');
    this.timerSet.stop('H');
    this.user.onAck?.(ack);
    this.user = DETACHED_USER; // Confirmed only absorbs ACKs
    this.lastResponse = null;
    if (this.reliable) this.terminate();
    else this.timerSet.start('I', this.t.t4, () => this.terminate());
  }
}
