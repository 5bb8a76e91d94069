import { parseMessage, type SipRequest } from '@hujiao/sip';

/** Builds a request from lines (CRLF added), as a phone would send it. */
export function request(lines: string[], body = ''): SipRequest {
  const text = `${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const r = parseMessage(Buffer.from(text));
  if (!r.ok || r.message.kind !== 'request') throw new Error(`bad test message: ${JSON.stringify(r)}`);
  return r.message as SipRequest;
}

export function register(user: string, domain: string, contacts: string[], extra: string[] = [], cseq = 1): SipRequest {
  return request([
    `REGISTER sip:${domain} SIP/2.0`,
    'Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bKtest1;rport',
    `From: <sip:${user}@${domain}>;tag=abc`,
    `To: <sip:${user}@${domain}>`,
    'Call-ID: reg-1@10.0.0.5',
    `CSeq: ${cseq} REGISTER`,
    'Max-Forwards: 70',
    ...contacts.map((c) => `Contact: ${c}`),
    ...extra,
  ]);
}
