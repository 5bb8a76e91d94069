import type { SipRequest, SipResponse } from './message.ts';

export const ParseErrorCode = {
  Empty: 'EMPTY',
  Truncated: 'TRUNCATED',
  TooLarge: 'TOO_LARGE',
  StartLine: 'MALFORMED_START_LINE',
  VersionNotSupported: 'VERSION_NOT_SUPPORTED',
  RequestUri: 'INVALID_REQUEST_URI',
  HeaderLine: 'MALFORMED_HEADER_LINE',
  MissingHeader: 'MISSING_HEADER',
  DuplicateHeader: 'DUPLICATE_HEADER',
  HeaderValue: 'INVALID_HEADER_VALUE',
  ContentLength: 'INVALID_CONTENT_LENGTH',
  CSeqMethodMismatch: 'CSEQ_METHOD_MISMATCH',
} as const;
export type ParseErrorCode = (typeof ParseErrorCode)[keyof typeof ParseErrorCode];

export interface SipParseError {
  code: ParseErrorCode;
  message: string;
  /** Header name concerned, when there is one. */
  header?: string;
  /**
   * The message as far as it could be read (start line and header fields), so that a transport can answer
   * a request with 400 (or 505) when its Via, From, To, Call-ID and CSeq are usable (RFC 3261 §8.2, §21.4.1).
   */
  partial?: SipRequest | SipResponse;
}

export type ParseResult = { ok: true; message: SipRequest | SipResponse } | { ok: false; error: SipParseError };
