// Message model, grammar and parser (RFC 3261 §7, §19, §20, §25)

// Digest authentication (RFC 3261 §22, RFC 2617, RFC 7616, RFC 8760)
export { type AuthValue, parseAuthValue, serializeAuthValue } from './auth/auth-header.ts';
export {
  type ClientCredentials,
  computeDigestResponse,
  createDigestAuthorization,
  DigestAlgorithm,
  type DigestInput,
  digestHash,
  pickChallenge,
  safeEqual,
} from './auth/digest.ts';
export {
  type DigestResult,
  type DigestSecret,
  DigestServer,
  type DigestServerOptions,
  DigestVerdict,
} from './auth/digest-server.ts';
// Dialogs (RFC 3261 §12)
export { Dialog, DialogState, dialogId, dialogIdOfRequest, type InDialogRequestOptions } from './dialog/dialog.ts';
export { type CSeq, MAX_CSEQ, parseCSeq, serializeCSeq } from './message/cseq.ts';
export { canonicalName, headerKey, isListHeader } from './message/header-names.ts';
export { newBranch, newCallId, newTag } from './message/ids.ts';
export { type HeaderField, isRequest, isResponse, SipMessage, SipRequest, SipResponse } from './message/message.ts';
export { type NameAddr, nameAddr, parseNameAddr, serializeNameAddr, tagOf } from './message/name-addr.ts';
export { type Params, parseParams, serializeParams } from './message/params.ts';
export { ParseErrorCode, type ParseResult, type SipParseError } from './message/parse-error.ts';
export { type ParseOptions, parseMessage } from './message/parser.ts';
export {
  createOptionsResponse,
  createResponse,
  type OptionsCapabilities,
  REASON_PHRASES,
  type ResponseOptions,
} from './message/response.ts';
export { messageToString, serializeMessage } from './message/serializer.ts';
export { splitList } from './message/split.ts';
export {
  type AbsoluteUri,
  cloneUri,
  isSipUri,
  parseSipUri,
  parseUri,
  type SipUri,
  serializeUri,
  sipUri,
  type Uri,
  uriEquals,
} from './message/uri.ts';
export { validateMessage } from './message/validate.ts';
export {
  BRANCH_MAGIC_COOKIE,
  createVia,
  defaultPort,
  parseVia,
  serializeVia,
  type Via,
  viaBranch,
  viaSentBy,
} from './message/via.ts';
// Transactions (RFC 3261 §17, RFC 6026)
export { InviteClientTransaction } from './transaction/invite-client.ts';
export { InviteServerTransaction } from './transaction/invite-server.ts';
export { NonInviteClientTransaction } from './transaction/non-invite-client.ts';
export { NonInviteServerTransaction } from './transaction/non-invite-server.ts';
export { createAckForNon2xx, createCancel } from './transaction/requests.ts';
export { type Clock, DEFAULT_TIMERS, systemClock, type TimerValues } from './transaction/timers.ts';
export {
  type ClientTransactionUser,
  type ServerTransactionUser,
  Transaction,
  TransactionState,
} from './transaction/transaction.ts';
export { clientKey, serverKey } from './transaction/transaction-key.ts';
export {
  type ClientTransaction,
  type ServerTransaction,
  TransactionLayer,
  type TransactionLayerOptions,
} from './transaction/transaction-layer.ts';
// Transports (RFC 3261 §18, RFC 3581, RFC 7118)
export { type FramerOutput, StreamFramer } from './transport/stream-framer.ts';
export { StreamTransport, type StreamTransportOptions } from './transport/stream-transport.ts';
export type { TlsFiles, Transport, TransportOptions, TransportSink } from './transport/transport.ts';
export { TransportLayer, type TransportLayerOptions, type TransportStats } from './transport/transport-layer.ts';
export {
  type Destination,
  type Flow,
  isReliable,
  type SipLogger,
  silentLogger,
  TransportProtocol,
} from './transport/types.ts';
export { type StrayHandler, UdpSendThread } from './transport/udp-send-thread.ts';
export { UdpTransport, type UdpTransportOptions } from './transport/udp-transport.ts';
export { SIP_WS_SUBPROTOCOL, WsTransport } from './transport/ws-transport.ts';
