import type { MediaClock, PortAllocator, RtpSocketPool } from '@hujiao/media';
import type { Flow, ServerTransaction, SipRequest } from '@hujiao/sip';
import type { SipStack } from './sip-stack.ts';
import type { SwitchEvent, SwitchLogger } from './types.ts';
import type { WebRtcSettings } from './webrtc/webrtc-session.ts';

/** Something that owns a dialog and takes its in-dialog requests (RFC 3261 §12.2.2). */
export interface DialogOwner {
  onDialogRequest(request: SipRequest, tx: ServerTransaction | null, flow: Flow): void;
}

/** Shared services every call and leg uses. */
export interface SwitchContext {
  stack: SipStack;
  allocator: PortAllocator;
  /** The sockets of ended calls' media, reused by new ones (over `allocator`). */
  sockets: RtpSocketPool;
  clock: MediaClock;
  logger: SwitchLogger;
  bindAddress: string;
  /** Address written into SDP and Contact. */
  mediaAddress: string;
  /** ICE candidates and STUN/TURN servers offered to browser phones (ADR 0024). */
  webrtc: WebRtcSettings;
  /**
   * The flow a phone's contact is reachable on now: a browser whose WebSocket dropped during a call comes back on a
   * new connection and registers the same contact again (RFC 5626 spirit). Null: not registered.
   */
  reflow?(contact: string): Flow | null;
  t1Ms: number;
  dialogs: Map<string, DialogOwner>;
  emit(event: SwitchEvent): void;
}
