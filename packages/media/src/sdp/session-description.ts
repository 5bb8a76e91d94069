import { fail, ok, type ParseResult } from '../result.ts';
import { formatConnection, MediaDescription, parseConnection } from './media-description.ts';
import {
  isSdpDirection,
  type SdpAttribute,
  type SdpConnection,
  SdpDirection,
  type SdpLine,
  type SdpOrigin,
} from './sdp-types.ts';

/**
 * An SDP session description, RFC 4566 §5: v=, o=, s=, [i= u= e= p=], [c=], [b=], t=, [r= z= k=], a=*, then m=
 * sections. Parsing is tolerant of LF-only line ends and unknown lines (kept and written back); it fails on a
 * missing or malformed v=, o=, s=, or on a malformed c=, m=, rtpmap, fmtp, ptime or rtcp line.
 */
export class SessionDescription {
  origin: SdpOrigin = {
    username: '-',
    sessionId: '0',
    sessionVersion: '0',
    netType: 'IN',
    addrType: 'IP4',
    address: '0.0.0.0',
  };
  sessionName = '-';
  connection: SdpConnection | undefined;
  /** t=<start> <stop>; "0 0" for an unbounded session. */
  timing = '0 0';
  /** Session-level direction attribute, if any (RFC 3264 §5.1: media-level overrides it). */
  direction: SdpDirection | undefined;
  /** i=, u=, e=, p=, b=, r=, z=, k= at session level, in order. */
  lines: SdpLine[] = [];
  attributes: SdpAttribute[] = [];
  media: MediaDescription[] = [];

  static parse(text: string): ParseResult<SessionDescription> {
    const sdp = new SessionDescription();
    const rawLines = text.split(/\r?\n/);
    let sawVersion = false;
    let sawOrigin = false;
    let sawName = false;
    let current: MediaDescription | undefined;
    for (let i = 0; i < rawLines.length; i++) {
      const line = rawLines[i] as string;
      if (line.length === 0) continue;
      if (line.length < 2 || line[1] !== '=') return fail(`line ${i + 1} is not <type>=<value>: "${line}"`);
      const type = line[0] as string;
      const value = line.slice(2);
      if (!sawVersion) {
        if (type !== 'v' || value.trim() !== '0') return fail('SDP must start with v=0');
        sawVersion = true;
        continue;
      }
      if (type === 'm') {
        const m = MediaDescription.parseMediaLine(value);
        if (!m.ok) return fail(`line ${i + 1}: ${m.error}`);
        current = m.value;
        sdp.media.push(current);
        continue;
      }
      if (current) {
        const r = current.applyLine(type, value);
        if (!r.ok) return fail(`line ${i + 1}: ${r.error}`);
        continue;
      }
      const r = sdp.applySessionLine(type, value);
      if (!r.ok) return fail(`line ${i + 1}: ${r.error}`);
      if (type === 'o') sawOrigin = true;
      if (type === 's') sawName = true;
    }
    if (!sawVersion) return fail('empty SDP');
    if (!sawOrigin) return fail('SDP has no o= line');
    if (!sawName) return fail('SDP has no s= line');
    return ok(sdp);
  }

  private applySessionLine(type: string, value: string): ParseResult<void> {
    switch (type) {
      case 'o': {
        const parts = value.split(' ');
        if (parts.length !== 6 || parts.some((p) => p.length === 0)) return fail(`invalid o= line "${value}"`);
        const [username, sessionId, sessionVersion, netType, addrType, address] = parts as [
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        this.origin = { username, sessionId, sessionVersion, netType, addrType, address };
        return ok(undefined);
      }
      case 's':
        this.sessionName = value;
        return ok(undefined);
      case 'c': {
        const c = parseConnection(value);
        if (!c.ok) return c;
        this.connection = c.value;
        return ok(undefined);
      }
      case 't':
        this.timing = value;
        return ok(undefined);
      case 'a': {
        const colon = value.indexOf(':');
        if (colon < 0 && isSdpDirection(value)) this.direction = value;
        else if (colon < 0) this.attributes.push({ name: value });
        else this.attributes.push({ name: value.slice(0, colon), value: value.slice(colon + 1) });
        return ok(undefined);
      }
      default:
        this.lines.push({ type, value });
        return ok(undefined);
    }
  }

  /** RFC 3264 §5.1: the media's own attribute, else the session's, else sendrecv. */
  effectiveDirection(m: MediaDescription): SdpDirection {
    return m.direction ?? this.direction ?? SdpDirection.SENDRECV;
  }

  /** Where to send RTP for a media section: its c= or the session's, and its port. */
  rtpAddress(m: MediaDescription): { address: string; port: number } | undefined {
    const c = m.connection ?? this.connection;
    return c ? { address: c.address, port: m.port } : undefined;
  }

  /** Where to send RTCP: a=rtcp (RFC 3605) when present, the RTP port with rtcp-mux, else RTP port + 1. */
  rtcpAddress(m: MediaDescription): { address: string; port: number } | undefined {
    const rtp = this.rtpAddress(m);
    if (!rtp) return undefined;
    if (m.rtcp) return { address: m.rtcp.connection?.address ?? rtp.address, port: m.rtcp.port };
    return { address: rtp.address, port: m.rtcpMux ? rtp.port : rtp.port + 1 };
  }

  serialize(): string {
    const out: string[] = ['v=0'];
    const o = this.origin;
    out.push(`o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`);
    out.push(`s=${this.sessionName}`);
    const early = ['i', 'u', 'e', 'p'];
    for (const l of this.lines) if (early.includes(l.type)) out.push(`${l.type}=${l.value}`);
    if (this.connection) out.push(`c=${formatConnection(this.connection)}`);
    for (const l of this.lines) if (l.type === 'b') out.push(`b=${l.value}`);
    out.push(`t=${this.timing}`);
    for (const l of this.lines) if (!early.includes(l.type) && l.type !== 'b') out.push(`${l.type}=${l.value}`);
    if (this.direction) out.push(`a=${this.direction}`);
    for (const a of this.attributes) out.push(a.value === undefined ? `a=${a.name}` : `a=${a.name}:${a.value}`);
    for (const m of this.media) m.serializeLines(out);
    return `${out.join('\r\n')}\r\n`;
  }
}
