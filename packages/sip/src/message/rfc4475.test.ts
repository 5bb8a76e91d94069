import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isRequest, type SipRequest, type SipResponse } from './message.ts';
import { ParseErrorCode } from './parse-error.ts';
import { parseMessage } from './parser.ts';
import { isSipUri } from './uri.ts';

const dir = new URL('../fixtures/rfc4475/', import.meta.url);
const load = (name: string): Buffer => readFileSync(new URL(`${name}.dat`, dir));

function parsed(name: string): SipRequest | SipResponse {
  const r = parseMessage(load(name));
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.message;
}

// RFC 4475 §3.1.1 (valid), §3.2 (transaction layer), §3.3 (application layer), §3.4 (backward compatibility):
// all of these must parse. baddate (§3.1.2.12) and badaspec (§3.1.2.14) are accepted liberally, as the RFC allows.
const PARSE = [
  'wsinv',
  'intmeth',
  'esc01',
  'escnull',
  'esc02',
  'lwsdisp',
  'longreq',
  'dblreq',
  'semiuri',
  'transports',
  'unreason',
  'noreason',
  'baddate',
  'badaspec',
  'badbranch',
  'unkscm',
  'novelsc',
  'unksm2',
  'bext01',
  'invut',
  'regaut01',
  'bcast',
  'zeromf',
  'cparam01',
  'cparam02',
  'regescrt',
  'sdp01',
  'inv2543',
];

// RFC 4475 §3.1.2 and §3.3: messages an element must reject (400, 505 or drop).
const REJECT: Array<[string, string]> = [
  ['badinv01', ParseErrorCode.HeaderValue],
  ['clerr', ParseErrorCode.ContentLength],
  ['ncl', ParseErrorCode.ContentLength],
  ['scalar02', ParseErrorCode.HeaderValue],
  ['scalarlg', ParseErrorCode.HeaderValue],
  ['quotbal', ParseErrorCode.HeaderValue],
  ['ltgtruri', ParseErrorCode.RequestUri],
  ['lwsruri', ParseErrorCode.RequestUri],
  ['lwsstart', ParseErrorCode.RequestUri],
  ['trws', ParseErrorCode.StartLine],
  ['escruri', ParseErrorCode.RequestUri],
  ['regbadct', ParseErrorCode.HeaderValue],
  ['baddn', ParseErrorCode.HeaderValue],
  ['badvers', ParseErrorCode.VersionNotSupported],
  ['mismatch01', ParseErrorCode.CSeqMethodMismatch],
  ['mismatch02', ParseErrorCode.CSeqMethodMismatch],
  ['bigcode', ParseErrorCode.StartLine],
  ['insuf', ParseErrorCode.MissingHeader],
  ['multi01', ParseErrorCode.DuplicateHeader],
  ['mcl01', ParseErrorCode.ContentLength],
];

