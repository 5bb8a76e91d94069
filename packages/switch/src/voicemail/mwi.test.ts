import {
  type ClientTransactionUser,
  type Flow,
  parseMessage,
  type ServerTransaction,
  SipRequest,
  type SipResponse,
  TransportProtocol,
} from '@hujiao/sip';
import { describe, expect, it } from 'vitest';
import type { DialogOwner } from '../context.ts';
import { silentSwitchLogger } from '../types.ts';
import { messageSummaryBody, parseMessageSummary } from './mwi-body.ts';
import { MwiSubscriptions, type MwiTimers } from './mwi-subscriptions.ts';
import type { VoicemailCounts } from './voicemail-types.ts';

const flow: Flow = {
  protocol: TransportProtocol.Udp,
  localAddress: '127.0.0.1',
  localPort: 5060,
  remoteAddress: '127.0.0.2',
  remotePort: 5070,
};

function subscribe(o: { user?: string; expires?: number; event?: string; cseq?: number; toTag?: string } = {}) {
  const user = o.user ?? '1001';
  const text = [
    `SUBSCRIBE sip:${user}@acme SIP/2.0`,
    'Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK-1;rport',
    'Max-Forwards: 70',
    'From: <sip:1001@acme>;tag=phone1',
    `To: <sip:${user}@acme>${o.toTag ? `;tag=${o.toTag}` : ''}`,
    'Call-ID: mwi-1@127.0.0.2',
    `CSeq: ${o.cseq ?? 1} SUBSCRIBE`,
    'Contact: <sip:1001@127.0.0.2:5070>',
    `Event: ${o.event ?? 'message-summary'}`,
    ...(o.expires !== undefined ? [`Expires: ${o.expires}`] : []),
    'Accept: application/simple-message-summary',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const r = parseMessage(Buffer.from(text), { framing: 'datagram' });
  if (!r.ok || !(r.message instanceof SipRequest)) throw new Error('bad test SUBSCRIBE');
  return r.message;
}

class FakeTimers implements MwiTimers {
  t = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  private seq = 0;
  now = () => this.t;
  set = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  };
  clear = (h: unknown) => {
    this.timers.delete(h as number);
  };
  advance(ms: number) {
    this.t += ms;
    for (const [id, timer] of [...this.timers]) {
      if (timer.at <= this.t) {
        this.timers.delete(id);
        timer.fn();
      }
    }
  }
  get count() {
    return this.timers.size;
  }
}

