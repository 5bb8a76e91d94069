import type { RtpEndpoint, RtpSession } from '@hujiao/media';

/**
 * Applies the RTP address of new SDP to a session. A session already latched to the real source (symmetric RTP,
 * RFC 4961) keeps it — behind NAT the SDP address is often private — unless the SDP announces a new port.
 */
export function updateRemote(session: RtpSession, rtp: RtpEndpoint | undefined, rtcp: RtpEndpoint | undefined): void {
  if (!rtp || rtp.port === 0) return;
  const cur = session.remote;
  if (cur && session.isLatched) return;
  if (!cur || cur.address !== rtp.address || cur.port !== rtp.port) session.setRemote(rtp, rtcp);
}
