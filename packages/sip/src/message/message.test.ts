import { describe, expect, it } from 'vitest';
import { isRequest, type SipRequest } from './message.ts';
import { parseNameAddr, serializeNameAddr } from './name-addr.ts';
import { parseMessage } from './parser.ts';
import { createOptionsResponse, createResponse } from './response.ts';
import { serializeMessage } from './serializer.ts';
import { splitList } from './split.ts';
import { isSipUri, parseUri, serializeUri, uriEquals } from './uri.ts';
import { parseVia, serializeVia } from './via.ts';

const OPTIONS = [
  'OPTIONS sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bKabc;rport',
  'Via: SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKdef',
  'Max-Forwards: 70',
  'From: "Alice, A." <sip:alice@example.com>;tag=111',
  'To: <sip:bob@example.com>',
  'Call-ID: abc@10.0.0.1',
  'CSeq: 1 OPTIONS',
  'Timestamp: 54',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

function req(text: string): SipRequest {
  const r = parseMessage(Buffer.from(text));
  if (!r.ok || !isRequest(r.message)) throw new Error(r.ok ? 'not a request' : r.error.message);
  return r.message;
}

describe('SIP URI', () => {
  it('parses user, password, IPv6 host, port, params and headers and serializes back', () => {
    const text = 'sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr?subject=hi&priority=urgent';
    const uri = parseUri(text);
    expect(uri && isSipUri(uri) && [uri.user, uri.password, uri.host, uri.port]).toEqual([
      'alice',
      'secret',
      '[2001:db8::1]',
      5061,
    ]);
    expect(uri && isSipUri(uri) && [...uri.params]).toEqual([
      ['transport', 'tcp'],
      ['lr', null],
    ]);
    expect(uri && serializeUri(uri)).toBe(text);
  });

  it('rejects bad hosts and ports', () => {
    expect(parseUri('sip:alice@exa mple.com')).toBeNull();
    expect(parseUri('sip:alice@example.com:70000')).toBeNull();
    expect(parseUri('sip:alice@[zz::1]')).toBeNull();
    expect(parseUri('sip:')).toBeNull();
  });

  it('compares URIs per RFC 3261 §19.1.4', () => {
    const a = parseUri('sip:%61lice@ATLANTA.com;transport=TCP');
    const b = parseUri('sip:alice@AtLanTa.CoM;Transport=tcp');
    const c = parseUri('sip:alice@atlanta.com:5060');
    expect(a && b && uriEquals(a, b)).toBe(true);
    expect(a && c && uriEquals(a, c)).toBe(false);
  });
});

describe('header grammar', () => {
  it('splits lists on commas outside quotes and angle brackets', () => {
    expect(splitList('"a, b" <sip:x@y;p=1,2>, <sip:z@w>')).toEqual(['"a, b" <sip:x@y;p=1,2>', '<sip:z@w>']);
    expect(splitList('"unterminated, x')).toBeNull();
  });

  it('parses name-addr with quoted display name and params, and serializes', () => {
    const na = parseNameAddr('"Bob \\"B\\"" <sip:bob@example.com;transport=udp> ;tag=9 ;expires=60');
    expect(na?.displayName).toBe('Bob "B"');
    expect(na?.params.get('tag')).toBe('9');
    expect(na && serializeNameAddr(na)).toBe('"Bob \\"B\\"" <sip:bob@example.com;transport=udp>;tag=9;expires=60');
  });

  it('parses Via with received, rport and IPv6 sent-by', () => {
    const via = parseVia('SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bKx;received=192.0.2.1;rport=1234');
    expect(via && [via.host, via.port, via.params.get('rport')]).toEqual(['[2001:db8::9]', 5070, '1234']);
    expect(via && serializeVia(via)).toBe(
      'SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bKx;received=192.0.2.1;rport=1234',
    );
  });
});

describe('message', () => {
  it('round-trips through serialize and parse', () => {
    const m = req(OPTIONS);
    m.body = Buffer.from('hello');
    m.set('content-type', 'text/plain');
    const again = parseMessage(serializeMessage(m), { framing: 'stream' });
    expect(again.ok && again.message.body.toString()).toBe('hello');
    expect(again.ok && again.message.get('content-length')).toBe('5');
    expect(again.ok && again.message.from?.displayName).toBe('Alice, A.');
  });

  it('edits Via headers', () => {
    const m = req(OPTIONS);
    expect(m.vias?.length).toBe(2);
    m.removeTopVia();
    expect(m.topVia?.transport).toBe('TCP');
    const combined = req(OPTIONS.replace('\r\nVia: SIP/2.0/TCP', ', SIP/2.0/TCP'));
    combined.removeTopVia();
    expect(combined.getAll('via')).toEqual(['SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKdef']);
  });

  it('accepts LF-only line endings leniently', () => {
    expect(parseMessage(Buffer.from(OPTIONS.replaceAll('\r\n', '\n'))).ok).toBe(true);
  });
});

describe('createResponse', () => {
  it('copies Via/From/To/Call-ID/CSeq, adds a To-tag and Timestamp on 100', () => {
    const request = req(OPTIONS);
    const trying = createResponse(request, 100);
    expect(trying.get('timestamp')).toBe('54');
    expect(trying.to?.params.has('tag')).toBe(false);
    const ok = createResponse(request, 200, { toTag: 'xyz' });
    expect(ok.getAll('via')).toHaveLength(2);
    expect(ok.to?.params.get('tag')).toBe('xyz');
    expect([ok.callId, ok.cseq?.seq, ok.reason]).toEqual(['abc@10.0.0.1', 1, 'OK']);
    expect(ok.has('timestamp')).toBe(false);
  });

  it('answers OPTIONS with capabilities', () => {
    const res = createOptionsResponse(req(OPTIONS), { allow: ['INVITE', 'ACK', 'BYE'], supported: ['path'] });
    expect([res.status, res.get('allow'), res.get('supported'), res.get('accept')]).toEqual([
      200,
      'INVITE, ACK, BYE',
      'path',
      'application/sdp',
    ]);
  });
});
