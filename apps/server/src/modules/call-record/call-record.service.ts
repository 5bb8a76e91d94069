import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CallRecord } from '@hujiao/shared';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type {
  CallRecordFilter,
  CallRecordInsert,
  CallRecordRepository,
  CallRecordRow,
} from './call-record.repository.ts';

const toCallRecord = (r: CallRecordRow): CallRecord => ({
  id: r.id,
  callId: r.callId,
  caller: r.caller,
  callee: r.callee,
  direction: r.direction,
  startedAt: r.startedAt.toISOString(),
  answeredAt: r.answeredAt?.toISOString() ?? null,
  endedAt: r.endedAt.toISOString(),
  durationSec: r.durationSec,
  billedSec: r.billedSec,
  hangupCause: r.hangupCause,
  hangupSide: r.hangupSide,
  hasRecording: !!r.recordingPath,
  legs: r.legs,
});

/** 通话记录: written by the switch, read by people allowed to; recordings stream from the data directory. */
export class CallRecordService {
  constructor(
    private readonly repo: CallRecordRepository,
    /** Root folder of recordings; stored paths are relative to it, so a record can never point elsewhere. */
    private readonly recordingsDir: string,
  ) {}

  async list(tenantId: string, filter: CallRecordFilter) {
    const { rows, total } = await this.repo.list(tenantId, filter);
    return { items: rows.map(toCallRecord), total };
  }

  async get(tenantId: string, id: string): Promise<CallRecord> {
    const row = await this.repo.findById(tenantId, id);
    if (!row) throw notFound();
    return toCallRecord(row);
  }

  recordingsDirForTests(): string {
    return this.recordingsDir;
  }

  async write(record: CallRecordInsert): Promise<void> {
    await this.repo.insert(record);
  }

  /** Several records in one statement: the switch's CDR port batches what ends within a short window. */
  async writeMany(records: CallRecordInsert[]): Promise<void> {
    await this.repo.insertMany(records);
  }

  /** Opens the recording of a record of this tenant; the caller has already passed the permission check. */
  async recording(tenantId: string, id: string) {
    const row = await this.repo.findById(tenantId, id);
    if (!row) throw notFound();
    if (!row.recordingPath) throw new DomainError('RECORDING_MISSING');
    const file = path.resolve(this.recordingsDir, row.recordingPath);
    if (!file.startsWith(path.resolve(this.recordingsDir) + path.sep) || !existsSync(file)) {
      throw new DomainError('RECORDING_MISSING');
    }
    return {
      size: statSync(file).size,
      fileName: `${row.startedAt.toISOString().slice(0, 19).replace(/[:T]/g, '-')}_${row.caller}_${row.callee}.wav`,
      stream: () => createReadStream(file),
    };
  }
}
