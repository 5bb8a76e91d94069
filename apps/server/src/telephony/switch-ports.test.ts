import type { CallRecordData, OpenCallRecordData } from '@hujiao/switch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallRecordInsert, OpenCallRecordInsert } from '../modules/call-record/index.ts';
import { cdrPort } from './switch-ports.ts';

const dir = '/data/recordings';
const started = new Date('2026-12-01T10:00:00.000Z');

const opened = (callId: string): OpenCallRecordData => ({
  tenantId: 't1',
  callId,
  caller: '1001',
  callee: '1002',
  direction: 'internal',
  startedAt: started,
  recordingPath: `${dir}/t1/2026-12-01/${callId}.wav`,
});
const ended = (callId: string): CallRecordData => ({
  ...opened(callId),
  answeredAt: new Date(started.getTime() + 2000),
  endedAt: new Date(started.getTime() + 10_000),
  durationSec: 10,
  billedSec: 8,
  hangupCause: 'normal',
  hangupSide: 'caller',
  legs: [
    {
      legId: 'l1',
      role: 'caller',
      extension: '1001',
      uri: 'sip:1001@acme',
      createdAt: started,
      answeredAt: null,
      endedAt: null,
      finalStatus: null,
    },
  ],
  segments: [{ kind: 'bridge', legIds: ['l1', 'l2'], startedAt: started.toISOString(), endedAt: null }],
});

function fakeWriter() {
  const statements: Array<{ kind: string; callIds: string[] }> = [];
  const rows = {
    open: [] as OpenCallRecordInsert[],
    final: [] as CallRecordInsert[],
  };
  return {
    statements,
    rows,
    openMany: async (r: OpenCallRecordInsert[]) => {
      statements.push({ kind: 'open', callIds: r.map((x) => x.callId) });
      rows.open.push(...r);
    },
    markAnswered: async (r: Array<{ callId: string }>) => {
      statements.push({ kind: 'answered', callIds: r.map((x) => x.callId) });
    },
    writeMany: async (r: CallRecordInsert[]) => {
      statements.push({ kind: 'ended', callIds: r.map((x) => x.callId) });
      rows.final.push(...r);
    },
  };
}

describe('call record port (durable from the start, batched)', () => {
  afterEach(() => vi.useRealTimers());

  it('writes opens (with an answer that came meanwhile), later answers and final records, one statement each per batch', async () => {
    vi.useFakeTimers();
    const w = fakeWriter();
    const logger = { error: vi.fn() };
    const port = cdrPort(w, dir, logger);
    port.open(opened('c1'));
    port.open(opened('c2'));
    const first = new Date('2026-12-01T08:00:01Z');
    port.answered('t1', 'c1', first);
    port.answered('t1', 'c1', new Date()); // a second leg answering: the first answer counts
    expect(w.statements).toEqual([]); // waits for the batch window
    await vi.advanceTimersByTimeAsync(250);
    // c1's answer came before its open row went out: the row carries it, no update statement.
    expect(w.statements).toEqual([{ kind: 'open', callIds: ['c1', 'c2'] }]);
    expect(w.rows.open.map((r) => r.answeredAt ?? null)).toEqual([first, null]);
    expect(w.rows.open[0]?.recordingPath).toBe('t1/2026-12-01/c1.wav'); // relative to the recordings folder

    port.answered('t1', 'c2', new Date());
    port.answered('t1', 'c2', new Date());
    await vi.advanceTimersByTimeAsync(250);
    expect(w.statements.at(-1)).toEqual({ kind: 'answered', callIds: ['c2'] });

    await port.write(ended('c1'));
    await vi.advanceTimersByTimeAsync(250);
    expect(w.statements.at(-1)).toEqual({ kind: 'ended', callIds: ['c1'] });
    expect(w.rows.final[0]).toMatchObject({
      callId: 'c1',
      recordingPath: 't1/2026-12-01/c1.wav',
      legs: [{ legId: 'l1', extension: '1001', status: 'none' }],
      segments: [{ kind: 'bridge', legIds: ['l1', 'l2'] }],
    });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('a call that ends before its open row went out is written once, by the final upsert', async () => {
    const w = fakeWriter();
    const port = cdrPort(w, dir, { error: vi.fn() });
    port.open(opened('short'));
    port.answered('t1', 'short', new Date());
    await port.write(ended('short'));
    await port.flush();
    expect(w.statements).toEqual([{ kind: 'ended', callIds: ['short'] }]);
  });

  it('logs a failed statement and still writes the next kinds and batches', async () => {
    const w = fakeWriter();
    const logger = { error: vi.fn() };
    const port = cdrPort({ ...w, openMany: async () => Promise.reject(new Error('db down')) }, dir, logger);
    port.open(opened('c1'));
    port.open(opened('c2'));
    await port.write(ended('c2'));
    await port.flush();
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ calls: ['c1'] }),
      'call records not stored (open)',
    );
    expect(w.statements).toEqual([{ kind: 'ended', callIds: ['c2'] }]);
  });
});
