import { SipRequest, type SipResponse } from '../message/message.ts';
import { cloneUri } from '../message/uri.ts';

function copyHeaders(from: SipRequest, to: SipRequest, keys: readonly string[]): void {
  for (const h of from.headers) if (keys.includes(h.key)) to.headers.push({ ...h });
}

function topViaOnly(from: SipRequest, to: SipRequest): void {
  const via = from.getAll('via')[0];
  if (via !== undefined) to.append('via', via);
}

/**
 * ACK for a non-2xx final response, sent by the INVITE client transaction (RFC 3261 §17.1.1.3):
 * same Request-URI, Call-ID, From, CSeq number and top Via as the INVITE, To from the response, same Route set.
 */
export function createAckForNon2xx(invite: SipRequest, response: SipResponse): SipRequest {
  const ack = new SipRequest('ACK', cloneUri(invite.uri));
  topViaOnly(invite, ack);
  ack.append('max-forwards', '70');
  copyHeaders(invite, ack, ['from', 'call-id']);
  const to = response.get('to');
  if (to !== undefined) ack.append('to', to);
  ack.append('cseq', `${invite.cseq?.seq ?? 0} ACK`);
  copyHeaders(invite, ack, ['route']);
  return ack;
}

/** CANCEL for a pending request (RFC 3261 §9.1): same branch, Request-URI, Call-ID, To, From, CSeq number, Route. */
export function createCancel(request: SipRequest, reason?: string): SipRequest {
  const cancel = new SipRequest('CANCEL', cloneUri(request.uri));
  topViaOnly(request, cancel);
  cancel.append('max-forwards', '70');
  copyHeaders(request, cancel, ['from', 'to', 'call-id']);
  cancel.append('cseq', `${request.cseq?.seq ?? 0} CANCEL`);
  copyHeaders(request, cancel, ['route']);
  if (reason) cancel.append('reason', reason);
  return cancel;
}
