import type { SessionDescription } from '@hujiao/media';
import {
  createResponse,
  Dialog,
  DialogState,
  type Flow,
  type InviteServerTransaction,
  newTag,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  serializeUri,
} from '@hujiao/sip';
import { DIALOG_ALLOW } from './allow.ts';
import { statusForCause } from './causes.ts';
import type { SwitchContext } from './context.ts';
import { Leg, type LegListener, LegState } from './leg.ts';
import { updateRemote } from './media-target.ts';
import { answerSdp, legMediaOf, offerSdp, parseSdp, remoteAudio } from './sdp-rewrite.ts';
import { HangupCause, LegRole, type SwitchLogger } from './types.ts';
import { isWebRtcOffer, WebRtcSession } from './webrtc/webrtc-session.ts';

const SDP = 'application/sdp';
/** RFC 3261 §17.1.1.1: T2, the cap of the 2xx retransmission interval. */
const T2_MS = 4000;

/**
 * The caller's side of a B2BUA call: the UAS of the incoming INVITE (RFC 3261 §13.3). Provisional and final
 * responses carry our SDP answer; the 2xx is retransmitted until the ACK arrives (§13.3.1.4).
 *
 * An INVITE without SDP (late offer, RFC 3261 §13.2.1, RFC 3264 §4) gets our offer in the 2xx and no SDP in
 * provisional responses (an offer may only go in a reliable one, RFC 3262, which we do not use); the caller's
 * answer comes in the ACK, and `answer()` resolves once it has.
 */
