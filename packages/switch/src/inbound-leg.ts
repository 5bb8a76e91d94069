import type { SessionDescription } from '@hujiao/media';
import {
  createResponse,
  Dialog,
  type Flow,
  type InviteServerTransaction,
  newTag,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  serializeUri,
} from '@hujiao/sip';
import { statusForCause } from './causes.ts';
import type { SwitchContext } from './context.ts';
import { Leg, type LegListener, LegState } from './leg.ts';
import { answerSdp, legMediaOf, parseSdp } from './sdp-rewrite.ts';
import { type HangupCause, LegRole, type SwitchLogger } from './types.ts';

const SDP = 'application/sdp';
const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE';

/**
 * The caller's side of a B2BUA call: the UAS of the incoming INVITE (RFC 3261 §13.3). Provisional and final
 * responses carry our SDP answer; the 2xx is retransmitted until the ACK arrives (§13.3.1.4).
 */
export class InboundLeg extends Leg {
  readonly localTag = newTag();
  readonly offer: SessionDescription | null;
  private answerBody: string | null = null;
  private okResponse: SipResponse | null = null;
  private retransmit: ReturnType<typeof setTimeout> | null = null;
  private finalSent = false;

  constructor(
    ctx: SwitchContext,
    readonly invite: SipRequest,
    readonly tx: InviteServerTransaction,
    flow: Flow,
    extension: string | null,
    listener: LegListener,
    logger: SwitchLogger,
  ) {
    super(ctx, LegRole.Caller, invite.from ? serializeUri(invite.from.uri) : '', extension, flow, listener, logger);
    this.offer = parseSdp(invite.body);
  }

  /** Opens the RTP session and prepares the SDP answer; false when the offer has no usable audio (→ 488). */
  async prepareMedia(): Promise<boolean> {
    if (!this.offer) return false;
    const session = await this.openSession();
    const a = answerSdp(this.offer, this.ctx.mediaAddress, session.port, undefined, this.sdpSessionId, 1);
    if (!a) return false;
    this.answerBody = a.sdp;
    this.media = legMediaOf(a.audio);
    if (a.audio.remoteRtp) session.setRemote(a.audio.remoteRtp, a.audio.remoteRtcp);
    return true;
  }

  private respond(status: number, withSdp: boolean, reason?: string): SipResponse {
    const headers: Array<[string, string]> = [];
    if (status > 100 && status < 300) headers.push(['Contact', this.contact()], ['Allow', ALLOW]);
    const body = withSdp && this.answerBody ? this.answerBody : undefined;
    const res = createResponse(this.invite, status, {
      toTag: this.localTag,
      headers,
      ...(reason ? { reason } : {}),
      ...(body ? { body, contentType: SDP } : {}),
    });
    this.tx.respond(res);
    return res;
  }

  /** 180 Ringing, or 183 Session Progress with SDP for early media (RFC 3261 §13.3.1.1, RFC 3960). */
  ring(earlyMedia: boolean, status = 180): void {
    if (this.finalSent || this.isEnded) return;
    this.state = LegState.Early;
    this.respond(status, earlyMedia);
  }

  async answer(): Promise<void> {
    if (this.finalSent || this.isEnded) return;
    this.finalSent = true;
    const res = this.respond(200, true);
    this.okResponse = res;
    this.state = LegState.Answered;
    this.answeredAt = new Date();
    this.finalStatus = 200;
    this.dialog = Dialog.fromUas(this.invite, res);
    if (this.dialog) this.ctx.dialogs.set(this.dialog.id, this);
    if (!this.tx.reliable) this.scheduleRetransmit(this.ctx.t1Ms);
  }

  /** §13.3.1.4: retransmit the 2xx with T1 doubling up to T2 until the ACK; give up (BYE) after 64*T1. */
  private scheduleRetransmit(interval: number, elapsed = 0): void {
    this.retransmit = setTimeout(() => {
      this.retransmit = null;
      if (!this.okResponse || this.isEnded) return;
      const total = elapsed + interval;
      if (total >= 64 * this.ctx.t1Ms) {
        this.logger.warn({}, 'no ACK for 2xx: ending the call');
        this.okResponse = null;
        this.hangup('failed');
        this.listener.onRemoteHangup(this, null);
        return;
      }
      this.tx.respond(this.okResponse);
      this.scheduleRetransmit(Math.min(interval * 2, 4000), total);
    }, interval);
  }

  private stopRetransmit(): void {
    if (this.retransmit) clearTimeout(this.retransmit);
    this.retransmit = null;
    this.okResponse = null;
  }

  /** A final non-2xx response (RFC 3261 §13.3.1.3). */
  reject(status: number, reason?: string): void {
    if (this.finalSent) return;
    this.finalSent = true;
    this.respond(status, false, reason);
    this.finish(status);
  }

  hangup(cause: HangupCause): void {
    if (this.isEnded) return;
    if (!this.finalSent) {
      this.reject(statusForCause(cause));
      return;
    }
    const dialog = this.dialog;
    this.stopRetransmit();
    this.finish(this.finalStatus);
    if (!dialog) return;
    this.ctx.dialogs.delete(dialog.id);
    const bye = dialog.createRequest('BYE');
    this.ctx.stack.request(bye, this.flow, { onResponse: () => {} });
  }

  /** CANCEL for our INVITE arrived (RFC 3261 §9.2): 487 to the INVITE. */
  cancelled(): boolean {
    if (this.finalSent) return false;
    this.reject(487);
    return true;
  }

  /** In-dialog requests (RFC 3261 §12.2.2). */
  onDialogRequest(request: SipRequest, tx: ServerTransaction | null, _flow: Flow): void {
    const dialog = this.dialog;
    if (request.method === 'ACK') {
      this.stopRetransmit();
      return;
    }
    if (!tx) return;
    if (!dialog?.receiveRequest(request)) {
      tx.respond(createResponse(request, dialog ? 500 : 481));
      return;
    }
    switch (request.method) {
      case 'BYE':
        tx.respond(createResponse(request, 200));
        this.ctx.dialogs.delete(dialog.id);
        this.stopRetransmit();
        this.finish(this.finalStatus);
        this.listener.onRemoteHangup(this, null);
        return;
      case 'INFO':
        this.onInfo(request, tx);
        return;
      case 'INVITE':
        this.listener.onReinvite(this, request, tx);
        return;
      default:
        tx.respond(createResponse(request, 200));
    }
  }
}
