import {
  isDigits,
  isHeaderText,
  isHostname,
  isIpv6Reference,
  isParamText,
  isPasswordPart,
  isUserPart,
} from './chars.ts';
import type { Params } from './params.ts';

/** A SIP or SIPS URI (RFC 3261 §19.1). `user`, `password`, params and headers keep their escaped form. */
export interface SipUri {
  scheme: 'sip' | 'sips';
  user: string | null;
  password: string | null;
  /** Host as written; IPv6 references keep their brackets. */
  host: string;
  port: number | null;
  /** uri-parameters keyed by lower-cased name (RFC 3261 §19.1.1). */
  params: Params;
  /** Escaped header components (`?name=value&...`). */
  headers: Map<string, string>;
}

/** Any other absolute URI (tel:, http:, urn:, ...) kept opaque (RFC 3261 §19.1, RFC 4475 §3.3.2). */
export interface AbsoluteUri {
  scheme: string;
  opaque: string;
}

export type Uri = SipUri | AbsoluteUri;

export function isSipUri(uri: Uri): uri is SipUri {
  return uri.scheme === 'sip' || uri.scheme === 'sips';
}

const SCHEME_REST = /^[a-zA-Z][a-zA-Z0-9+.-]*$/;

/** Parses any absolute URI; SIP and SIPS URIs are parsed into their components. */
export function parseUri(text: string): Uri | null {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) return null;
  const scheme = text.slice(0, colon).toLowerCase();
  if (!SCHEME_REST.test(scheme)) return null;
  if (scheme === 'sip' || scheme === 'sips') return parseSipUriBody(scheme, text.slice(colon + 1));
  const opaque = text.slice(colon + 1);
  for (let i = 0; i < opaque.length; i++) {
    const c = opaque.charCodeAt(i);
    if (c <= 32 || c === 34 || c === 60 || c === 62 || c >= 127) return null;
  }
  return { scheme, opaque };
}

export function parseSipUri(text: string): SipUri | null {
  const uri = parseUri(text);
  return uri && isSipUri(uri) ? uri : null;
}

function parseSipUriBody(scheme: 'sip' | 'sips', body: string): SipUri | null {
  let user: string | null = null;
  let password: string | null = null;
  let rest = body;
  const at = body.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = body.slice(0, at);
    rest = body.slice(at + 1);
    const colon = userinfo.indexOf(':');
    user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    if (colon >= 0) password = userinfo.slice(colon + 1);
    if (!isUserPart(user)) return null;
    if (password !== null && !isPasswordPart(password)) return null;
  }
  // hostport
  let i = 0;
  if (rest[0] === '[') {
    i = rest.indexOf(']');
    if (i < 0) return null;
    i++;
  } else {
    while (i < rest.length && rest[i] !== ':' && rest[i] !== ';' && rest[i] !== '?') i++;
  }
  const host = rest.slice(0, i);
  if (!(host[0] === '[' ? isIpv6Reference(host) : isHostname(host))) return null;
  let port: number | null = null;
  if (rest[i] === ':') {
    const start = ++i;
    while (i < rest.length && rest[i] !== ';' && rest[i] !== '?') i++;
    const p = rest.slice(start, i);
    if (!isDigits(p) || p.length > 5 || Number(p) > 65535) return null;
    port = Number(p);
  }
  const params: Params = new Map();
  const headers = new Map<string, string>();
  const q = rest.indexOf('?', i);
  const paramText = rest.slice(i, q < 0 ? rest.length : q);
  if (paramText.length > 0) {
    if (paramText[0] !== ';') return null;
    for (const part of paramText.slice(1).split(';')) {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? null : part.slice(eq + 1);
      if (!isParamText(name, false) || (value !== null && !isParamText(value, false))) return null;
      params.set(name.toLowerCase(), value);
    }
  }
  if (q >= 0) {
    for (const part of rest.slice(q + 1).split('&')) {
      const eq = part.indexOf('=');
      if (eq <= 0) return null;
      const name = part.slice(0, eq);
      const value = part.slice(eq + 1);
      if (!isHeaderText(name) || !isHeaderText(value)) return null;
      headers.set(name, value);
    }
  }
  return { scheme, user, password, host, port, params, headers };
}

export function serializeUri(uri: Uri): string {
  if (!isSipUri(uri)) return `${uri.scheme}:${uri.opaque}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== null) {
    out += uri.user;
    if (uri.password !== null) out += `:${uri.password}`;
    out += '@';
  }
  out += uri.host;
  if (uri.port !== null) out += `:${uri.port}`;
  for (const [k, v] of uri.params) out += v === null ? `;${k}` : `;${k}=${v}`;
  let sep = '?';
  for (const [k, v] of uri.headers) {
    out += `${sep}${k}=${v}`;
    sep = '&';
  }
  return out;
}

/** Builds a SIP URI with sensible defaults. */
export function sipUri(parts: Partial<SipUri> & { host: string }): SipUri {
  return {
    scheme: parts.scheme ?? 'sip',
    user: parts.user ?? null,
    password: parts.password ?? null,
    host: parts.host,
    port: parts.port ?? null,
    params: parts.params ?? new Map(),
    headers: parts.headers ?? new Map(),
  };
}

export function cloneUri<T extends Uri>(uri: T): T {
  if (!isSipUri(uri)) return { ...uri };
  return { ...uri, params: new Map(uri.params), headers: new Map(uri.headers) } as T;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * URI comparison (RFC 3261 §19.1.4): case-sensitive user/password after unescaping, case-insensitive host,
 * and the user, ttl, method and maddr parameters must match when present in either URI.
 */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (!isSipUri(a) || !isSipUri(b)) {
    return a.scheme === b.scheme && !isSipUri(a) && !isSipUri(b) && a.opaque === b.opaque;
  }
  if (a.scheme !== b.scheme) return false;
  if (decode(a.user ?? '') !== decode(b.user ?? '') || (a.user === null) !== (b.user === null)) return false;
  if (decode(a.password ?? '') !== decode(b.password ?? '')) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase() || a.port !== b.port) return false;
  for (const k of ['user', 'ttl', 'method', 'maddr', 'transport']) {
    const va = a.params.get(k);
    const vb = b.params.get(k);
    if (va !== vb && !(va !== undefined && vb !== undefined && va?.toLowerCase() === vb?.toLowerCase())) return false;
  }
  for (const [k, v] of a.params) {
    if (b.params.has(k) && (b.params.get(k) ?? '').toLowerCase() !== (v ?? '').toLowerCase()) return false;
  }
  if (a.headers.size !== b.headers.size) return false;
  for (const [k, v] of a.headers) if (decode(b.headers.get(k) ?? '') !== decode(v)) return false;
  return true;
}
