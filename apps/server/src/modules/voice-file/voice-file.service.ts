import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import type { ReviewVoiceFileBody, VoiceFile, VoiceFileQuery, VoiceFileUsage } from '@hujiao/shared';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import { convertUpload } from './audio/convert.ts';
import { ConversionError } from './audio/decoded-audio.ts';
import { voiceFileRefs, withVoiceFilePaths } from './flow-voice-files.ts';
import type { VoiceFileListRow, VoiceFileRepository, VoiceFileRow } from './voice-file.repository.ts';
import type { VoiceStorage } from './voice-storage.ts';

export interface VoiceFileServiceDeps {
  repo: VoiceFileRepository;
  storage: VoiceStorage;
  audit: AuditService;
  /** Names of the music-on-hold classes that play a file (a file in use is not deleted). */
  classesUsing: (tenantId: string, fileId: string) => Promise<string[]>;
  maxSeconds: number;
}

export interface VoiceUpload {
  name: string;
  usage: VoiceFileUsage;
  fileName: string;
  data: Buffer;
}

export interface VoiceAudio {
  stream: () => ReadStream;
  size: number;
  fileName: string;
  contentType: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toVoiceFile = (r: VoiceFileListRow): VoiceFile => ({
  id: r.file.id,
  name: r.file.name,
  usage: r.file.usage as VoiceFile['usage'],
  status: r.file.status as VoiceFile['status'],
  rejectReason: r.file.rejectReason,
  durationMs: r.file.durationMs,
  sizeBytes: r.file.sizeBytes,
  originalName: r.file.originalName,
  originalFormat: r.file.originalFormat as VoiceFile['originalFormat'],
  originalDescription: r.file.originalDescription,
  uploadedBy: r.file.uploadedBy,
  uploaderName: r.uploaderName,
  reviewedBy: r.file.reviewedBy,
  reviewerName: r.reviewerName,
  reviewedAt: r.file.reviewedAt?.toISOString() ?? null,
  createdAt: r.file.createdAt.toISOString(),
});

function conversionError(e: ConversionError): DomainError {
  const f = e.failure;
  switch (f.kind) {
    case 'not-audio':
      return new DomainError('VOICE_FILE_NOT_AUDIO');
    case 'unsupported-encoding':
      return new DomainError('VOICE_FILE_UNSUPPORTED_ENCODING', { encoding: f.encoding });
    case 'empty':
      return new DomainError('VOICE_FILE_EMPTY');
    default:
      return new DomainError('VOICE_FILE_TOO_LONG', { minutes: Math.round(f.maxSeconds / 60) });
  }
}

/** 语音文件: upload (converted to what the switch plays, the original kept), review, listen, use in calls. */
export class VoiceFileService {
  constructor(private readonly d: VoiceFileServiceDeps) {}

  async list(tenantId: string, q: VoiceFileQuery) {
    const { rows, total } = await this.d.repo.list(tenantId, q);
    return { items: rows.map(toVoiceFile), total };
  }

  async get(tenantId: string, id: string): Promise<VoiceFile> {
    const row = await this.d.repo.findById(tenantId, id);
    if (!row) throw notFound();
    return toVoiceFile(row);
  }

  async upload(ctx: AuditContext, u: VoiceUpload): Promise<VoiceFile> {
    let converted: Awaited<ReturnType<typeof convertUpload>>;
    try {
      converted = await convertUpload(u.data, this.d.maxSeconds);
    } catch (e) {
      if (e instanceof ConversionError) throw conversionError(e);
      throw e;
    }
    const id = randomUUID();
    const storageKey = `${ctx.tenantId}/${id}.wav`;
    const originalKey = `${ctx.tenantId}/${id}.orig.${converted.originalFormat}`;
    await this.d.storage.put(originalKey, u.data);
    await this.d.storage.put(storageKey, converted.wav);
    try {
      await this.d.repo.insert({
        id,
        tenantId: ctx.tenantId,
        name: u.name,
        usage: u.usage,
        status: 'pending',
        durationMs: converted.durationMs,
        sizeBytes: converted.wav.length,
        storageKey,
        originalKey,
        originalName: u.fileName.slice(0, 200),
        originalFormat: converted.originalFormat,
        originalDescription: converted.originalDescription,
        originalSize: u.data.length,
        uploadedBy: ctx.userId,
      });
    } catch (e) {
      await this.d.storage.delete(storageKey);
      await this.d.storage.delete(originalKey);
      throw e; // a name in use answers CONFLICT (名称) through the error handler
    }
    await this.d.audit.record(ctx, 'voiceFile', 'create', {
      id,
      detail: { name: u.name, usage: u.usage, durationMs: converted.durationMs, from: converted.originalDescription },
    });
    return this.get(ctx.tenantId, id);
  }