export class InboundLeg extends Leg {
  readonly localTag = newTag();
  readonly offer: SessionDescription | null;
  /** The INVITE had no SDP: we offer in the 2xx, the answer comes in the ACK. */
  readonly lateOffer: boolean;
  /** Our offer went out in the 2xx and its answer (the ACK) has not come yet. */
  private awaitingAckAnswer = false;
  private readonly ackWaiters = new Set<() => void>();
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
    this.lateOffer = invite.body.length === 0;
  }

  /**
   * Opens the RTP session and prepares our SDP: the answer to the INVITE's offer, or our offer when it had none
   * (late offer). False when the offer has no usable audio or the body is not SDP (→ 488).
   */
  async prepareMedia(): Promise<boolean> {
    if (this.lateOffer) {
      const session = await this.openSession();
      this.localSdp = offerSdp(this.ctx.mediaAddress, session.port, undefined, undefined, this.sdpSessionId, 1);
      return true;
    }
    const offerText = this.invite.body.toString('utf8');
    if (isWebRtcOffer(offerText)) {
      // A browser phone (ADR 0024): ICE and DTLS-SRTP with werift, whose answer is ours.
      const answered = await WebRtcSession.answer(offerText, this.ctx.webrtc);
      if (!answered) return false;
      this.useWebRtc(answered.session);
      this.localSdp = answered.sdp;
      return true;
    }
    if (!this.offer) return false;
    const session = await this.openSession();
    const a = answerSdp(this.offer, this.ctx.mediaAddress, session.port, undefined, this.sdpSessionId, 1);
    if (!a) return false;
    this.localSdp = a.sdp;
    this.media = legMediaOf(a.audio);
    updateRemote(session, a.audio.remoteRtp, a.audio.remoteRtcp);
    return true;
  }

  private respond(status: number, withSdp: boolean, reason?: string): SipResponse {
    const headers: Array<[string, string]> = [];
    if (status > 100 && status < 300) headers.push(['Contact', this.contact()], ['Allow', DIALOG_ALLOW]);
    // Late offer: our offer goes in the 2xx only (RFC 3261 §13.3.1.1: not in an unreliable provisional).
    const body = withSdp && this.localSdp && !(this.lateOffer && status < 200) ? this.localSdp : undefined;
    const res = createResponse(this.invite, status, {
      toTag: this.localTag,
      headers,
      ...(reason ? { reason } : {}),
      ...(body ? { body, contentType: SDP } : {}),
    });
    this.tx.respond(res);
    // A 1xx with our To tag makes an early dialog (§12.1.1): its requests (UPDATE, INFO, BYE) find this leg.
    if (status > 100 && status < 200 && !this.dialog && !this.isEnded) {
      this.dialog = Dialog.fromUas(this.invite, res);
      if (this.dialog) this.ctx.dialogs.set(this.dialog.id, this);
    }
    return res;
  }

  /** 180 Ringing, or 183 Session Progress with SDP for early media (RFC 3261 §13.3.1.1, RFC 3960). */
  ring(earlyMedia: boolean, status = 180): void {
    if (this.finalSent || this.isEnded) return;
    this.state = LegState.Early;
    this.respond(status, earlyMedia);
  }

  /** Sends the 2xx; with a late offer, resolves once the ACK brought the answer (or the leg ended). */
  async answer(): Promise<void> {
    if (this.finalSent || this.isEnded) return;
    this.finalSent = true;
    const res = this.respond(200, true);
    this.okResponse = res;
    this.state = LegState.Answered;
    this.answeredAt = new Date();
    this.finalStatus = 200;
    // The early dialog (same tags, so the same id) is confirmed by the 2xx; its CSeq and target carry on.
    if (this.dialog) this.dialog.state = DialogState.Confirmed;
    else this.dialog = Dialog.fromUas(this.invite, res);
    if (this.dialog) this.ctx.dialogs.set(this.dialog.id, this);
    this.scheduleRetransmit(this.ctx.t1Ms);
    if (!this.lateOffer) return;
    this.awaitingAckAnswer = true;
    await new Promise<void>((resolve) => this.ackWaiters.add(resolve));
  }

  /** The ACK for our 2xx (RFC 3261 §13.3.1.4); with a late offer it carries the answer (§13.2.2.4). */
  private onAck(ack: SipRequest): void {
    this.stopRetransmit();
    if (!this.awaitingAckAnswer) {
      this.takeAckAnswer(ack);
      return;
    }
    this.awaitingAckAnswer = false;
    const sdp = parseSdp(ack.body);
    const audio = sdp ? remoteAudio(sdp) : undefined;
    const session = this.session;
    if (!audio || !session) {
      // No usable answer to our offer: the session cannot start; end it with a BYE (RFC 3261 §13.2.2.4, as the
      // UAC does with an unacceptable offer).
      this.logger.warn({ hasSdp: sdp !== null }, 'late offer: the ACK carried no usable SDP answer');
      this.failAnswered(HangupCause.Failed, 488);
      return;
    }
    this.media = legMediaOf(audio);
    updateRemote(session, audio.remoteRtp, audio.remoteRtcp);
    this.releaseAckWaiters();
  }

  private releaseAckWaiters(): void {
    for (const w of [...this.ackWaiters]) w();
    this.ackWaiters.clear();
  }

  /** Ends an answered leg for a reason of the system: BYE, then the listener hears the cause and status. */
  private failAnswered(cause: HangupCause, status: number): void {
    this.answeredAt = null;
    this.finalStatus = status;
    this.hangup(cause);
    if (this.listener.onLegFailed) this.listener.onLegFailed(this, cause, status);
    else this.listener.onRemoteHangup(this, status);
  }

  protected override get offerPending(): boolean {
    // A late offer: before our 2xx there is no session to change; after it, our offer awaits the ACK.
    return this.awaitingAckAnswer || (this.lateOffer && !this.finalSent) || super.offerPending;
  }

  protected override finish(status: number | null): void {
    super.finish(status);
    this.awaitingAckAnswer = false;
    this.releaseAckWaiters();
    const dialog = this.dialog;
    if (dialog && this.ctx.dialogs.get(dialog.id) === this) this.ctx.dialogs.delete(dialog.id);
  }

  /** §13.3.1.4: retransmit the 2xx with T1 doubling up to T2 until the ACK; give up (BYE) after 64*T1. */
  private scheduleRetransmit(interval: number, elapsed = 0): void {
    // Over TCP/TLS/WS the transport retransmits: we only wait for the ACK (§13.3.1.4, §17.2.1).
    const limit = 64 * this.ctx.t1Ms;
    const wait = this.tx.reliable ? limit - elapsed : Math.min(interval, limit - elapsed);
    this.retransmit = setTimeout(() => {
      this.retransmit = null;
      if (!this.okResponse || this.isEnded) return;
      const total = elapsed + wait;
      if (total >= limit) {
        // The session never started: cause failed, status 408 (the 2xx "timed out" like a transaction, §17.2.1
        // Timer H → 408), no talk time; the BYE ends the dialog our 2xx made (§13.3.1.4).
        this.logger.warn({ waitedMs: total }, 'no ACK for our 2xx within 64*T1: ending the call with a BYE');
        this.okResponse = null;
        this.failAnswered(HangupCause.Failed, 408);
        return;
      }
      this.tx.respond(this.okResponse);
      this.scheduleRetransmit(Math.min(interval * 2, T2_MS), total);
    }, wait);
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
      this.onAck(request);
      return;
    }
    if (!tx) return;
    if (!dialog?.receiveRequest(request)) {
      tx.respond(createResponse(request, dialog ? 500 : 481));
      return;
    }
    if (!this.finalSent && request.method === 'BYE') {
      // BYE in the early dialog (RFC 3261 §15.1.2): 200, and 487 to the INVITE.
      tx.respond(createResponse(request, 200));
      this.reject(487);
      this.listener.onRemoteHangup(this, null);
      return;
    }
    if (!this.finalSent && request.method === 'INVITE') {
      // §14.2: a re-INVITE while the INVITE is still pending.
      tx.respond(createResponse(request, 500, { headers: [['Retry-After', '1']] }));
      return;
    }
    switch (request.method) {
      case 'UPDATE':
        this.onUpdate(request, tx);
        return;
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
        if (!this.refusedForGlare(request, tx)) this.listener.onReinvite(this, request, tx);
        return;
      case 'REFER':
        if (this.listener.onRefer) this.listener.onRefer(this, request, tx);
        else tx.respond(createResponse(request, 501));
        return;
      default:
        tx.respond(createResponse(request, 200));
    }
  }
}
