import type { ReportBlock } from '../rtcp/report-block.ts';
import { RtcpBye } from '../rtcp/rtcp-bye.ts';
import type { RtcpPacket } from '../rtcp/rtcp-compound.ts';
import { RtcpReceiverReport } from '../rtcp/rtcp-receiver-report.ts';
import { RtcpSourceDescription } from '../rtcp/rtcp-sdes.ts';
import { RtcpSenderReport } from '../rtcp/rtcp-sender-report.ts';
import type { RtpReceiverStats } from './receiver-stats.ts';

const NTP_UNIX_OFFSET = 2208988800;

/** NTP timestamp (RFC 3550 §4) of a Unix time in milliseconds. */
export function ntpTime(unixMs: number): { seconds: number; fraction: number } {
  const seconds = Math.floor(unixMs / 1000);
  return {
    seconds: (seconds + NTP_UNIX_OFFSET) >>> 0,
    fraction: Math.floor(((unixMs - seconds * 1000) / 1000) * 0x100000000) >>> 0,
  };
}

/** What a session knows about the remote source for its reception report. */
export interface RemoteSourceState {
  ssrc: number;
  stats: RtpReceiverStats;
  /** Middle 32 bits of the NTP timestamp of the last SR received (LSR), and when it arrived. */
  lastSr: number;
  lastSrArrivalMs: number;
}

export interface LocalSenderState {
  ssrc: number;
  cname: string;
  packetsSent: number;
  octetsSent: number;
  /** RTP timestamp corresponding to `nowMs`. */
  rtpTimestamp: number;
  /** True when RTP was sent since the previous report (RFC 3550 §6.4: then send an SR, else an RR). */
  sentSinceLastReport: boolean;
}

/** RFC 3550 §6.4.1: one reception report block for the remote source. */
export function reportBlockFor(remote: RemoteSourceState, nowMs: number): ReportBlock {
  const r = remote.stats.takeReport();
  const delay = remote.lastSrArrivalMs > 0 ? Math.floor(((nowMs - remote.lastSrArrivalMs) / 1000) * 65536) >>> 0 : 0;
  return { ssrc: remote.ssrc, ...r, lastSr: remote.lastSr, delaySinceLastSr: remote.lastSr === 0 ? 0 : delay };
}

/** RFC 3550 §6.1: a compound packet starts with SR or RR and carries an SDES with CNAME. */
export function buildReportCompound(
  local: LocalSenderState,
  remote: RemoteSourceState | undefined,
  nowMs: number,
  unixMs: number,
): RtcpPacket[] {
  const reports = remote ? [reportBlockFor(remote, nowMs)] : [];
  const sdes = RtcpSourceDescription.cname(local.ssrc, local.cname);
  if (local.sentSinceLastReport) {
    const ntp = ntpTime(unixMs);
    const sr = new RtcpSenderReport({
      ssrc: local.ssrc,
      ntpSeconds: ntp.seconds,
      ntpFraction: ntp.fraction,
      rtpTimestamp: local.rtpTimestamp,
      packetCount: local.packetsSent,
      octetCount: local.octetsSent,
      reports,
    });
    return [sr, sdes];
  }
  return [new RtcpReceiverReport({ ssrc: local.ssrc, reports }), sdes];
}

/** RFC 3550 §6.6: a BYE still travels in a compound that begins with a report. */
export function buildByeCompound(
  local: LocalSenderState,
  remote: RemoteSourceState | undefined,
  nowMs: number,
  unixMs: number,
  reason?: string,
): RtcpPacket[] {
  return [...buildReportCompound(local, remote, nowMs, unixMs), new RtcpBye([local.ssrc], reason)];
}

/** LSR field (RFC 3550 §6.4.1): the middle 32 bits of an SR's NTP timestamp. */
export function middleNtpBits(sr: RtcpSenderReport): number {
  return (((sr.ntpSeconds & 0xffff) << 16) | (sr.ntpFraction >>> 16)) >>> 0;
}
