import { isDigits, isToken, trimLws } from './chars.ts';
import { canonicalName, headerKey } from './header-names.ts';
import { type HeaderField, SipRequest, SipResponse } from './message.ts';
import { ParseErrorCode, type ParseResult, type SipParseError } from './parse-error.ts';
import { parseUri } from './uri.ts';
import { validateMessage } from './validate.ts';

export interface ParseOptions {
  /**
   * `datagram` (default, UDP): the body is the rest of the datagram; a Content-Length larger than the rest is
   * an error and extra octets are discarded (RFC 3261 §18.3). `stream`: the buffer is one framed message and
   * Content-Length is mandatory and must match exactly.
   */
  framing?: 'datagram' | 'stream';
  /** Skip the semantic checks of validateMessage (default false). */
  skipValidation?: boolean;
  maxHeaderBytes?: number;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');

function err(code: ParseErrorCode, message: string, partial?: SipRequest | SipResponse): ParseResult {
  const error: SipParseError = { code, message };
  if (partial) error.partial = partial;
  return { ok: false, error };
}

/**
 * Parses one SIP message (RFC 3261 §7). Never throws: malformed input yields `{ ok: false, error }`.
 */
export function parseMessage(input: Uint8Array, options: ParseOptions = {}): ParseResult {
  try {
    return parse(
      Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength),
      options,
    );
  } catch (e) {
    return err(ParseErrorCode.StartLine, `unexpected parser failure: ${(e as Error).message}`);
  }
}

function parse(buf: Buffer, options: ParseOptions): ParseResult {
  // RFC 3261 §7.5: ignore CRLFs before the start line.
  let start = 0;
  while (start < buf.length && (buf[start] === 13 || buf[start] === 10)) start++;
  if (start >= buf.length) return err(ParseErrorCode.Empty, 'empty message');
  let headEnd = buf.indexOf(CRLFCRLF, start);
  let bodyStart = headEnd + 4;
  if (headEnd < 0) {
    headEnd = buf.indexOf(LFLF, start);
    bodyStart = headEnd + 2;
  }
  if (headEnd < 0) {
    // A message with no body may end right after the last header's CRLF (RFC 4475 §3.1.2.15 text).
    if (buf[buf.length - 1] === 10) {
      headEnd = buf.length;
      bodyStart = buf.length;
    } else return err(ParseErrorCode.Truncated, 'no end of header section');
  }
  if (headEnd - start > (options.maxHeaderBytes ?? 65536)) return err(ParseErrorCode.TooLarge, 'header too large');
  const head = buf.toString('utf8', start, headEnd);
  let lineEnd = head.indexOf('\n');
  const first = lineEnd < 0 ? head : head.slice(0, head.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd);
  const startLine = parseStartLine(first);
  if ('code' in startLine) return { ok: false, error: startLine };
  const msg = startLine.msg;

  // Header fields, unfolding continuation lines (RFC 3261 §7.3.1). Lines end in CRLF or a bare LF.
  const headers: HeaderField[] = [];
  let name: string | null = null;
  let value = '';
  while (lineEnd >= 0) {
    const from = lineEnd + 1;
    lineEnd = head.indexOf('\n', from);
    const to = lineEnd < 0 ? head.length : head.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const line = head.slice(from, to);
    const c = line.charCodeAt(0);
    if (c === 32 || c === 9) {
      if (name === null) return err(ParseErrorCode.HeaderLine, 'continuation line without header');
      value += ` ${trimLws(line)}`;
      continue;
    }
    if (name !== null) {
      const e = addHeader(headers, name, value);
      if (e) return { ok: false, error: e };
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return err(ParseErrorCode.HeaderLine, `header line without colon: ${line.slice(0, 40)}`);
    name = line.slice(0, colon).trimEnd();
    value = line.slice(colon + 1);
  }
  if (name !== null) {
    const e = addHeader(headers, name, value);
    if (e) return { ok: false, error: e };
  }
  msg.headers = headers;
  if (startLine.badVersion) {
    // RFC 3261 §8.2.2 / RFC 4475 §3.1.2.16: answered with 505 by the transport when the request is usable.
    return err(ParseErrorCode.VersionNotSupported, `unsupported version ${startLine.badVersion}`, msg);
  }

  // Body and Content-Length (RFC 3261 §18.3, §20.14).
  const available = Math.max(0, buf.length - bodyStart);
  const cls = msg.getAll('content-length');
  if (cls.length > 1) return err(ParseErrorCode.ContentLength, 'several Content-Length fields', msg);
  const clText = cls[0]?.trim();
  if (clText === undefined) {
    if (options.framing === 'stream')
      return err(ParseErrorCode.ContentLength, 'Content-Length required on a stream', msg);
    msg.body = buf.subarray(bodyStart);
  } else {
    if (!isDigits(clText) || clText.length > 9)
      return err(ParseErrorCode.ContentLength, `bad Content-Length "${clText}"`, msg);
    const length = Number(clText);
    if (length > available)
      return err(ParseErrorCode.ContentLength, `Content-Length ${length} > ${available} octets`, msg);
    msg.body = buf.subarray(bodyStart, bodyStart + length);
  }
  if (!options.skipValidation) {
    const invalid = validateMessage(msg);
    if (invalid) return { ok: false, error: { ...invalid, partial: msg } };
  }
  return { ok: true, message: msg };
}

function addHeader(headers: HeaderField[], name: string, value: string): SipParseError | null {
  if (!isToken(name)) return { code: ParseErrorCode.HeaderLine, message: `bad header name "${name}"` };
  const key = headerKey(name);
  headers.push({ name: canonicalName(key), key, value: trimLws(value) });
  return null;
}

/** Request-Line or Status-Line (RFC 3261 §7.1, §7.2): single SP separators, SIP/2.0 only. */
interface StartLine {
  msg: SipRequest | SipResponse;
  badVersion?: string;
}

const OTHER_VERSION = /^SIP\/\d+\.\d+$/i;

function parseStartLine(line: string): StartLine | SipParseError {
  if (line.startsWith('SIP/') || line.startsWith('sip/')) {
    const sp1 = line.indexOf(' ');
    if (sp1 < 0) return { code: ParseErrorCode.StartLine, message: 'bad status line' };
    const version = line.slice(0, sp1);
    if (version.toUpperCase() !== 'SIP/2.0') {
      return { code: ParseErrorCode.VersionNotSupported, message: `unsupported version ${version}` };
    }
    const code = line.slice(sp1 + 1, sp1 + 4);
    const after = line.charAt(sp1 + 4);
    if (!isDigits(code) || (after !== ' ' && after !== '') || code < '100' || code > '699') {
      return { code: ParseErrorCode.StartLine, message: 'bad status code' };
    }
    return { msg: new SipResponse(Number(code), line.slice(sp1 + 5)) };
  }
  const sp1 = line.indexOf(' ');
  const sp2 = line.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 === sp1) return { code: ParseErrorCode.StartLine, message: 'bad request line' };
  const method = line.slice(0, sp1);
  const uriText = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (!isToken(method)) return { code: ParseErrorCode.StartLine, message: 'bad method' };
  const supported = version.toUpperCase() === 'SIP/2.0';
  if (!supported && !OTHER_VERSION.test(version)) return { code: ParseErrorCode.StartLine, message: 'bad SIP-Version' };
  const uri = parseUri(uriText);
  if (!uri) return { code: ParseErrorCode.RequestUri, message: `bad Request-URI "${uriText.slice(0, 80)}"` };
  const msg = new SipRequest(method, uri);
  return supported ? { msg } : { msg, badVersion: version };
}
