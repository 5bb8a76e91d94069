import {
  type ClientTransactionUser,
  createResponse,
  Dialog,
  type Flow,
  isSipUri,
  type ServerTransaction,
  type SipRequest,
} from '@hujiao/sip';
import type { DialogOwner } from '../context.ts';
import type { SwitchLogger } from '../types.ts';
import { eventPackage, MWI_CONTENT_TYPE, MWI_EVENT, messageSummaryBody } from './mwi-body.ts';
import type { VoicemailCounts } from './voicemail-types.ts';

export interface MwiTimers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realMwiTimers: MwiTimers = {
  now: () => Date.now(),
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface MwiDeps {
  /** Sends a request in a client transaction over the subscriber's flow. */
  send(request: SipRequest, flow: Flow, user: ClientTransactionUser): void;
  /** Our Contact for responses over this flow. */
  contactUri(flow: Flow): string;
  /** The box's counts when a subscription starts (the server's voicemail). */
  counts(tenantId: string, box: string): Promise<VoicemailCounts>;
  /** Dialogs of the switch: a subscription is one (RFC 6665 §4.1.2.1), refreshes come in it. */
  dialogs: Map<string, DialogOwner>;
  logger: SwitchLogger;
  timers?: MwiTimers;
  /** Subscription lengths (default min 60, max 3600, default 3600 s). */
  minExpires?: number;
  maxExpires?: number;
  defaultExpires?: number;
}

/** Who sent the SUBSCRIBE (digest-authenticated). */
export interface MwiSubscriber {
  tenantId: string;
  realm: string;
  extension: string;
}

interface Subscription extends DialogOwner {
  tenantId: string;
  box: string;
  account: string;
  dialog: Dialog;
  flow: Flow;
  expiresAt: number;
  timer: unknown;
}

function parseExpires(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value.trim());
}

/** The user part a SUBSCRIBE names: Request-URI user, else To user. */
function subscribedUser(req: SipRequest): string | null {
  const ruri = req.uri;
  if (isSipUri(ruri) && ruri.user) return decodeURIComponent(ruri.user);
  const to = req.to?.uri;
  return to && isSipUri(to) && to.user ? decodeURIComponent(to.user) : null;
}

/**
 * Message-waiting subscriptions (RFC 3842 over RFC 6665) of extensions to their own voicemail box: a SUBSCRIBE
 * gets 200 with Expires and an immediate NOTIFY; a refresh in the dialog another; `changed` NOTIFYs every
 * subscriber of a box; Expires: 0 or the end of the subscription sends a terminating NOTIFY.
 */
export class MwiSubscriptions {
  private readonly subs = new Set<Subscription>();
  private readonly timers: MwiTimers;
  private readonly min: number;
  private readonly max: number;
  private readonly def: number;

  constructor(private readonly d: MwiDeps) {
    this.timers = d.timers ?? realMwiTimers;
    this.min = d.minExpires ?? 60;
    this.max = d.maxExpires ?? 3600;
    this.def = d.defaultExpires ?? 3600;
  }

  get size(): number {
    return this.subs.size;
  }

  /** Subscriptions of one box (for tests and status). */
  of(tenantId: string, box: string): number {
    let n = 0;
    for (const s of this.subs) if (s.tenantId === tenantId && s.box === box) n++;
    return n;
  }

  /** A new SUBSCRIBE (no To tag) from an authenticated extension. */
  async subscribe(req: SipRequest, tx: ServerTransaction, flow: Flow, who: MwiSubscriber): Promise<void> {
    if (eventPackage(req.get('event')) !== MWI_EVENT) {
      tx.respond(createResponse(req, 489, { headers: [['Allow-Events', MWI_EVENT]] }));
      return;
    }
    const box = subscribedUser(req);
    if (box !== who.extension) {
      this.d.logger.info(
        { tenantId: who.tenantId, by: who.extension, box },
        'MWI: subscription to another box refused',
      );
      tx.respond(createResponse(req, 403, { reason: 'Forbidden (not your mailbox)' }));
      return;
    }
    const expires = this.expiresOf(req);
    if (expires === 'tooBrief') {
      tx.respond(createResponse(req, 423, { headers: [['Min-Expires', String(this.min)]] }));
      return;
    }
    const res = createResponse(req, 200, {
      headers: [
        ['Contact', `<${this.d.contactUri(flow)}>`],
        ['Expires', String(expires)],
      ],
    });
    const dialog = Dialog.fromUas(req, res);
    if (!dialog) {
      tx.respond(createResponse(req, 400, { reason: 'Bad Request (no From tag)' }));
      return;
    }
    tx.respond(res);
    const sub: Subscription = {
      tenantId: who.tenantId,
      box,
      account: `sip:${box}@${who.realm}`,
      dialog,
      flow,
      expiresAt: this.timers.now() + expires * 1000,
      timer: null,
      onDialogRequest: (r, t, f) => this.inDialog(sub, r, t, f),
    };
    const counts = await this.countsOf(sub);
    if (expires === 0) {
      // A fetch (RFC 6665 §4.4.3): one NOTIFY with the state, terminated.
      this.notify(sub, counts, 'terminated;reason=timeout');
      return;
    }
    this.subs.add(sub);
    this.d.dialogs.set(dialog.id, sub);
    this.arm(sub);
    this.d.logger.debug({ tenantId: sub.tenantId, box, expires }, 'MWI: subscribed');
    this.notify(sub, counts);
  }

