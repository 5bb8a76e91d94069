import { isRequest, type SipRequest, type SipResponse } from './message.ts';
import { serializeUri } from './uri.ts';

/**
 * Serializes a message (RFC 3261 §7). Content-Length always reflects the body actually sent
 * (§18.3 requires it on streams; sending it on UDP too is harmless), replacing any stale value.
 */
export function serializeMessage(msg: SipRequest | SipResponse): Buffer {
  let head = isRequest(msg)
    ? `${msg.method} ${serializeUri(msg.uri)} SIP/2.0\r\n`
    : `SIP/2.0 ${msg.status} ${msg.reason}\r\n`;
  for (const h of msg.headers) {
    if (h.key === 'content-length') continue;
    head += `${h.name}: ${h.value}\r\n`;
  }
  head += `Content-Length: ${msg.body.length}\r\n\r\n`;
  if (msg.body.length === 0) return Buffer.from(head, 'utf8');
  const headBuf = Buffer.from(head, 'utf8');
  return Buffer.concat([headBuf, msg.body], headBuf.length + msg.body.length);
}

export function messageToString(msg: SipRequest | SipResponse): string {
  return serializeMessage(msg).toString('utf8');
}
