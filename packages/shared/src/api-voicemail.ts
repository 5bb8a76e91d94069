/** HTTP contract of 语音信箱 / 语音留言 (voicemail): boxes, messages, the new-message count. */
import { z } from 'zod';
import { pageQuery } from './api.ts';

/** A box: an extension number, or a group box's name (letters, digits, `_-`). */
export const voicemailBoxName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: 'voicemailBox' });

export const voicemailMessage = z.object({
  id: z.uuid(),
  box: z.string(),
  caller: z.string(),
  callerName: z.string().nullable(),
  callId: z.string(),
  durationMs: z.number().int(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type VoicemailMessage = z.infer<typeof voicemailMessage>;

export const voicemailMessageQuery = pageQuery.extend({
  box: z.string().trim().max(64).optional(),
  state: z.enum(['read', 'unread']).optional(),
  caller: z.string().trim().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type VoicemailMessageQuery = z.infer<typeof voicemailMessageQuery>;

export const voicemailMarkBody = z.object({ read: z.boolean() });

export const voicemailBoxCounts = z.object({ box: z.string(), new: z.number().int(), old: z.number().int() });
/** New messages in the signed-in user's boxes (`mine`) and, for voicemail:manage, in every box (`all`). */
export const voicemailUnread = z.object({
  mine: z.number().int(),
  all: z.number().int().nullable(),
  boxes: z.array(voicemailBoxCounts),
});
export type VoicemailUnread = z.infer<typeof voicemailUnread>;

export const voicemailGroupBox = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  members: z.array(z.string()),
  hasGreeting: z.boolean(),
  createdAt: z.string(),
});
export type VoicemailGroupBox = z.infer<typeof voicemailGroupBox>;

export const voicemailGroupBoxBody = z.object({
  name: voicemailBoxName,
  description: z.string().trim().max(200).optional(),
  members: z
    .array(
      z
        .string()
        .trim()
        .regex(/^\d{2,10}$/, { message: 'extension' }),
    )
    .max(100)
    .default([]),
});
export type VoicemailGroupBoxBody = z.infer<typeof voicemailGroupBoxBody>;

/** A box the user may read, for the filter and the greeting page. */
export const voicemailBox = z.object({
  box: z.string(),
  kind: z.enum(['extension', 'group']),
  hasGreeting: z.boolean(),
});
export const voicemailBoxParams = z.object({ box: voicemailBoxName });
