import { and, count, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { users } from '../user/user.table.ts';
import { voiceFiles } from './voice-file.table.ts';

export type VoiceFileRow = typeof voiceFiles.$inferSelect;
export type VoiceFileInsert = typeof voiceFiles.$inferInsert;
export interface VoiceFileListRow {
  file: VoiceFileRow;
  uploaderName: string | null;
  reviewerName: string | null;
}
export interface VoiceFileFilter {
  page: number;
  pageSize: number;
  keyword?: string;
  usage?: string;
  status?: string;
}

export class VoiceFileRepository {
  private readonly uploader = alias(users, 'uploader');
  private readonly reviewer = alias(users, 'reviewer');

  constructor(private readonly db: Db) {}

  private select() {
    return this.db
      .select({ file: voiceFiles, uploaderName: this.uploader.name, reviewerName: this.reviewer.name })
      .from(voiceFiles)
      .leftJoin(this.uploader, eq(this.uploader.id, voiceFiles.uploadedBy))
      .leftJoin(this.reviewer, eq(this.reviewer.id, voiceFiles.reviewedBy));
  }

  async list(tenantId: string, f: VoiceFileFilter): Promise<{ rows: VoiceFileListRow[]; total: number }> {
    const where: SQL[] = [eq(voiceFiles.tenantId, tenantId)];
    if (f.keyword) where.push(ilike(voiceFiles.name, `%${f.keyword}%`));
    if (f.usage) where.push(eq(voiceFiles.usage, f.usage));
    if (f.status) where.push(eq(voiceFiles.status, f.status));
    const rows = await this.select()
      .where(and(...where))
      .orderBy(desc(voiceFiles.createdAt), desc(voiceFiles.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    const [n] = await this.db
      .select({ n: count() })
      .from(voiceFiles)
      .where(and(...where));
    return { rows, total: n?.n ?? 0 };
  }

  async findById(tenantId: string, id: string): Promise<VoiceFileListRow | undefined> {
    const [row] = await this.select().where(and(eq(voiceFiles.tenantId, tenantId), eq(voiceFiles.id, id)));
    return row;
  }

  async findMany(tenantId: string, ids: string[]): Promise<VoiceFileRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(voiceFiles)
      .where(and(eq(voiceFiles.tenantId, tenantId), inArray(voiceFiles.id, ids)));
  }

  async insert(values: VoiceFileInsert): Promise<VoiceFileRow> {
    const [row] = await this.db.insert(voiceFiles).values(values).returning();
    if (!row) throw new Error('voice file insert returned nothing');
    return row;
  }

  async update(tenantId: string, id: string, values: Partial<VoiceFileInsert>): Promise<VoiceFileRow | undefined> {
    const [row] = await this.db
      .update(voiceFiles)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(voiceFiles.tenantId, tenantId), eq(voiceFiles.id, id)))
      .returning();
    return row;
  }

  /** Sets the review outcome only while the file is still pending; false when it was not. */
  async review(
    tenantId: string,
    id: string,
    values: { status: 'approved' | 'rejected'; rejectReason: string | null; reviewedBy: string | null },
  ): Promise<boolean> {
    const rows = await this.db
      .update(voiceFiles)
      .set({ ...values, reviewedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(voiceFiles.tenantId, tenantId), eq(voiceFiles.id, id), eq(voiceFiles.status, 'pending')))
      .returning({ id: voiceFiles.id });
    return rows.length > 0;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(voiceFiles)
      .where(and(eq(voiceFiles.tenantId, tenantId), eq(voiceFiles.id, id)))
      .returning({ id: voiceFiles.id });
    return rows.length > 0;
  }
}
