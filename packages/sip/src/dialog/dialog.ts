import { SipRequest, type SipResponse } from '../message/message.ts';
import { type NameAddr, serializeNameAddr } from '../message/name-addr.ts';
import { cloneUri, isSipUri, type Uri } from '../message/uri.ts';

export const DialogState = {
  Early: 'early',
  Confirmed: 'confirmed',
  Terminated: 'terminated',
} as const;
export type DialogState = (typeof DialogState)[keyof typeof DialogState];

/** Methods whose requests and 2xx responses refresh the remote target (RFC 3261 §12.2, RFC 3311, RFC 6665). */
const TARGET_REFRESH = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER']);

export interface InDialogRequestOptions {
  body?: Buffer | string;
  contentType?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
}

interface DialogInit {
  state: DialogState;
  callId: string;
  localTag: string;
  remoteTag: string;
  localUri: NameAddr;
  remoteUri: NameAddr;
  localSeq: number | null;
  remoteSeq: number | null;
  remoteTarget: Uri;
  routeSet: NameAddr[];
  secure: boolean;
  localContact: NameAddr | null;
}

function withoutTag(value: NameAddr): NameAddr {
  const params = new Map(value.params);
  params.delete('tag');
  return { ...value, params };
}

function contactUri(msg: SipRequest | SipResponse): Uri | null {
  const contacts = msg.contacts;
  return Array.isArray(contacts) && contacts[0] ? contacts[0].uri : null;
}

/** A dialog (RFC 3261 §12): identifiers, sequence numbers, route set and remote target. */
export class Dialog implements DialogInit {
  state: DialogState;
  callId: string;
  localTag: string;
  remoteTag: string;
  localUri: NameAddr;
  remoteUri: NameAddr;
  localSeq: number | null;
  remoteSeq: number | null;
  remoteTarget: Uri;
  routeSet: NameAddr[];
  secure: boolean;
  localContact: NameAddr | null;

  private constructor(init: DialogInit) {
    this.state = init.state;
    this.callId = init.callId;
    this.localTag = init.localTag;
    this.remoteTag = init.remoteTag;
    this.localUri = init.localUri;
    this.remoteUri = init.remoteUri;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.secure = init.secure;
    this.localContact = init.localContact;
  }

  /** Dialog id as one string: Call-ID, local tag, remote tag (§12). */
  get id(): string {
    return dialogId(this.callId, this.localTag, this.remoteTag);
  }

  /**
   * UAC side (§12.1.2), from a 1xx (early) or 2xx (confirmed) with a To tag: route set is the response's
   * Record-Route reversed, remote target its Contact, local sequence the request's CSeq.
   */
  static fromUac(request: SipRequest, response: SipResponse): Dialog | null {
    const from = request.from;
    const to = response.to;
    const remoteTag = to?.params.get('tag');
    const localTag = from?.params.get('tag');
    if (!from || !to || !remoteTag || !localTag || response.status < 101 || response.status >= 300) return null;
    const target = contactUri(response);
    const rr = response.routes('record-route') ?? [];
    return new Dialog({
      state: response.status < 200 ? DialogState.Early : DialogState.Confirmed,
      callId: request.callId,
      localTag,
      remoteTag,
      localUri: withoutTag(from),
      remoteUri: withoutTag(to),
      localSeq: request.cseq?.seq ?? 1,
      remoteSeq: null,
      remoteTarget: target ?? to.uri,
      routeSet: [...rr].reverse(),
      secure: isSipUri(request.uri) && request.uri.scheme === 'sips',
      localContact: Array.isArray(request.contacts) ? (request.contacts[0] ?? null) : null,
    });
  }

  /**
   * UAS side (§12.1.1), from the request and the 1xx/2xx sent with a To tag: route set is the request's
   * Record-Route in order, remote target its Contact, remote sequence its CSeq.
   */
  static fromUas(request: SipRequest, response: SipResponse): Dialog | null {
    const from = request.from;
    const to = response.to;
    const localTag = to?.params.get('tag');
    const remoteTag = from?.params.get('tag');
    if (!from || !to || !localTag || response.status < 101 || response.status >= 300) return null;
    const target = contactUri(request);
    return new Dialog({
      state: response.status < 200 ? DialogState.Early : DialogState.Confirmed,
      callId: request.callId,
      localTag,
      remoteTag: remoteTag ?? '',
      localUri: withoutTag(to),
      remoteUri: withoutTag(from),
      localSeq: null,
      remoteSeq: request.cseq?.seq ?? null,
      remoteTarget: target ?? from.uri,
      routeSet: request.routes('record-route') ?? [],
      secure: isSipUri(request.uri) && request.uri.scheme === 'sips',
      localContact: Array.isArray(response.contacts) ? (response.contacts[0] ?? null) : null,
    });
  }

