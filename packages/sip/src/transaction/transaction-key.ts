import type { SipRequest, SipResponse } from '../message/message.ts';
import { serializeUri } from '../message/uri.ts';
import { BRANCH_MAGIC_COOKIE, viaSentBy } from '../message/via.ts';

/**
 * Server transaction key (RFC 3261 §17.2.3). With an RFC 3261 branch: branch + sent-by + method, ACK
 * mapping to INVITE. Without the magic cookie (RFC 2543 peers, RFC 4475 §3.2.1): Request-URI, From tag,
 * Call-ID, CSeq number, top Via and method; the ACK's To tag is compared by the layer.
 */
export function serverKey(request: SipRequest): string | null {
  const via = request.topVia;
  const cseq = request.cseq;
  if (!via || !cseq) return null;
  const method = request.method === 'ACK' ? 'INVITE' : request.method;
  const branch = via.params.get('branch') ?? '';
  if (branch.startsWith(BRANCH_MAGIC_COOKIE) && branch.length > BRANCH_MAGIC_COOKIE.length) {
    return `${branch}|${viaSentBy(via)}|${method}`;
  }
  const fromTag = request.from?.params.get('tag') ?? '';
  return `2543|${serializeUri(request.uri)}|${fromTag}|${request.callId}|${cseq.seq}|${viaSentBy(via)}|${branch}|${method}`;
}

/** Client transaction key (RFC 3261 §17.1.3): top Via branch + CSeq method. */
export function clientKey(message: SipRequest | SipResponse): string | null {
  const branch = message.topVia?.params.get('branch');
  const cseq = message.cseq;
  if (!branch || !cseq) return null;
  return `${branch}|${cseq.method === 'ACK' ? 'INVITE' : cseq.method}`;
}
