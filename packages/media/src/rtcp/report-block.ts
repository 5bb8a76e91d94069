import { fail, ok, type ParseResult } from '../result.ts';

/**
 * Reception report block, RFC 3550 §6.4.1 (24 octets, used by SR and RR):
 *
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_n (SSRC of source n)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 */
export const REPORT_BLOCK_LENGTH = 24;

export interface ReportBlock {
  ssrc: number;
  /** Fraction lost since the previous report, fixed point with the binary point at the left (0..255). */
  fractionLost: number;
  /** Cumulative packets lost, signed 24-bit. */
  cumulativeLost: number;
  extendedHighestSequence: number;
  jitter: number;
  lastSr: number;
  delaySinceLastSr: number;
}

export function parseReportBlocks(body: Buffer, offset: number, count: number): ParseResult<ReportBlock[]> {
  if (offset + count * REPORT_BLOCK_LENGTH > body.length) {
    return fail(`RTCP report count ${count} exceeds packet length`);
  }
  const blocks: ReportBlock[] = [];
  for (let i = 0; i < count; i++) {
    const o = offset + i * REPORT_BLOCK_LENGTH;
    blocks.push({
      ssrc: body.readUInt32BE(o),
      fractionLost: body[o + 4] as number,
      cumulativeLost: body.readIntBE(o + 5, 3),
      extendedHighestSequence: body.readUInt32BE(o + 8),
      jitter: body.readUInt32BE(o + 12),
      lastSr: body.readUInt32BE(o + 16),
      delaySinceLastSr: body.readUInt32BE(o + 20),
    });
  }
  return ok(blocks);
}

export function writeReportBlock(target: Buffer, offset: number, block: ReportBlock): void {
  target.writeUInt32BE(block.ssrc >>> 0, offset);
  target[offset + 4] = block.fractionLost & 0xff;
  const lost = Math.max(-0x800000, Math.min(0x7fffff, block.cumulativeLost));
  target.writeIntBE(lost, offset + 5, 3);
  target.writeUInt32BE(block.extendedHighestSequence >>> 0, offset + 8);
  target.writeUInt32BE(block.jitter >>> 0, offset + 12);
  target.writeUInt32BE(block.lastSr >>> 0, offset + 16);
  target.writeUInt32BE(block.delaySinceLastSr >>> 0, offset + 20);
}
