import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRequest, isResponse, type SipRequest, type SipResponse } from '../message/message.ts';
import { parseMessage } from '../message/parser.ts';
import { createResponse } from '../message/response.ts';
import { createVia } from '../message/via.ts';
import type { Destination, Flow } from '../transport/types.ts';
import { createCancel } from './requests.ts';
import { TransactionState } from './transaction.ts';
import { type ServerTransaction, TransactionLayer } from './transaction-layer.ts';

const UDP_FLOW: Flow = {
  protocol: 'UDP',
  localAddress: '127.0.0.1',
  localPort: 5060,
  remoteAddress: '127.0.0.1',
  remotePort: 5070,
};
const TCP_FLOW: Flow = { ...UDP_FLOW, protocol: 'TCP', connectionId: 'c1' };
const UDP_DEST: Destination = { protocol: 'UDP', host: '127.0.0.1', port: 5070 };

function request(method: string, branch = 'z9hG4bKtest1', extra = ''): SipRequest {
  const text = [
    `${method} sip:bob@example.com SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:5070;branch=${branch}`,
    'Max-Forwards: 70',
    'From: <sip:alice@example.com>;tag=a1',
    `To: <sip:bob@example.com>${extra}`,
    'Call-ID: call-1',
    `CSeq: 1 ${method}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const r = parseMessage(Buffer.from(text));
  if (!r.ok || !isRequest(r.message)) throw new Error('bad fixture');
  return r.message;
}

function setup(autoTryingMs: number | null = 200) {
  const sentRequests: SipRequest[] = [];
  const sentResponses: SipResponse[] = [];
  const received: Array<{ request: SipRequest; tx: ServerTransaction | null }> = [];
  const stray: SipResponse[] = [];
  const layer = new TransactionLayer({
    sendRequest: async (r) => {
      sentRequests.push(r);
    },
    sendResponse: async (r) => {
      sentResponses.push(r);
    },
    onRequest: (req, tx) => received.push({ request: req, tx }),
    onStrayResponse: (r) => stray.push(r),
    createVia: (dest, branch) => createVia(dest.protocol, '127.0.0.1', 5060, branch),
    autoTryingMs,
  });
  return { layer, sentRequests, sentResponses, received, stray };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('INVITE client transaction (RFC 3261 §17.1.1)', () => {
  it('retransmits with Timer A doubling and times out with Timer B', () => {
    const { layer, sentRequests } = setup();
    const onTimeout = vi.fn();
    layer.sendRequest(request('INVITE'), UDP_DEST, { onResponse: vi.fn(), onTimeout });
    expect(sentRequests).toHaveLength(1);
    vi.advanceTimersByTime(500);
    expect(sentRequests).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(sentRequests).toHaveLength(3);
    vi.advanceTimersByTime(2000);
    expect(sentRequests).toHaveLength(4);
    vi.advanceTimersByTime(32000 - 3500 - 1);
    expect(onTimeout).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(layer.clientCount).toBe(0);
    // 500, 1000, 2000, 4000, 8000, 16000 → 7 transmissions before B at 32 s
    expect(sentRequests).toHaveLength(7);
  });

  it('stops retransmitting on 1xx and ACKs a non-2xx final, absorbing retransmissions (Timer D)', () => {
    const { layer, sentRequests } = setup();
    const onResponse = vi.fn();
    const invite = request('INVITE');
    const tx = layer.sendRequest(invite, UDP_DEST, { onResponse });
    layer.receiveResponse(createResponse(invite, 180, { toTag: 'b1' }), UDP_FLOW);
    expect(tx.state).toBe(TransactionState.Proceeding);
    vi.advanceTimersByTime(5000);
    expect(sentRequests).toHaveLength(1);
    const busy = createResponse(invite, 486, { toTag: 'b1' });
    layer.receiveResponse(busy, UDP_FLOW);
    expect(tx.state).toBe(TransactionState.Completed);
    const ack = sentRequests[1];
    expect(ack?.method).toBe('ACK');
    expect(ack?.cseq).toEqual({ seq: 1, method: 'ACK' });
    expect(ack?.to?.params.get('tag')).toBe('b1');
    expect(ack?.topVia?.params.get('branch')).toBe('z9hG4bKtest1');
    layer.receiveResponse(busy, UDP_FLOW);
    expect(sentRequests).toHaveLength(3);
    expect(onResponse).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(32000);
    expect(tx.state).toBe(TransactionState.Terminated);
  });

  it('enters Accepted on 2xx and passes further 2xx to the TU until Timer M (RFC 6026)', () => {
    const { layer, stray } = setup();
    const onResponse = vi.fn();
    const invite = request('INVITE');
    const tx = layer.sendRequest(invite, UDP_DEST, { onResponse });
    const ok = createResponse(invite, 200, { toTag: 'b1' });
    layer.receiveResponse(ok, UDP_FLOW);
    layer.receiveResponse(ok, UDP_FLOW);
    expect(tx.state).toBe(TransactionState.Accepted);
    expect(onResponse).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(32000);
    expect(tx.state).toBe(TransactionState.Terminated);
    layer.receiveResponse(ok, UDP_FLOW);
    expect(stray).toHaveLength(1);
  });

  it('after detach() keeps absorbing 2xx in Accepted without calling the TU that ended', () => {
    const { layer } = setup();
    const onResponse = vi.fn();
    const invite = request('INVITE');
    const tx = layer.sendRequest(invite, UDP_DEST, { onResponse });
    const ok = createResponse(invite, 200, { toTag: 'b1' });
    layer.receiveResponse(ok, UDP_FLOW);
    tx.detach();
    layer.receiveResponse(ok, UDP_FLOW);
    expect(onResponse).toHaveBeenCalledTimes(1);
    expect(tx.state).toBe(TransactionState.Accepted);
  });
});

describe('non-INVITE client transaction (RFC 3261 §17.1.2)', () => {
  it('retransmits with Timer E capped at T2 and times out with Timer F', () => {
    const { layer, sentRequests } = setup();
    const onTimeout = vi.fn();
    layer.sendRequest(request('OPTIONS'), UDP_DEST, { onResponse: vi.fn(), onTimeout });
    // E: 500, 1000, 2000, 4000, 4000, ... (cumulative 500, 1500, 3500, 7500, 11500, ...)
    vi.advanceTimersByTime(7500);
    expect(sentRequests).toHaveLength(5);
    vi.advanceTimersByTime(4000);
    expect(sentRequests).toHaveLength(6);
    vi.advanceTimersByTime(32000 - 11500);
    expect(onTimeout).toHaveBeenCalledOnce();
  });

  it('does not retransmit over TCP and terminates at once on a final response', () => {
    const { layer, sentRequests } = setup();
    const onResponse = vi.fn();
    const options = request('OPTIONS');
    const tx = layer.sendRequest(options, { ...UDP_DEST, protocol: 'TCP' }, { onResponse });
    vi.advanceTimersByTime(10000);
    expect(sentRequests).toHaveLength(1);
    layer.receiveResponse(createResponse(options, 200), TCP_FLOW);
    expect(tx.state).toBe(TransactionState.Terminated);
    expect(onResponse).toHaveBeenCalledOnce();
  });

  it('in Proceeding retransmits every T2 and keeps Timer K after the final', () => {
    const { layer, sentRequests } = setup();
    const options = request('OPTIONS');
    const tx = layer.sendRequest(options, UDP_DEST, { onResponse: vi.fn() });
    layer.receiveResponse(createResponse(options, 100), UDP_FLOW);
    vi.advanceTimersByTime(500);
    expect(sentRequests).toHaveLength(2);
    vi.advanceTimersByTime(4000);
    expect(sentRequests).toHaveLength(3);
    layer.receiveResponse(createResponse(options, 200), UDP_FLOW);
    expect(tx.state).toBe(TransactionState.Completed);
    vi.advanceTimersByTime(5000);
    expect(tx.state).toBe(TransactionState.Terminated);
  });
});

describe('INVITE server transaction (RFC 3261 §17.2.1)', () => {
  it('sends 100 Trying after 200 ms and resends it on retransmission', () => {
    const { layer, sentResponses, received } = setup();
    layer.receiveRequest(request('INVITE'), UDP_FLOW);
    expect(received).toHaveLength(1);
    vi.advanceTimersByTime(200);
    expect(sentResponses.map((r) => r.status)).toEqual([100]);
    layer.receiveRequest(request('INVITE'), UDP_FLOW);
    expect(received).toHaveLength(1);
    expect(sentResponses.map((r) => r.status)).toEqual([100, 100]);
  });

  it('retransmits a non-2xx final with Timer G until ACK, then Timer I', () => {
    const { layer, sentResponses, received } = setup(null);
    const invite = request('INVITE');
    layer.receiveRequest(invite, UDP_FLOW);
    const tx = received[0]?.tx;
    if (!tx) throw new Error('no tx');
    tx.respond(createResponse(invite, 486, { toTag: 'b1' }));
    vi.advanceTimersByTime(500);
    vi.advanceTimersByTime(1000);
    expect(sentResponses).toHaveLength(3);
    layer.receiveRequest(request('ACK', 'z9hG4bKtest1', ';tag=b1'), UDP_FLOW);
    expect(tx.state).toBe(TransactionState.Confirmed);
    expect(received).toHaveLength(1);
    vi.advanceTimersByTime(4000);
    expect(sentResponses).toHaveLength(3);
    vi.advanceTimersByTime(1000);
    expect(tx.state).toBe(TransactionState.Terminated);
    expect(layer.serverCount).toBe(0);
  });

  it('reports Timer H when no ACK arrives, with G capped at T2', () => {
    const { layer, sentResponses, received } = setup(null);
    const invite = request('INVITE');
    layer.receiveRequest(invite, UDP_FLOW);
    const tx = received[0]?.tx;
    if (!tx) throw new Error('no tx');
    const onTimeout = vi.fn();
    tx.user = { onTimeout };
    tx.respond(createResponse(invite, 480));
    vi.advanceTimersByTime(32000);
    expect(onTimeout).toHaveBeenCalledOnce();
    // G: 500, 1000, 2000, 4000, 4000 ... → sends at 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5 s
    expect(sentResponses).toHaveLength(11);
  });

  it('enters Accepted on 2xx, absorbs retransmissions, hands the 2xx ACK to the TU', () => {
    const { layer, sentResponses, received } = setup(null);
    const invite = request('INVITE');
    layer.receiveRequest(invite, UDP_FLOW);
    const tx = received[0]?.tx;
    if (!tx) throw new Error('no tx');
    tx.respond(createResponse(invite, 200, { toTag: 'b1' }));
    expect(tx.state).toBe(TransactionState.Accepted);
    layer.receiveRequest(request('INVITE'), UDP_FLOW);
    expect(sentResponses).toHaveLength(1);
    layer.receiveRequest(request('ACK', 'z9hG4bKother', ';tag=b1'), UDP_FLOW);
    expect(received[1]?.request.method).toBe('ACK');
    expect(received[1]?.tx).toBeNull();
    vi.advanceTimersByTime(32000);
    expect(tx.state).toBe(TransactionState.Terminated);
  });

  it('matches RFC 2543 requests and ACKs without the magic cookie', () => {
    const { layer, received } = setup(null);
    const invite = request('INVITE', 'old2543');
    layer.receiveRequest(invite, UDP_FLOW);
    layer.receiveRequest(request('INVITE', 'old2543'), UDP_FLOW);
    expect(received).toHaveLength(1);
    const tx = received[0]?.tx;
    if (!tx) throw new Error('no tx');
    tx.respond(createResponse(invite, 404, { toTag: 'x9' }));
    layer.receiveRequest(request('ACK', 'old2543', ';tag=x9'), UDP_FLOW);
    expect(tx.state).toBe(TransactionState.Confirmed);
  });

  it('finds the INVITE a CANCEL refers to (§9.2)', () => {
    const { layer, received } = setup(null);
    const invite = request('INVITE');
    layer.receiveRequest(invite, UDP_FLOW);
    const cancel = createCancel(invite);
    layer.receiveRequest(cancel, UDP_FLOW);
    expect(received[1]?.request.method).toBe('CANCEL');
    expect(layer.findInviteForCancel(cancel)).toBe(received[0]?.tx);
  });
});

describe('non-INVITE server transaction (RFC 3261 §17.2.2)', () => {
  it('absorbs retransmissions in Trying, resends the final in Completed until Timer J', () => {
    const { layer, sentResponses, received } = setup();
    const options = request('OPTIONS');
    layer.receiveRequest(options, UDP_FLOW);
    layer.receiveRequest(request('OPTIONS'), UDP_FLOW);
    expect(sentResponses).toHaveLength(0);
    const tx = received[0]?.tx;
    if (!tx) throw new Error('no tx');
    tx.respond(createResponse(options, 200));
    layer.receiveRequest(request('OPTIONS'), UDP_FLOW);
    expect(sentResponses.filter(isResponse)).toHaveLength(2);
    vi.advanceTimersByTime(32000);
    expect(tx.state).toBe(TransactionState.Terminated);
    layer.receiveRequest(request('OPTIONS'), UDP_FLOW);
    expect(received).toHaveLength(2);
  });
});
