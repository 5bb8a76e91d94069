import { isDigits, isHostname, isIpv6Reference, isToken } from './chars.ts';
import { type Params, parseParams, serializeParams } from './params.ts';

/** The magic cookie that marks an RFC 3261 branch (RFC 3261 §8.1.1.7). */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

/** One via-parm (RFC 3261 §20.42, RFC 3581 for rport). */
export interface Via {
  protocolName: string;
  protocolVersion: string;
  /** Upper-cased transport: UDP, TCP, TLS, SCTP, WS, WSS or an extension token. */
  transport: string;
  host: string;
  port: number | null;
  params: Params;
}

// sent-protocol with LWS around the slashes, LWS, sent-by, then the parameters.
const VIA = /^([^\s/]+)\s*\/\s*([^\s/]+)\s*\/\s*([^\s/;]+)\s+([^;\s]+(?:\s*:\s*\d+)?)\s*(;.*)?$/s;

export function parseVia(text: string): Via | null {
  const m = VIA.exec(text);
  if (!m) return null;
  const [, name = '', version = '', transport = '', sentBy = '', paramText] = m;
  if (!isToken(name) || !isToken(version) || !isToken(transport)) return null;
  let host = sentBy;
  let port: number | null = null;
  const close = sentBy.lastIndexOf(']');
  const colon = sentBy.lastIndexOf(':');
  if (colon > close && (close >= 0 || sentBy[0] !== '[')) {
    host = sentBy.slice(0, colon).trim();
    const p = sentBy.slice(colon + 1).trim();
    if (!isDigits(p) || p.length > 5 || Number(p) > 65535) return null;
    port = Number(p);
  }
  if (!(host[0] === '[' ? isIpv6Reference(host) : isHostname(host))) return null;
  const params = paramText ? parseParams(paramText) : new Map<string, string | null>();
  if (!params) return null;
  return {
    protocolName: name.toUpperCase(),
    protocolVersion: version,
    transport: transport.toUpperCase(),
    host,
    port,
    params,
  };
}

export function serializeVia(via: Via): string {
  const port = via.port === null ? '' : `:${via.port}`;
  return `${via.protocolName}/${via.protocolVersion}/${via.transport} ${via.host}${port}${serializeParams(via.params)}`;
}

export function viaBranch(via: Via): string | null {
  return via.params.get('branch') ?? null;
}

/** sent-by as `host:port`, with the default port of the transport filled in (RFC 3261 §18.2.2). */
export function viaSentBy(via: Via): string {
  return `${via.host.toLowerCase()}:${via.port ?? defaultPort(via.transport)}`;
}

export function defaultPort(transport: string): number {
  const t = transport.toUpperCase();
  if (t === 'TLS' || t === 'WSS') return t === 'TLS' ? 5061 : 443;
  if (t === 'WS') return 80;
  return 5060;
}

export function createVia(transport: string, host: string, port: number | null, branch: string, rport = true): Via {
  const params: Params = new Map([['branch', branch]]);
  if (rport) params.set('rport', null);
  return { protocolName: 'SIP', protocolVersion: '2.0', transport: transport.toUpperCase(), host, port, params };
}
