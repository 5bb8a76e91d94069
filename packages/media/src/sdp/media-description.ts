import { fail, ok, type ParseResult } from '../result.ts';
import {
  isSdpDirection,
  type SdpAttribute,
  type SdpConnection,
  type SdpDirection,
  type SdpLine,
  type SdpRtcpAttribute,
  type SdpRtpMap,
} from './sdp-types.ts';

/**
 * One media description, RFC 4566 §5.14: "m=<media> <port>[/<number of ports>] <proto> <fmt> ..." followed by
 * its i=, c=, b=, k= and a= lines.
 */
export class MediaDescription {
  media = 'audio';
  port = 0;
  portCount: number | undefined;
  protocol = 'RTP/AVP';
  /** Format list as written; for RTP profiles these are payload type numbers. */
  formats: string[] = [];
  connection: SdpConnection | undefined;
  rtpmaps: SdpRtpMap[] = [];
  /** a=fmtp parameters by payload type. */
  fmtps = new Map<number, string>();
  ptime: number | undefined;
  maxptime: number | undefined;
  /** The direction attribute written in this section, if any (see effectiveDirection in session-description). */
  direction: SdpDirection | undefined;
  rtcp: SdpRtcpAttribute | undefined;
  rtcpMux = false;
  /** i=, b=, k= lines. */
  lines: SdpLine[] = [];
  attributes: SdpAttribute[] = [];

  /** True for RTP profiles (RTP/AVP, RTP/AVPF, RTP/SAVP, UDP/TLS/RTP/SAVPF ...), whose formats are payload types. */
  get isRtp(): boolean {
    return this.protocol.includes('RTP/');
  }

  get payloadTypes(): number[] {
    return this.isRtp ? this.formats.map(Number) : [];
  }

  rtpmap(payloadType: number): SdpRtpMap | undefined {
    return this.rtpmaps.find((m) => m.payloadType === payloadType);
  }

  /** Parses the m= line value; the caller feeds the following lines through applyLine(). */
  static parseMediaLine(value: string): ParseResult<MediaDescription> {
    const parts = value.split(' ').filter((p) => p.length > 0);
    if (parts.length < 3) return fail(`m= line needs media, port and proto: "${value}"`);
    const [media, portText, protocol, ...formats] = parts as [string, string, string, ...string[]];
    const m = new MediaDescription();
    m.media = media;
    const [p, count] = portText.split('/');
    const port = parseInteger(p, 0, 65535);
    if (port === undefined) return fail(`m= line has an invalid port "${portText}"`);
    m.port = port;
    if (count !== undefined) {
      const n = parseInteger(count, 1, 65535);
      if (n === undefined) return fail(`m= line has an invalid port count "${portText}"`);
      m.portCount = n;
    }
    m.protocol = protocol;
    m.formats = formats;
    if (formats.length === 0 && port !== 0) return fail('m= line has no formats');
    if (m.isRtp) {
      for (const f of formats) if (parseInteger(f, 0, 127) === undefined) return fail(`invalid payload type "${f}"`);
    }
    return ok(m);
  }