  /**
   * Builds a request within the dialog (§12.2.1.1): To/From with tags, Call-ID, next local CSeq,
   * Request-URI and Route from the remote target and route set (loose or strict routing), Contact for
   * target-refresh requests. The Via is left to the transaction layer.
   */
  createRequest(method: string, options: InDialogRequestOptions = {}): SipRequest {
    this.localSeq = this.localSeq === null ? 1 : this.localSeq + 1;
    return this.build(method, this.localSeq, options);
  }

  /** ACK for a 2xx to an INVITE (§13.2.2.4): CSeq number of the INVITE, built like an in-dialog request. */
  createAck(inviteSeq: number, options: InDialogRequestOptions = {}): SipRequest {
    return this.build('ACK', inviteSeq, options);
  }

  private build(method: string, seq: number, options: InDialogRequestOptions): SipRequest {
    const first = this.routeSet[0];
    const strict = first !== undefined && !(isSipUri(first.uri) && first.uri.params.has('lr'));
    let routes = this.routeSet;
    let uri = cloneUri(this.remoteTarget);
    if (strict && first) {
      // §12.2.1.1: strict routing — first route becomes the Request-URI, remote target goes last.
      uri = cloneUri(first.uri);
      routes = [...this.routeSet.slice(1), { displayName: null, uri: this.remoteTarget, params: new Map() }];
    }
    const req = new SipRequest(method, uri);
    req.append('max-forwards', '70');
    req.append(
      'from',
      serializeNameAddr({ ...this.localUri, params: new Map([...this.localUri.params, ['tag', this.localTag]]) }),
    );
    const toParams = new Map(this.remoteUri.params);
    if (this.remoteTag) toParams.set('tag', this.remoteTag);
    req.append('to', serializeNameAddr({ ...this.remoteUri, params: toParams }));
    req.append('call-id', this.callId);
    req.append('cseq', `${seq} ${method}`);
    for (const r of routes) req.append('route', serializeNameAddr(r));
    if (this.localContact && (TARGET_REFRESH.has(method) || method === 'ACK')) {
      if (method !== 'ACK') req.append('contact', serializeNameAddr(this.localContact));
    }
    for (const [name, value] of options.headers ?? []) req.append(name, value);
    if (options.body !== undefined) {
      req.body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
      if (options.contentType) req.set('content-type', options.contentType);
    }
    return req;
  }

  /** URI of the next hop for an in-dialog request: the first Route, else the Request-URI (RFC 3261 §8.1.2). */
  static nextHop(request: SipRequest): Uri {
    const route = request.routes('route')?.[0];
    return route ? route.uri : request.uri;
  }

  /**
   * Checks and records a request received in the dialog (§12.2.2). Returns false when its CSeq is lower than
   * (or equal to) the remote sequence number — the UAS then answers 500. Target refreshes update the remote target.
   */
  receiveRequest(request: SipRequest): boolean {
    const seq = request.cseq?.seq;
    if (seq === undefined) return false;
    if (request.method !== 'ACK' && request.method !== 'CANCEL') {
      if (this.remoteSeq !== null && seq <= this.remoteSeq) return false;
      this.remoteSeq = seq;
    }
    if (TARGET_REFRESH.has(request.method)) {
      const target = contactUri(request);
      if (target) this.remoteTarget = target;
    }
    if (request.method === 'BYE') this.state = DialogState.Terminated;
    return true;
  }

  /**
   * Records a response to a request sent in (or creating) this dialog (§12.1.2, §12.2.1.2): a 2xx confirms an
   * early dialog, and a 2xx to a target refresh updates the remote target.
   */
  receiveResponse(response: SipResponse, method: string): void {
    if (response.status >= 200 && response.status < 300) {
      if (this.state === DialogState.Early) this.state = DialogState.Confirmed;
      if (TARGET_REFRESH.has(method)) {
        const target = contactUri(response);
        if (target) this.remoteTarget = target;
      }
    } else if (response.status === 481 || response.status === 408) {
      // §12.2.1.2: 481 or 408 to an in-dialog request terminates the dialog.
      this.state = DialogState.Terminated;
    }
  }

  terminate(): void {
    this.state = DialogState.Terminated;
  }
}

export function dialogId(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}

/** Dialog id of an incoming request as seen by the receiver: local tag is the To tag (§12.2.2). */
export function dialogIdOfRequest(request: SipRequest): string | null {
  const local = request.to?.params.get('tag');
  const remote = request.from?.params.get('tag');
  return local ? dialogId(request.callId, local, remote ?? '') : null;
}
