/** Output of the framer: one complete message, a keep-alive, or a fatal framing error. */
export type FramerOutput = { kind: 'message'; data: Buffer } | { kind: 'ping' } | { kind: 'error'; reason: string };

const DIGITS = /^\d{1,9}$/;
const CRLFCRLF = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\n[ \t]*(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/gi;

/**
 * Splits a byte stream (TCP/TLS) into SIP messages using Content-Length (RFC 3261 §18.3), which is
 * mandatory on streams. CRLFs before a start line are skipped (§7.5); a double CRLF is an RFC 5626 §4.4.1
 * keep-alive ping. After an error the stream cannot be resynchronised and the connection should be closed.
 */
export class StreamFramer {
  private buf: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(
    private readonly maxHeaderBytes = 65536,
    private readonly maxBodyBytes = 1 << 20,
  ) {}

  push(chunk: Buffer): FramerOutput[] {
    if (this.failed) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: FramerOutput[] = [];
    for (;;) {
      let start = 0;
      while (start + 1 < this.buf.length && this.buf[start] === 13 && this.buf[start + 1] === 10) {
        if (this.buf[start + 2] === 13 && this.buf[start + 3] === 10) {
          out.push({ kind: 'ping' });
          start += 4;
        } else start += 2;
      }
      if (start > 0) this.buf = this.buf.subarray(start);
      if (this.buf.length === 0) return out;
      const headEnd = this.buf.indexOf(CRLFCRLF);
      if (headEnd < 0) {
        if (this.buf.length > this.maxHeaderBytes) return this.fail(out, 'header section too large');
        return out;
      }
      const head = `\n${this.buf.toString('latin1', 0, headEnd)}`;
      let length: number | null = null;
      CONTENT_LENGTH.lastIndex = 0;
      for (let m = CONTENT_LENGTH.exec(head); m; m = CONTENT_LENGTH.exec(head)) {
        const v = (m[1] ?? '').trim();
        if (length !== null || !DIGITS.test(v)) return this.fail(out, 'missing, repeated or bad Content-Length');
        length = Number(v);
      }
      if (length === null) return this.fail(out, 'Content-Length is required on a stream');
      if (length > this.maxBodyBytes) return this.fail(out, 'body too large');
      const total = headEnd + 4 + length;
      if (this.buf.length < total) return out;
      out.push({ kind: 'message', data: this.buf.subarray(0, total) });
      this.buf = this.buf.subarray(total);
    }
  }

  private fail(out: FramerOutput[], reason: string): FramerOutput[] {
    this.failed = true;
    this.buf = Buffer.alloc(0);
    out.push({ kind: 'error', reason });
    return out;
  }
}
