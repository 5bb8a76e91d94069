import { buildAudioOffer, type G711Law } from '@hujiao/media';
import {
  type ClientTransaction,
  createCancel,
  createDigestAuthorization,
  createResponse,
  Dialog,
  dialogIdOfRequest,
  type Flow,
  newCallId,
  newTag,
  parseUri,
  pickChallenge,
  type ServerTransaction,
  SipRequest,
  type SipResponse,
  TransportProtocol,
} from '@hujiao/sip';
import { DIALOG_ALLOW } from './allow.ts';
import type { SwitchContext } from './context.ts';
import { Leg, type LegListener, LegState } from './leg.ts';
import { updateRemote } from './media-target.ts';
import { legMediaOf, offerSdp, parseSdp, remoteAudio } from './sdp-rewrite.ts';
import type { TrunkLegPlan } from './trunk/trunk-dial.ts';
import { type HangupCause, type LegRecordData, LegRole, type SwitchLogger } from './types.ts';
import { WebRtcSession } from './webrtc/webrtc-session.ts';

const SDP = 'application/sdp';

/** Callbacks of an outgoing leg while it is being set up. */
export interface DialListener extends LegListener {
  onProgress(leg: OutboundLeg, status: number, earlyMedia: boolean): void;
  onAnswer(leg: OutboundLeg): void;
  onFailure(leg: OutboundLeg, status: number): void;
}

export interface OutboundTarget {
  /** Request-URI: the registered contact. */
  contact: string;
  /** Where to send: the flow the phone registered over. */
  flow: Flow;
  extension: string;
  /** From and To of the new dialog (B2BUA: our own Call-ID and tags, RFC 7092 §3). */
  from: string;
  to: string;
  /** A carrier through a trunk: credentials, RFC 3325 headers, codecs, call cap, failover (trunk/trunk-dial.ts). */
  trunk?: TrunkLegPlan;
  /** More headers of the INVITE (e.g. Call-Info: answer-after=0). */
  headers?: ReadonlyArray<[string, string]>;
}

/**
 * The callee's side: the UAC of an INVITE we send to one registered contact (RFC 3261 §13.2). Early media comes
 * from 18x with SDP; the 2xx is ACKed (§13.2.2.4); CANCEL only after a provisional response (§9.1).
 */
export class OutboundLeg extends Leg {
  readonly callId = newCallId();
  readonly localTag = newTag();
  private invite: SipRequest | null = null;
  private inviteTx: ClientTransaction | null = null;
  private provisional = false;
  private cancelWanted = false;
  /** CSeq of the INVITE in flight (2 after answering a trunk's challenge). */
  private inviteSeq = 1;
  private authAnswered = false;
  private releaseTrunk: (() => void) | null = null;
  /** Early dialogs made by 1xx with a To tag (RFC 3261 §12.1.2), by id: more than one when a proxy forks. */
  private readonly early = new Map<string, Dialog>();

  constructor(
    ctx: SwitchContext,
    readonly target: OutboundTarget,
    private readonly dialListener: DialListener,
    logger: SwitchLogger,
  ) {
    super(ctx, LegRole.Callee, target.contact, target.extension, target.flow, dialListener, logger);
  }

  /** Opens the RTP session and sends the INVITE with our offer. */
  async start(preferred: G711Law | undefined): Promise<void> {
    const trunk = this.target.trunk;
    if (trunk) {
      this.releaseTrunk = trunk.acquire();
      if (!this.releaseTrunk) {
        // The trunk is at its call cap: a local 503, which fails over to the next trunk.
        this.finalStatus = 503;
        queueMicrotask(() => this.fail(503));
        return;
      }
    }
    // A phone registered over a WebSocket is a browser: WebRTC media (ADR 0024).
    const browser =
      !trunk && (this.flow.protocol === TransportProtocol.Ws || this.flow.protocol === TransportProtocol.Wss);
    const webrtc = browser ? await WebRtcSession.offer(this.ctx.webrtc) : null;
    if (webrtc) this.useWebRtc(webrtc.session);
    const session = webrtc ? null : await this.openSession();
    const uri = parseUri(this.target.contact);
    if (!uri) throw new Error(`bad contact ${this.target.contact}`);
    const req = new SipRequest('INVITE', uri);
    req.append('max-forwards', '70');
    req.append('from', `${this.target.from};tag=${this.localTag}`);
    req.append('to', this.target.to);
    req.append('call-id', this.callId);
    req.append('cseq', '1 INVITE');
    req.append('contact', `<${this.ctx.stack.contactUri(this.flow.protocol)}>`);
    req.append('allow', DIALOG_ALLOW);
    for (const [name, value] of [...(trunk?.headers ?? []), ...(this.target.headers ?? [])]) {
      req.append(name.toLowerCase(), value);
    }
    const sdp = webrtc
      ? webrtc.sdp
      : trunk && session
        ? buildAudioOffer({
            address: this.ctx.mediaAddress,
            port: session.port,
            codecs: trunk.codecs,
            telephoneEvent: trunk.telephoneEvent,
            sessionId: this.sdpSessionId,
            sessionVersion: '1',
          }).serialize()
        : offerSdp(this.ctx.mediaAddress, session?.port ?? 0, preferred, undefined, this.sdpSessionId, 1);
    req.body = Buffer.from(sdp);
    req.set('content-type', SDP);
    this.sendInvite(req);
  }

