import { createReadStream, existsSync, statSync } from 'node:fs';
import { stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { CallRecord, LostCallStage, QueueCallView } from '@hujiao/shared';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type {
  CallRecordFilter,
  CallRecordInsert,
  CallRecordRepository,
  CallRecordRow,
  ClosedOpenRecord,
  OpenCallRecordInsert,
} from './call-record.repository.ts';
import type { QueueCallRepository } from './queue-call.repository.ts';

const toCallRecord = (r: CallRecordRow, queueCalls: QueueCallView[]): CallRecord => ({
  id: r.id,
  callId: r.callId,
  caller: r.caller,
  callee: r.callee,
  direction: r.direction,
  state: r.state,
  startedAt: r.startedAt.toISOString(),
  answeredAt: r.answeredAt?.toISOString() ?? null,
  endedAt: r.endedAt?.toISOString() ?? null,
  durationSec: r.durationSec,
  billedSec: r.billedSec,
  hangupCause: r.hangupCause,
  hangupSide: r.hangupSide,
  hasRecording: !!r.recordingPath,
  legs: r.legs.map((l) => ({ ...l, extension: l.extension ?? null })),
  segments: r.segments,
  queueCalls,
  lostStage: lostStage(r, queueCalls),
  satisfaction: r.satisfaction ?? null,
});

/**
 * 呼损: an ended inbound call that never bridged the caller with anyone. Lost where its last queue visit says
 * (waiting, ringing); without a queue, while a phone rang if one was rung, else in the IVR (menus, prompts,
 * voicemail).
 */
export function lostStage(
  r: Pick<CallRecordRow, 'direction' | 'state' | 'segments' | 'legs'>,
  queueCalls: QueueCallView[],
): LostCallStage | null {
  if (r.direction !== 'inbound' || r.state !== 'ended' || r.segments.some((s) => s.kind === 'bridge')) return null;
  const visit = queueCalls.at(-1);
  if (visit) return visit.lostStage ?? 'queue';
  return r.legs.some((l) => l.role === 'callee') ? 'ringing' : 'ivr';
}

/** Reads what a recording holds after a crash, making its header match the file (so it plays). */
export type RecordingRepair = (file: string) => Promise<{ frames: number; sampleRate: number }>;

export interface InterruptedCalls {
  closed: number;
  recordingsRepaired: number;
  /** Queue visits left open (callers waiting, answered calls not ended). */
  queueCallsClosed: number;
}

/** Rows closed per statement at start-up. */
const CLOSE_BATCH = 500;

/** 通话记录: written by the switch, read by people allowed to; recordings stream from the data directory. */
export class CallRecordService {
  constructor(
    private readonly repo: CallRecordRepository,
    /** Root folder of recordings; stored paths are relative to it, so a record can never point elsewhere. */
    private readonly recordingsDir: string,
    private readonly queueCalls: QueueCallRepository,
  ) {}

  async list(tenantId: string, filter: CallRecordFilter) {
    const { rows, total } = await this.repo.list(tenantId, filter);
    const visits = await this.queueCalls.forCalls(
      tenantId,
      rows.map((r) => r.callId),
    );
    return { items: rows.map((r) => toCallRecord(r, visits.get(r.callId) ?? [])), total };
  }

  async get(tenantId: string, id: string): Promise<CallRecord> {
    const row = await this.repo.findById(tenantId, id);
    if (!row) throw notFound();
    const visits = await this.queueCalls.forCalls(tenantId, [row.callId]);
    return toCallRecord(row, visits.get(row.callId) ?? []);
  }

  recordingsDirForTests(): string {
    return this.recordingsDir;
  }

  async write(record: CallRecordInsert): Promise<void> {
    await this.repo.insert(record);
  }

  /** Final records in one statement (the switch's CDR port batches what ends within a short window). */
  async writeMany(records: CallRecordInsert[]): Promise<void> {
    await this.repo.upsertMany(records);
  }

  /** Rows of calls that have just started, in one statement. */
  async openMany(records: OpenCallRecordInsert[]): Promise<void> {
    await this.repo.openMany(records);
  }

  async markAnswered(values: Array<{ tenantId: string; callId: string; answeredAt: Date }>): Promise<void> {
    await this.repo.markAnswered(values);
  }

  /**
   * At start-up, before the switch runs: the rows still open are calls that were up when the process died. Each
   * is closed as ended by the system (cause interrupted) at the time its recording was last written (the file's
   * mtime), or else when it was answered or started; its recording's header is repaired so the audio so far plays.
   */
  async closeInterrupted(repair: RecordingRepair, onError?: (err: unknown, file: string) => void) {
    const result: InterruptedCalls = { closed: 0, recordingsRepaired: 0, queueCallsClosed: 0 };
    // Bounded: every round closes the rows it read (closeOpen skips none of them), so the open set shrinks.
    for (let round = 0; round < 10_000; round++) {
      const rows = await this.repo.listOpen(CLOSE_BATCH);
      if (rows.length === 0) break;
      const closed: ClosedOpenRecord[] = [];
      for (const row of rows) {
        const file = row.recordingPath ? this.fileOf(row.recordingPath) : null;
        let lastWritten: Date | null = null;
        let audioSec = 0;
        const recorded = !!file && existsSync(file);
        if (file && recorded) {
          try {
            // The last audio written: read before the repair, which writes the header (and keep it on the file).
            const { atime, mtime } = await stat(file);
            lastWritten = mtime;
            const audio = await repair(file);
            await utimes(file, atime, mtime);
            audioSec = audio.sampleRate > 0 ? audio.frames / audio.sampleRate : 0;
            result.recordingsRepaired++;
          } catch (err) {
            onError?.(err, file);
          }
        }
        closed.push({
          ...interruptedClose(row, lastWritten, audioSec),
          recordingPath: recorded ? row.recordingPath : null,
        });
      }
      await this.repo.closeOpen(closed);
      result.closed += closed.length;
    }
    // After the records: a visit left open ends when its call's record says.
    result.queueCallsClosed = await this.queueCalls.closeInterrupted();
    return result;
  }

  /** The absolute path of a stored recording path, or null when it would leave the recordings folder. */
  private fileOf(recordingPath: string): string | null {
    const file = path.resolve(this.recordingsDir, recordingPath);
    return file.startsWith(path.resolve(this.recordingsDir) + path.sep) ? file : null;
  }

  /** Opens the recording of a record of this tenant; the caller has already passed the permission check. */
  async recording(tenantId: string, id: string) {
    const row = await this.repo.findById(tenantId, id);
    if (!row) throw notFound();
    const file = row.recordingPath ? this.fileOf(row.recordingPath) : null;
    if (!file || !existsSync(file)) throw new DomainError('RECORDING_MISSING');
    return {
      size: statSync(file).size,
      fileName: `${row.startedAt.toISOString().slice(0, 19).replace(/[:T]/g, '-')}_${row.caller}_${row.callee}.wav`,
      stream: () => createReadStream(file),
    };
  }
}

/**
 * How an interrupted call is closed: it ended when its recording was last written, never before it started; when
 * the answer was not stored yet, the recording's length tells when the talking began.
 */
export function interruptedClose(
  row: CallRecordRow,
  lastWritten: Date | null,
  audioSec: number,
): Omit<ClosedOpenRecord, 'recordingPath'> {
  const started = row.startedAt.getTime();
  let answered = row.answeredAt?.getTime() ?? null;
  const ended = Math.max(started, lastWritten?.getTime() ?? answered ?? started);
  if (answered === null && audioSec > 0) answered = Math.max(started, ended - audioSec * 1000);
  return {
    id: row.id,
    endedAt: new Date(ended),
    answeredAt: answered === null ? null : new Date(answered),
    durationSec: Math.floor((ended - started) / 1000),
    billedSec: answered === null ? 0 : Math.ceil(Math.max(0, ended - answered) / 1000),
    hangupCause: 'interrupted',
    hangupSide: 'system',
  };
}