describe('RFC 4475 torture tests', () => {
  it.each(PARSE)('%s parses', (name) => {
    const r = parseMessage(load(name));
    expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`).toBe('ok');
  });

  it.each(REJECT)('%s is rejected with %s', (name, code) => {
    const r = parseMessage(load(name));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('never throws on any truncation of any fixture', () => {
    for (const name of [...PARSE, ...REJECT.map(([n]) => n)]) {
      const buf = load(name);
      for (let i = 0; i < buf.length; i += 7) expect(() => parseMessage(buf.subarray(0, i))).not.toThrow();
    }
  });

  it('wsinv (§3.1.1.1): folding, compact forms, odd spacing', () => {
    const m = parsed('wsinv') as SipRequest;
    expect(m.method).toBe('INVITE');
    expect(isSipUri(m.uri) && m.uri.params.has('unknownparam')).toBe(true);
    expect(m.to?.params.get('tag')).toBe('1918181833n');
    expect(m.from?.displayName).toBe('J Rosenberg \\"');
    expect(m.from?.params.get('tag')).toBe('98asjd8');
    expect(m.maxForwards).toBe(68);
    expect(m.cseq).toEqual({ seq: 9, method: 'INVITE' });
    expect(m.vias?.map((v) => [v.transport, v.host, v.params.get('branch')])).toEqual([
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    const contacts = m.contacts;
    expect(Array.isArray(contacts) && contacts[0]?.displayName).toBe('Quoted string ""');
    expect(Array.isArray(contacts) && [...(contacts[0]?.params ?? [])]).toEqual([
      ['newparam', 'newvalue'],
      ['secondparam', null],
      ['q', '0.33'],
    ]);
    expect(m.routes()?.length).toBe(1);
    expect(m.get('NewFangledHeader')).toBe('newfangled value continued newfangled value');
    expect(m.get('subject')).toBe('');
    expect(m.get('UnknownHeaderWithUnusualValue')).toBe(';;,,;;,;');
    expect(m.body.length).toBe(150);
  });

  it('intmeth (§3.1.1.2): unusual method, URI and header characters', () => {
    const m = parsed('intmeth') as SipRequest;
    expect(m.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    expect(isSipUri(m.uri) && m.uri.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect(isSipUri(m.uri) && m.uri.password).toBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    expect(m.to?.displayName).toBe('BEL:\x07 NUL:\x00 DEL:\x7f');
    expect(m.from?.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(m.from?.params.get('tag')).toBe("_token~1'+`*%!-.");
    expect(m.callId).toBe('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    expect(m.get("extensionHeader-!.%*+_`'~")).toBe('\ufeff大停電');
  });

  it('esc01/escnull/esc02 keep escapes and do not unescape header names', () => {
    const esc01 = parsed('esc01') as SipRequest;
    expect(isSipUri(esc01.uri) && esc01.uri.user).toBe('sips%3Auser%40example.com');
    expect(parsed('escnull').getAll('contact')).toHaveLength(2);
    const esc02 = parsed('esc02') as SipRequest;
    expect(esc02.method).toBe('RE%47IST%45R');
    expect(esc02.getAll('contact')).toHaveLength(2);
    expect(esc02.get('C%6Fntact')).toBe('<sip:alias2@host2.example.com>');
  });

  it('lwsdisp, longreq, semiuri, transports', () => {
    expect(parsed('lwsdisp').from?.displayName).toBe('caller');
    const longreq = parsed('longreq');
    expect(longreq.vias).toHaveLength(34);
    expect(longreq.to?.displayName).toContain('extremeextreme');
    const semi = parsed('semiuri') as SipRequest;
    expect(isSipUri(semi.uri) && semi.uri.user).toBe('user;par=u%40example.net');
    expect(parsed('transports').vias?.map((v) => v.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
  });

  it('dblreq (§3.1.1.8): extra octets after Content-Length in a datagram are discarded', () => {
    const m = parsed('dblreq') as SipRequest;
    expect(m.method).toBe('REGISTER');
    expect(m.body.length).toBe(0);
  });

  it('unreason and noreason responses', () => {
    const u = parsed('unreason') as SipResponse;
    expect(u.status).toBe(200);
    expect(u.reason).toBe('= 2**3 * 5**2 но сто девяносто девять - простое');
    const n = parsed('noreason') as SipResponse;
    expect([n.status, n.reason]).toEqual([100, '']);
  });

  it('unknown schemes stay opaque (§3.3.2-§3.3.4)', () => {
    const m = parsed('novelsc') as SipRequest;
    expect(m.uri).toEqual({ scheme: 'soap.beep', opaque: '//192.0.2.103:3002' });
    const u = parsed('unksm2');
    expect(u.to?.uri).toEqual({ scheme: 'isbn', opaque: '2983792873' });
  });

  it('cparam01/cparam02: header parameter versus URI parameter (§3.3.12-13)', () => {
    const c1 = parsed('cparam01').contacts;
    const c2 = parsed('cparam02').contacts;
    expect(Array.isArray(c1) && c1[0]?.params.has('unknownparam')).toBe(true);
    expect(Array.isArray(c2) && c2[0]?.params.has('unknownparam')).toBe(false);
    const uri2 = Array.isArray(c2) ? c2[0]?.uri : undefined;
    expect(uri2 !== undefined && isSipUri(uri2) && uri2.params.has('unknownparam')).toBe(true);
  });

  it('badvers and mismatch01 keep a partial request so a 505/400 can be sent', () => {
    const bad = parseMessage(load('badvers'));
    expect(!bad.ok && bad.error.partial && isRequest(bad.error.partial) && bad.error.partial.callId).toBe(
      'badvers.31417@c.example.com',
    );
    const mm = parseMessage(load('mismatch01'));
    expect(!mm.ok && mm.error.partial?.callId).toBe('mismatch01.dj0234sxdfl3');
  });

  it('clerr over a stream framing is also an error, as is a missing Content-Length', () => {
    expect(parseMessage(load('clerr'), { framing: 'stream' }).ok).toBe(false);
    expect(parseMessage(load('inv2543'), { framing: 'stream' }).ok).toBe(false);
  });
});
