import type { MohClass, VoiceFileStatus } from '@hujiao/shared';
import { PromptLibrary } from '@hujiao/switch';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { MohClassRepository, MohClassRow } from './moh-class.repository.ts';
import type { VoiceFileService } from './voice-file.service.ts';

export interface MohClassInput {
  name: string;
  isDefault: boolean;
  fileIds: string[];
}

/** The music on hold shipped with the product (packages/switch/prompts/moh/default.wav). */
export function shippedMusicOnHold(): string[] {
  const file = new PromptLibrary().musicOnHold();
  return file ? [file] : [];
}

/** 保持音乐 classes: per enterprise, approved voice files in a loop, one class the default. */
export class MohClassService {
  constructor(
    private readonly repo: MohClassRepository,
    private readonly voiceFiles: VoiceFileService,
    private readonly audit: AuditService,
    private readonly shipped: () => string[] = shippedMusicOnHold,
  ) {}

  private async toMohClass(row: MohClassRow): Promise<MohClass> {
    const files = new Map((await this.voiceFiles.filesOf(row.tenantId, row.fileIds)).map((f) => [f.id, f]));
    return {
      id: row.id,
      name: row.name,
      isDefault: row.isDefault,
      fileIds: row.fileIds,
      files: row.fileIds.flatMap((id) => {
        const f = files.get(id);
        return f ? [{ id, name: f.name, status: f.status as VoiceFileStatus, durationMs: f.durationMs }] : [];
      }),
      createdAt: row.createdAt.toISOString(),
    };
  }

  async list(tenantId: string): Promise<MohClass[]> {
    return Promise.all((await this.repo.list(tenantId)).map((r) => this.toMohClass(r)));
  }

  async get(tenantId: string, id: string): Promise<MohClass> {
    const row = await this.repo.findById(tenantId, id);
    if (!row) throw notFound();
    return this.toMohClass(row);
  }

  async create(ctx: AuditContext, given: MohClassInput): Promise<MohClass> {
    const input = { ...given, fileIds: [...new Set(given.fileIds)] };
    await this.checkFiles(ctx.tenantId, input.fileIds);
    const row = await this.repo.save(ctx.tenantId, null, input);
    if (!row) throw new Error('music-on-hold class insert returned nothing');
    await this.audit.record(ctx, 'mohClass', 'create', { id: row.id, detail: { ...input } });
    return this.toMohClass(row);
  }

  /** A file listed twice is kept once, at its first place. */
  async update(ctx: AuditContext, id: string, given: Partial<MohClassInput>): Promise<MohClass> {
    const input = given.fileIds ? { ...given, fileIds: [...new Set(given.fileIds)] } : given;
    if (!(await this.repo.findById(ctx.tenantId, id))) throw notFound();
    if (input.fileIds) await this.checkFiles(ctx.tenantId, input.fileIds);
    const row = await this.repo.save(ctx.tenantId, id, input);
    if (!row) throw notFound();
    await this.audit.record(ctx, 'mohClass', 'update', { id, detail: { ...input } });
    return this.toMohClass(row);
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const row = await this.repo.findById(ctx.tenantId, id);
    if (!row || !(await this.repo.delete(ctx.tenantId, id))) throw notFound();
    await this.audit.record(ctx, 'mohClass', 'delete', { id, detail: { name: row.name } });
  }

  /** Names of the classes that play a voice file. */
  async classesUsing(tenantId: string, fileId: string): Promise<string[]> {
    return (await this.repo.usingFile(tenantId, fileId)).map((c) => c.name);
  }

  /**
   * What a held call of the tenant hears, in play order (to be looped): the named class, else the enterprise's
   * default class, else the music shipped with the product. A class's files that are no longer approved (or gone)
   * are left out; a class left with none plays the shipped music.
   */
  readonly musicOnHoldFor = async (tenantId: string, className?: string): Promise<string[]> => {
    const row = (className ? await this.repo.find(tenantId, className) : undefined) ?? (await this.repo.find(tenantId));
    const files = row ? await this.voiceFiles.approvedPaths(tenantId, row.fileIds) : [];
    return files.length > 0 ? files : this.shipped();
  };

  /** Refuses an id that is not a class of the tenant (MOH_CLASS_NOT_FOUND). */
  async checkClass(tenantId: string, id: string): Promise<void> {
    if (!(await this.repo.findById(tenantId, id))) throw new DomainError('MOH_CLASS_NOT_FOUND');
  }

  /** A class's approved files in play order (empty when the class is gone or has none usable). */
  readonly filesOfClass = async (tenantId: string, id: string): Promise<string[]> => {
    const row = await this.repo.findById(tenantId, id);
    return row ? this.voiceFiles.approvedPaths(tenantId, row.fileIds) : [];
  };

  /** Every file must be the tenant's and approved (已通过). */
  private async checkFiles(tenantId: string, ids: string[]): Promise<void> {
    const files = new Map((await this.voiceFiles.filesOf(tenantId, ids)).map((f) => [f.id, f]));
    for (const id of ids) {
      const f = files.get(id);
      if (!f) throw notFound();
      if (f.status !== 'approved') throw new DomainError('VOICE_FILE_NOT_APPROVED', { name: f.name });
    }
  }
}