  private sendInvite(req: SipRequest): void {
    this.invite = req;
    this.inviteTx = this.ctx.stack.request(req, this.flow, {
      onResponse: (res) => {
        if (req === this.invite) this.onResponse(res);
      },
      onTimeout: () => this.fail(408),
      onTransportError: () => this.fail(503),
    });
  }

  /**
   * A trunk's 401/407 (RFC 3261 §22.2): the transaction ACKed it (§17.1.1.3); the INVITE goes again with the next
   * CSeq, a new branch and credentials for the challenge's realm. Once: a second challenge is a failure.
   */
  private answerChallenge(res: SipResponse): boolean {
    const creds = this.target.trunk?.credentials;
    const invite = this.invite;
    if (!creds || !invite || this.authAnswered || this.cancelWanted || this.isEnded) return false;
    const proxy = res.status === 407;
    const challenge = pickChallenge(res.getAll(proxy ? 'proxy-authenticate' : 'www-authenticate'));
    if (!challenge) return false;
    this.authAnswered = true;
    const req = new SipRequest('INVITE', invite.uri);
    for (const h of invite.headers) if (h.key !== 'via' && h.key !== 'cseq') req.append(h.key, h.value);
    this.inviteSeq += 1;
    req.set('cseq', `${this.inviteSeq} INVITE`);
    const authorization = createDigestAuthorization(challenge, {
      username: creds.username,
      password: creds.password,
      method: 'INVITE',
      uri: this.target.contact,
    });
    req.append(proxy ? 'proxy-authorization' : 'authorization', authorization);
    req.body = invite.body;
    this.provisional = false;
    this.inviteTx?.detach();
    this.sendInvite(req);
    return true;
  }

  override record(): LegRecordData {
    const trunk = this.target.trunk;
    return trunk ? { ...super.record(), trunkId: trunk.trunkId } : super.record();
  }

  private fail(status: number): void {
    if (this.isEnded || this.isAnswered) return;
    this.finish(status);
    this.dialListener.onFailure(this, status);
  }

  private applyAnswer(res: SipResponse): boolean {
    if (this.webrtc) {
      const media = res.body.length > 0 ? this.webrtc.accept(res.body.toString('utf8')) : null;
      if (media) this.media = media;
      return media !== null;
    }
    const sdp = parseSdp(res.body);
    const audio = sdp ? remoteAudio(sdp) : undefined;
    if (!audio || !this.session) return false;
    this.media = legMediaOf(audio);
    updateRemote(this.session, audio.remoteRtp, audio.remoteRtcp);
    return true;
  }