  async update(ctx: AuditContext, id: string, input: { name?: string; usage?: VoiceFileUsage }): Promise<VoiceFile> {
    if (!(await this.d.repo.update(ctx.tenantId, id, input))) throw notFound();
    await this.d.audit.record(ctx, 'voiceFile', 'update', { id, detail: input });
    return this.get(ctx.tenantId, id);
  }

  /** 审核: a pending file becomes 已通过 or 已拒绝 (with the reason); a reviewed one is not reviewed again. */
  async review(ctx: AuditContext, id: string, body: ReviewVoiceFileBody): Promise<VoiceFile> {
    const current = await this.d.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    const approve = body.decision === 'approve';
    const done = await this.d.repo.review(ctx.tenantId, id, {
      status: approve ? 'approved' : 'rejected',
      rejectReason: body.decision === 'reject' ? body.reason : null,
      reviewedBy: ctx.userId,
    });
    if (!done) throw new DomainError('VOICE_FILE_ALREADY_REVIEWED');
    await this.d.audit.record(ctx, 'voiceFile', approve ? 'approve' : 'reject', {
      id,
      detail: body.decision === 'reject' ? { reason: body.reason } : {},
    });
    return this.get(ctx.tenantId, id);
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.d.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    const using = await this.d.classesUsing(ctx.tenantId, id);
    if (using.length > 0) throw new DomainError('VOICE_FILE_IN_USE', { usedBy: using.join('、') });
    if (!(await this.d.repo.delete(ctx.tenantId, id))) throw notFound();
    await this.d.storage.delete(current.file.storageKey);
    await this.d.storage.delete(current.file.originalKey);
    await this.d.audit.record(ctx, 'voiceFile', 'delete', { id, detail: { name: current.file.name } });
  }

  /** The converted WAV (what calls play) or the file as uploaded, for the console's player and downloads. */
  async audio(tenantId: string, id: string, which: 'converted' | 'original'): Promise<VoiceAudio> {
    const row = await this.d.repo.findById(tenantId, id);
    if (!row) throw notFound();
    const key = which === 'converted' ? row.file.storageKey : row.file.originalKey;
    const size = await this.d.storage.size(key);
    if (size === null) throw notFound();
    const format = which === 'converted' ? 'wav' : row.file.originalFormat;
    return {
      stream: () => this.d.storage.read(key),
      size,
      fileName: `${row.file.name}.${format}`,
      contentType: format === 'mp3' ? 'audio/mpeg' : 'audio/wav',
    };
  }

  /**
   * The absolute path of an approved voice file of the tenant (8 kHz mono 16-bit WAV), for a flow's
   * `play { file }`; null for a file that is unknown, of another tenant, pending, rejected or missing on disk.
   */
  readonly resolveVoiceFile = async (tenantId: string, id: string): Promise<string | null> => {
    if (!UUID.test(id)) return null;
    const [row] = await this.d.repo.findMany(tenantId, [id]);
    return row ? this.approvedPath(row) : null;
  };

  /**
   * A flow whose `play { file: "voice-file:<id>" }` items (at any depth: menus, branches) name voice files, with
   * those replaced by the local paths of the tenant's approved files; `unusable` lists the ids that are not
   * (unknown, another tenant's, pending, rejected), left as they were (the switch logs and skips such a prompt).
   */
  async resolveFlowVoiceFiles<T>(tenantId: string, flow: T): Promise<{ flow: T; unusable: string[] }> {
    const ids = [...voiceFileRefs(flow)];
    const paths = new Map<string, string>();
    const unusable: string[] = [];
    for (const id of ids) {
      const file = await this.resolveVoiceFile(tenantId, id);
      if (file) paths.set(id, file);
      else unusable.push(id);
    }
    return { flow: withVoiceFilePaths(flow, paths), unusable };
  }

  /** Approved files among `ids`, in the order asked, as local paths (others left out). */
  async approvedPaths(tenantId: string, ids: string[]): Promise<string[]> {
    const rows = new Map((await this.d.repo.findMany(tenantId, ids)).map((r) => [r.id, r]));
    const out: string[] = [];
    for (const id of ids) {
      const row = rows.get(id);
      const file = row ? await this.approvedPath(row) : null;
      if (file) out.push(file);
    }
    return out;
  }

  /** Files of the tenant among `ids` (any status), for checks by the music-on-hold classes. */
  filesOf(tenantId: string, ids: string[]): Promise<VoiceFileRow[]> {
    return this.d.repo.findMany(tenantId, ids);
  }

  private async approvedPath(row: VoiceFileRow): Promise<string | null> {
    if (row.status !== 'approved') return null;
    return (await this.d.storage.size(row.storageKey)) === null ? null : this.d.storage.localPath(row.storageKey);
  }
}