  /** Applies one line that follows the m= line. */
  applyLine(type: string, value: string): ParseResult<void> {
    if (type === 'c') {
      const c = parseConnection(value);
      if (!c.ok) return c;
      this.connection = c.value;
      return ok(undefined);
    }
    if (type !== 'a') {
      this.lines.push({ type, value });
      return ok(undefined);
    }
    const colon = value.indexOf(':');
    const name = colon < 0 ? value : value.slice(0, colon);
    const arg = colon < 0 ? undefined : value.slice(colon + 1);
    if (arg === undefined) {
      if (isSdpDirection(name)) this.direction = name;
      else if (name === 'rtcp-mux') this.rtcpMux = true;
      else this.attributes.push({ name });
      return ok(undefined);
    }
    switch (name) {
      case 'rtpmap': {
        const r = parseRtpMap(arg);
        if (!r.ok) return r;
        this.rtpmaps.push(r.value);
        return ok(undefined);
      }
      case 'fmtp': {
        const sp = arg.indexOf(' ');
        const pt = parseInteger(sp < 0 ? arg : arg.slice(0, sp), 0, 127);
        if (pt === undefined) return fail(`invalid a=fmtp "${arg}"`);
        this.fmtps.set(pt, sp < 0 ? '' : arg.slice(sp + 1).trim());
        return ok(undefined);
      }
      case 'ptime':
      case 'maxptime': {
        const ms = Number(arg.trim());
        if (!Number.isFinite(ms) || ms <= 0) return fail(`invalid a=${name} "${arg}"`);
        this[name] = ms;
        return ok(undefined);
      }
      case 'rtcp': {
        const parts = arg.trim().split(' ');
        const port = parseInteger(parts[0], 0, 65535);
        if (port === undefined) return fail(`invalid a=rtcp "${arg}"`);
        if (parts.length >= 4) {
          const c = parseConnection(parts.slice(1).join(' '));
          if (!c.ok) return c;
          this.rtcp = { port, connection: c.value };
        } else {
          this.rtcp = { port };
        }
        return ok(undefined);
      }
      default:
        this.attributes.push({ name, value: arg });
        return ok(undefined);
    }
  }

  /** Lines in RFC 4566 order: m, i, c, b, k, a (rtpmap/fmtp per format, ptime, maxptime, rtcp, direction, rest). */
  serializeLines(out: string[]): void {
    const port = this.portCount === undefined ? `${this.port}` : `${this.port}/${this.portCount}`;
    out.push(`m=${[this.media, port, this.protocol, ...this.formats].join(' ')}`);
    for (const l of this.lines) if (l.type === 'i') out.push(`i=${l.value}`);
    if (this.connection) out.push(`c=${formatConnection(this.connection)}`);
    for (const l of this.lines) if (l.type !== 'i') out.push(`${l.type}=${l.value}`);
    const listed = new Set<number>();
    for (const pt of this.payloadTypes) {
      listed.add(pt);
      const map = this.rtpmap(pt);
      if (map) out.push(`a=rtpmap:${formatRtpMap(map)}`);
      const fmtp = this.fmtps.get(pt);
      if (fmtp !== undefined) out.push(`a=fmtp:${pt} ${fmtp}`);
    }
    for (const map of this.rtpmaps) if (!listed.has(map.payloadType)) out.push(`a=rtpmap:${formatRtpMap(map)}`);
    if (this.ptime !== undefined) out.push(`a=ptime:${this.ptime}`);
    if (this.maxptime !== undefined) out.push(`a=maxptime:${this.maxptime}`);
    if (this.rtcp) {
      out.push(`a=rtcp:${this.rtcp.port}${this.rtcp.connection ? ` ${formatConnection(this.rtcp.connection)}` : ''}`);
    }
    if (this.rtcpMux) out.push('a=rtcp-mux');
    if (this.direction) out.push(`a=${this.direction}`);
    for (const a of this.attributes) out.push(a.value === undefined ? `a=${a.name}` : `a=${a.name}:${a.value}`);
  }
}

export function parseInteger(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

export function parseConnection(value: string): ParseResult<SdpConnection> {
  const parts = value.trim().split(' ');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) return fail(`invalid connection "${value}"`);
  const [netType, addrType, address] = parts as [string, string, string];
  return ok({ netType, addrType, address });
}

export function formatConnection(c: SdpConnection): string {
  return `${c.netType} ${c.addrType} ${c.address}`;
}

function parseRtpMap(arg: string): ParseResult<SdpRtpMap> {
  const m = /^(\d+)\s+([^/\s]+)\/(\d+)(?:\/(\d+))?\s*$/.exec(arg);
  const pt = parseInteger(m?.[1], 0, 127);
  if (!m || pt === undefined) return fail(`invalid a=rtpmap "${arg}"`);
  const map: SdpRtpMap = { payloadType: pt, encodingName: m[2] as string, clockRate: Number(m[3]) };
  if (m[4] !== undefined) map.channels = Number(m[4]);
  return ok(map);
}

function formatRtpMap(m: SdpRtpMap): string {
  return `${m.payloadType} ${m.encodingName}/${m.clockRate}${m.channels === undefined ? '' : `/${m.channels}`}`;
}
