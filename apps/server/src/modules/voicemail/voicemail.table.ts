import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenant/tenant.table.ts';

/**
 * 语音信箱 boxes that need a row: group boxes (a name and member extensions) and extension boxes with a custom
 * greeting. An extension's box exists implicitly (its number); a row only adds the greeting.
 */
export const voicemailBoxes = pgTable(
  'voicemail_boxes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'extension' | 'group'>().notNull(),
    /** The extension number, or the group box's name. */
    box: text('box').notNull(),
    description: text('description'),
    /** Extension numbers whose users read a group box's messages. */
    members: jsonb('members').$type<string[]>().notNull().default([]),
    /** Greeting WAV below the data directory (voicemail/<tenantId>/greetings/...); null: the system prompt. */
    greetingPath: text('greeting_path'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('voicemail_boxes_box_unique').on(t.tenantId, t.box)],
);

/** 语音留言: one message left in a box. Deleting sets deleted_at (the file is removed). */
export const voicemailMessages = pgTable(
  'voicemail_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    box: text('box').notNull(),
    caller: text('caller').notNull(),
    callerName: text('caller_name'),
    callId: text('call_id').notNull(),
    /** WAV path relative to the data directory. */
    filePath: text('file_path').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('voicemail_messages_box_idx').on(t.tenantId, t.box, t.createdAt),
    index('voicemail_messages_tenant_time_idx').on(t.tenantId, t.createdAt),
  ],
);
