import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenant/tenant.table.ts';
import { users } from '../user/user.table.ts';

/**
 * 语音文件: an uploaded WAV or MP3, kept as sent (`originalKey`) and as the switch plays it (`storageKey`, 8 kHz
 * mono 16-bit WAV); keys are paths inside the voice-file storage. Usable in calls only once approved (已通过).
 */
export const voiceFiles = pgTable(
  'voice_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** ivr | moh | announcement | campaign */
    usage: text('usage').notNull(),
    /** pending | approved | rejected */
    status: text('status').notNull().default('pending'),
    rejectReason: text('reject_reason'),
    durationMs: integer('duration_ms').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    storageKey: text('storage_key').notNull(),
    originalKey: text('original_key').notNull(),
    originalName: text('original_name').notNull(),
    /** wav | mp3 */
    originalFormat: text('original_format').notNull(),
    originalDescription: text('original_description').notNull(),
    originalSize: integer('original_size').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('voice_files_name_unique').on(t.tenantId, t.name),
    index('voice_files_tenant_idx').on(t.tenantId, t.createdAt),
  ],
);

/**
 * 保持音乐 class: approved voice files played in order, in a loop (none = the music on hold shipped with the
 * product). At most one class per enterprise is its default.
 */
export const mohClasses = pgTable(
  'moh_classes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    /** Voice file ids in play order. */
    fileIds: jsonb('file_ids').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('moh_classes_name_unique').on(t.tenantId, t.name),
    uniqueIndex('moh_classes_default_unique').on(t.tenantId).where(sql`${t.isDefault}`),
  ],
);
