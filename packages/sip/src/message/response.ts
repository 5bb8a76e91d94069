import { newTag } from './ids.ts';
import { type SipRequest, SipResponse } from './message.ts';
import { serializeNameAddr } from './name-addr.ts';

/** Reason phrases of RFC 3261 §21 and common extensions. */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  181: 'Call Is Being Forwarded',
  182: 'Queued',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  204: 'No Notification',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  305: 'Use Proxy',
  380: 'Alternative Service',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  410: 'Gone',
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  421: 'Extension Required',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  484: 'Address Incomplete',
  485: 'Ambiguous',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  489: 'Bad Event',
  491: 'Request Pending',
  493: 'Undecipherable',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  600: 'Busy Everywhere',
  603: 'Decline',
  604: 'Does Not Exist Anywhere',
  606: 'Not Acceptable',
};

export interface ResponseOptions {
  reason?: string;
  /** To-tag to add when the request's To has none; generated when omitted (RFC 3261 §8.2.6.2). */
  toTag?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Buffer | string;
  contentType?: string;
}

/**
 * Builds a response to a request (RFC 3261 §8.2.6): copies every Via in order, From, To, Call-ID and CSeq,
 * adds a To-tag to responses other than 100 when the request had none, copies Timestamp into a 100 (§8.2.6.1)
 * and Record-Route into 101-299 responses (§12.1.1).
 * Works on partially valid requests too (only raw header values are copied), so it can answer malformed requests.
 */
export function createResponse(request: SipRequest, status: number, options: ResponseOptions = {}): SipResponse {
  const res = new SipResponse(status, options.reason ?? REASON_PHRASES[status] ?? 'Unknown');
  for (const h of request.headers) {
    if (h.key === 'via' || h.key === 'from' || h.key === 'call-id' || h.key === 'cseq') res.headers.push({ ...h });
    else if (h.key === 'to') {
      res.headers.push({ ...h });
    } else if (h.key === 'timestamp' && status === 100) res.headers.push({ ...h });
    // §12.1.1: Record-Route is copied into responses that can establish a dialog.
    else if (h.key === 'record-route' && status > 100 && status < 300) res.headers.push({ ...h });
  }
  const to = request.to;
  if (status !== 100 && to && !to.params.has('tag')) {
    const params = new Map(to.params);
    params.set('tag', options.toTag ?? newTag());
    res.set('to', serializeNameAddr({ ...to, params }));
  }
  for (const [name, value] of options.headers ?? []) res.append(name, value);
  if (options.body !== undefined) {
    res.body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
    if (options.contentType) res.set('content-type', options.contentType);
  }
  return res;
}

export interface OptionsCapabilities {
  allow: readonly string[];
  accept?: readonly string[];
  supported?: readonly string[];
  acceptEncoding?: readonly string[];
  acceptLanguage?: readonly string[];
  toTag?: string;
}

/** 200 OK to OPTIONS listing capabilities (RFC 3261 §11.2). */
export function createOptionsResponse(request: SipRequest, caps: OptionsCapabilities): SipResponse {
  const headers: Array<[string, string]> = [['Allow', caps.allow.join(', ')]];
  headers.push(['Accept', (caps.accept ?? ['application/sdp']).join(', ')]);
  if (caps.acceptEncoding) headers.push(['Accept-Encoding', caps.acceptEncoding.join(', ')]);
  if (caps.acceptLanguage) headers.push(['Accept-Language', caps.acceptLanguage.join(', ')]);
  if (caps.supported) headers.push(['Supported', caps.supported.join(', ')]);
  return createResponse(request, 200, caps.toTag === undefined ? { headers } : { headers, toTag: caps.toTag });
}
