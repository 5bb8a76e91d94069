import type { RtpEndpoint, RtpSession } from '@hujiao/media';

/** The RTP address each session's peer last announced in SDP. */
const announced = new WeakMap<RtpSession, RtpEndpoint>();

/**
 * Applies the RTP address of new SDP (an answer, a re-INVITE, an UPDATE) to a session. A session already latched
 * to the real source (symmetric RTP, RFC 4961) keeps it while the SDP repeats what it said before — behind NAT
 * the SDP address is often private — but follows a new address or port: the peer moved its media (RFC 3264 §8.3.1).
 */
export function updateRemote(session: RtpSession, rtp: RtpEndpoint | undefined, rtcp: RtpEndpoint | undefined): void {
  if (!rtp || rtp.port === 0) return;
  const before = announced.get(session);
  announced.set(session, { address: rtp.address, port: rtp.port });
  const cur = session.remote;
  const moved = before !== undefined && (before.address !== rtp.address || before.port !== rtp.port);
  if (cur && session.isLatched && !moved) return;
  if (!cur || cur.address !== rtp.address || cur.port !== rtp.port) session.setRemote(rtp, rtcp);
}