  /** The counts of a box changed: every subscriber of it gets a NOTIFY. */
  changed(tenantId: string, box: string, counts: VoicemailCounts): void {
    for (const s of this.subs) if (s.tenantId === tenantId && s.box === box) this.notify(s, counts);
  }

  /** Ends every subscription (the switch stops): terminating NOTIFYs, best effort. */
  close(): void {
    for (const s of [...this.subs]) this.end(s, 'terminated;reason=noresource', { new: 0, old: 0 }, false);
  }

  private expiresOf(req: SipRequest): number | 'tooBrief' {
    const asked = parseExpires(req.get('expires')) ?? this.def;
    if (asked === 0) return 0;
    if (asked < this.min) return 'tooBrief';
    return Math.min(asked, this.max);
  }

  private async countsOf(sub: Subscription): Promise<VoicemailCounts> {
    try {
      return await this.d.counts(sub.tenantId, sub.box);
    } catch (err) {
      this.d.logger.warn({ err: String(err), box: sub.box }, 'MWI: counts not known');
      return { new: 0, old: 0 };
    }
  }

  private inDialog(sub: Subscription, req: SipRequest, tx: ServerTransaction | null, flow: Flow): void {
    if (!tx) return;
    if (req.method !== 'SUBSCRIBE') {
      tx.respond(createResponse(req, 405, { headers: [['Allow', 'SUBSCRIBE, NOTIFY']] }));
      return;
    }
    if (!sub.dialog.receiveRequest(req)) {
      tx.respond(createResponse(req, 500, { reason: 'Server Internal Error (CSeq out of order)' }));
      return;
    }
    const expires = this.expiresOf(req);
    if (expires === 'tooBrief') {
      tx.respond(createResponse(req, 423, { headers: [['Min-Expires', String(this.min)]] }));
      return;
    }
    sub.flow = flow;
    tx.respond(createResponse(req, 200, { headers: [['Expires', String(expires)]] }));
    void this.countsOf(sub).then((counts) => {
      if (expires === 0) {
        this.d.logger.debug({ tenantId: sub.tenantId, box: sub.box }, 'MWI: unsubscribed');
        this.end(sub, 'terminated;reason=timeout', counts, true);
        return;
      }
      sub.expiresAt = this.timers.now() + expires * 1000;
      this.arm(sub);
      this.notify(sub, counts);
    });
  }

  private arm(sub: Subscription): void {
    if (sub.timer !== null) this.timers.clear(sub.timer);
    const ms = Math.max(0, sub.expiresAt - this.timers.now());
    sub.timer = this.timers.set(() => {
      sub.timer = null;
      this.d.logger.debug({ tenantId: sub.tenantId, box: sub.box }, 'MWI: subscription expired');
      void this.countsOf(sub).then((counts) => this.end(sub, 'terminated;reason=timeout', counts, true));
    }, ms);
  }

  private end(sub: Subscription, state: string, counts: VoicemailCounts, send: boolean): void {
    if (sub.timer !== null) this.timers.clear(sub.timer);
    sub.timer = null;
    this.subs.delete(sub);
    this.d.dialogs.delete(sub.dialog.id);
    if (send) this.notify(sub, counts, state);
  }

  private notify(sub: Subscription, counts: VoicemailCounts, state?: string): void {
    const left = Math.max(0, Math.round((sub.expiresAt - this.timers.now()) / 1000));
    const req = sub.dialog.createRequest('NOTIFY', {
      headers: [
        ['Event', MWI_EVENT],
        ['Subscription-State', state ?? `active;expires=${left}`],
      ],
      body: messageSummaryBody(sub.account, counts),
      contentType: MWI_CONTENT_TYPE,
    });
    this.d.send(req, sub.flow, {
      onResponse: (res) => {
        if (res.status >= 200) sub.dialog.receiveResponse(res, 'NOTIFY');
        // RFC 6665 §4.2.2: 481 (or another failure) to a NOTIFY ends the subscription.
        if (res.status >= 300 && this.subs.has(sub)) this.end(sub, '', counts, false);
      },
      onTimeout: () => {
        if (this.subs.has(sub)) this.end(sub, '', counts, false);
      },
    });
  }
}