  private onResponse(res: SipResponse): void {
    const invite = this.invite;
    if (!invite) return;
    const status = res.status;
    if (status < 200) {
      if (status === 100) return;
      if (this.cancelWanted && !this.provisional) {
        this.provisional = true;
        this.sendCancel();
        return;
      }
      this.provisional = true;
      if (this.isEnded) return;
      this.trackEarlyDialog(invite, res);
      const early = this.applyAnswer(res);
      if (this.state === LegState.New) this.state = LegState.Early;
      this.dialListener.onProgress(this, status, early);
      return;
    }
    if (status < 300) {
      const dialog = Dialog.fromUac(invite, res);
      if (!dialog) return;
      // Retransmitted 2xx (RFC 6026 §7.2): ACK again.
      if (this.dialog && this.dialog.id === dialog.id) {
        this.ctx.stack.ack(this.dialog.createAck(this.inviteSeq), this.flow);
        return;
      }
      this.ctx.stack.ack(dialog.createAck(this.inviteSeq), this.flow);
      if (this.isEnded || this.isAnswered || this.cancelWanted) {
        // A 2xx after we gave up (or a second fork's 2xx): ACK and BYE it (RFC 3261 §15).
        this.ctx.stack.request(dialog.createRequest('BYE'), this.flow, { onResponse: () => {} });
        this.finish(487);
        return;
      }
      this.dropEarlyDialogs();
      this.dialog = dialog;
      this.ctx.dialogs.set(dialog.id, this);
      this.applyAnswer(res);
      this.state = LegState.Answered;
      this.answeredAt = new Date();
      this.finalStatus = 200;
      this.dialListener.onAnswer(this);
      return;
    }
    if ((status === 401 || status === 407) && this.answerChallenge(res)) return;
    this.finalStatus = status;
    this.fail(status);
  }

  private trackEarlyDialog(invite: SipRequest, res: SipResponse): void {
    const d = Dialog.fromUac(invite, res);
    if (!d || this.early.has(d.id)) return;
    this.early.set(d.id, d);
    this.ctx.dialogs.set(d.id, this);
  }

  private dropEarlyDialogs(): void {
    for (const id of this.early.keys()) if (this.ctx.dialogs.get(id) === this) this.ctx.dialogs.delete(id);
    this.early.clear();
  }

  private sendCancel(): void {
    if (!this.invite) return;
    this.ctx.stack.request(createCancel(this.invite), this.flow, { onResponse: () => {} });
  }

  /** CANCEL the pending INVITE (sent once a provisional response arrived, RFC 3261 §9.1). */
  cancel(): void {
    if (this.isAnswered || this.isEnded || this.cancelWanted) return;
    this.cancelWanted = true;
    // Without a provisional response yet, the CANCEL goes out when one arrives (onResponse).
    if (this.provisional) this.sendCancel();
    this.finalStatus = 487;
    this.finish(487);
  }

  async answer(): Promise<void> {
    // An outgoing leg is answered by the far end.
  }

  hangup(_cause: HangupCause): void {
    if (this.isEnded) return;
    if (!this.isAnswered) {
      this.cancel();
      return;
    }
    const dialog = this.dialog;
    this.finish(this.finalStatus);
    if (!dialog) return;
    this.ctx.dialogs.delete(dialog.id);
    this.ctx.stack.request(dialog.createRequest('BYE'), this.flow, { onResponse: () => {} });
  }

  /** Ends the leg; its INVITE transaction lives on for 2xx retransmissions (32 s) without holding the call. */
  protected override finish(status: number | null): void {
    super.finish(status);
    this.releaseTrunk?.();
    this.releaseTrunk = null;
    this.dropEarlyDialogs();
    this.inviteTx?.detach();
    this.inviteTx = null;
  }

  onDialogRequest(request: SipRequest, tx: ServerTransaction | null, _flow: Flow): void {
    const id = dialogIdOfRequest(request);
    const dialog = this.dialog ?? (id ? this.early.get(id) : undefined);
    if (request.method === 'ACK') {
      // The ACK of a re-INVITE of theirs: with our offer in the 2xx, it carries the answer.
      if (dialog === this.dialog) this.takeAckAnswer(request);
      return;
    }
    if (!tx) return;
    if (!dialog?.receiveRequest(request)) {
      tx.respond(createResponse(request, dialog ? 500 : 481));
      return;
    }
    if (!this.dialog) {
      // Early dialog: UPDATE and INFO (RFC 3311, RFC 6086); a BYE (§15: not the callee's to send) is just answered.
      if (request.method === 'UPDATE') this.onUpdate(request, tx);
      else if (request.method === 'INFO') this.onInfo(request, tx);
      else tx.respond(createResponse(request, request.method === 'INVITE' ? 500 : 200));
      return;
    }
    switch (request.method) {
      case 'UPDATE':
        this.onUpdate(request, tx);
        return;
      case 'BYE':
        tx.respond(createResponse(request, 200));
        this.ctx.dialogs.delete(dialog.id);
        this.finish(this.finalStatus);
        this.dialListener.onRemoteHangup(this, null);
        return;
      case 'INFO':
        this.onInfo(request, tx);
        return;
      case 'INVITE':
        if (!this.refusedForGlare(request, tx)) this.dialListener.onReinvite(this, request, tx);
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