function setup(counts: VoicemailCounts = { new: 0, old: 0 }) {
  const sent: Array<{ req: SipRequest; user: ClientTransactionUser }> = [];
  const timers = new FakeTimers();
  const dialogs = new Map<string, DialogOwner>();
  const state = { counts };
  const mwi = new MwiSubscriptions({
    send: (req, _flow, user) => sent.push({ req, user }),
    contactUri: () => 'sip:hujiao@127.0.0.1:5060',
    counts: async () => state.counts,
    dialogs,
    logger: silentSwitchLogger,
    timers,
  });
  const responses: SipResponse[] = [];
  const tx = { respond: (res: SipResponse) => responses.push(res) } as unknown as ServerTransaction;
  const who = { tenantId: 't1', realm: 'acme', extension: '1001' };
  return { mwi, sent, timers, dialogs, responses, tx, who, state };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('message-summary body (RFC 3842)', () => {
  it('says yes with new messages, no without; counts new/old', () => {
    expect(messageSummaryBody('sip:1001@acme', { new: 2, old: 1 })).toBe(
      'Messages-Waiting: yes\r\nMessage-Account: sip:1001@acme\r\nVoice-Message: 2/1 (0/0)\r\n',
    );
    const none = parseMessageSummary(messageSummaryBody('sip:1001@acme', { new: 0, old: 3 }));
    expect(none).toEqual({ waiting: false, account: 'sip:1001@acme', counts: { new: 0, old: 3 } });
  });
});

describe('MWI subscriptions', () => {
  it('answers 200 with Expires and a To tag, and NOTIFYs the current state at once', async () => {
    const s = setup({ new: 1, old: 2 });
    await s.mwi.subscribe(subscribe({ expires: 600 }), s.tx, flow, s.who);
    const res = s.responses[0];
    expect(res?.status).toBe(200);
    expect(res?.get('expires')).toBe('600');
    expect(res?.to?.params.get('tag')).toBeTruthy();
    expect(s.sent).toHaveLength(1);
    const notify = s.sent[0]?.req;
    expect(notify?.method).toBe('NOTIFY');
    expect(notify?.get('event')).toBe('message-summary');
    expect(notify?.get('subscription-state')).toBe('active;expires=600');
    expect(notify?.get('content-type')).toBe('application/simple-message-summary');
    expect(notify?.to?.params.get('tag')).toBe('phone1');
    expect(notify?.from?.params.get('tag')).toBe(res?.to?.params.get('tag'));
    expect(parseMessageSummary(notify?.body.toString() ?? '')).toEqual({
      waiting: true,
      account: 'sip:1001@acme',
      counts: { new: 1, old: 2 },
    });
    expect(s.dialogs.size).toBe(1);
  });

  it("refuses another extension's box (403) and other event packages (489)", async () => {
    const s = setup();
    await s.mwi.subscribe(subscribe({ user: '1002' }), s.tx, flow, s.who);
    await s.mwi.subscribe(subscribe({ event: 'presence' }), s.tx, flow, s.who);
    expect(s.responses.map((r) => r.status)).toEqual([403, 489]);
    expect(s.sent).toHaveLength(0);
    expect(s.mwi.size).toBe(0);
  });

  it('NOTIFYs every change of the box, not of other boxes or tenants', async () => {
    const s = setup();
    await s.mwi.subscribe(subscribe(), s.tx, flow, s.who);
    s.mwi.changed('t1', '1001', { new: 1, old: 0 });
    s.mwi.changed('t1', '1002', { new: 5, old: 0 });
    s.mwi.changed('t2', '1001', { new: 5, old: 0 });
    expect(s.sent).toHaveLength(2);
    const bodies = s.sent.map((x) => parseMessageSummary(x.req.body.toString()));
    expect(bodies.map((b) => b.waiting)).toEqual([false, true]);
    const cseqs = s.sent.map((x) => x.req.cseq?.seq);
    expect(cseqs[1]).toBe((cseqs[0] ?? 0) + 1);
  });

  it('a refresh in the dialog renews the expiry; Expires: 0 ends it with a terminating NOTIFY', async () => {
    const s = setup({ new: 1, old: 0 });
    await s.mwi.subscribe(subscribe({ expires: 120 }), s.tx, flow, s.who);
    const tag = s.responses[0]?.to?.params.get('tag') ?? '';
    s.timers.advance(100_000);
    const owner = [...s.dialogs.values()][0];
    if (!owner) throw new Error('no subscription dialog');
    owner.onDialogRequest(subscribe({ expires: 120, cseq: 2, toTag: tag }), s.tx, flow);
    await flush();
    expect(s.responses[1]?.status).toBe(200);
    expect(s.sent.at(-1)?.req.get('subscription-state')).toBe('active;expires=120');
    s.timers.advance(100_000); // past the first expiry, not the renewed one
    expect(s.mwi.size).toBe(1);
    owner.onDialogRequest(subscribe({ expires: 0, cseq: 3, toTag: tag }), s.tx, flow);
    await flush();
    expect(s.responses[2]?.status).toBe(200);
    expect(s.sent.at(-1)?.req.get('subscription-state')).toBe('terminated;reason=timeout');
    expect(s.mwi.size).toBe(0);
    expect(s.dialogs.size).toBe(0);
    expect(s.timers.count).toBe(0);
  });

  it('expires without a refresh (terminating NOTIFY); a 481 to a NOTIFY ends the subscription', async () => {
    const s = setup();
    await s.mwi.subscribe(subscribe({ expires: 60 }), s.tx, flow, s.who);
    s.timers.advance(60_000);
    await flush();
    expect(s.sent.at(-1)?.req.get('subscription-state')).toBe('terminated;reason=timeout');
    expect(s.mwi.size).toBe(0);

    await s.mwi.subscribe(subscribe({ expires: 3600 }), s.tx, flow, s.who);
    expect(s.mwi.size).toBe(1);
    const last = s.sent.at(-1);
    const res = { status: 481, get: () => null } as unknown as SipResponse;
    last?.user.onResponse(res);
    expect(s.mwi.size).toBe(0);
  });

  it('Expires below the minimum gets 423; Expires: 0 on a new SUBSCRIBE is a fetch', async () => {
    const s = setup({ new: 3, old: 0 });
    await s.mwi.subscribe(subscribe({ expires: 10 }), s.tx, flow, s.who);
    expect(s.responses[0]?.status).toBe(423);
    expect(s.responses[0]?.get('min-expires')).toBe('60');
    await s.mwi.subscribe(subscribe({ expires: 0 }), s.tx, flow, s.who);
    expect(s.responses[1]?.status).toBe(200);
    expect(s.sent).toHaveLength(1);
    expect(s.sent[0]?.req.get('subscription-state')).toBe('terminated;reason=timeout');
    expect(s.mwi.size).toBe(0);
  });
});
