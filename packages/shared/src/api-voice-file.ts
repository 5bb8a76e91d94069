/** HTTP contract for voice files (语音文件) and music-on-hold classes (保持音乐). */
import { z } from 'zod';
import { pageQuery } from './api.ts';

const id = z.uuid();
const timestamp = z.string();

/** What a voice file is for: IVR prompt, music on hold, announcement (通知/公告), campaign (群呼). */
export const VOICE_FILE_USAGES = ['ivr', 'moh', 'announcement', 'campaign'] as const;
export type VoiceFileUsage = (typeof VOICE_FILE_USAGES)[number];
/** 待审核 → 已通过 / 已拒绝. */
export const VOICE_FILE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type VoiceFileStatus = (typeof VOICE_FILE_STATUSES)[number];

/** Limits of an upload: bytes of the file sent, and seconds of audio in it. */
export const VOICE_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const VOICE_FILE_MAX_SECONDS = 600;

export const voiceFile = z.object({
  id,
  name: z.string(),
  usage: z.enum(VOICE_FILE_USAGES),
  status: z.enum(VOICE_FILE_STATUSES),
  rejectReason: z.string().nullable(),
  durationMs: z.number().int(),
  /** Bytes of the converted file (8 kHz mono 16-bit WAV). */
  sizeBytes: z.number().int(),
  originalName: z.string(),
  originalFormat: z.enum(['wav', 'mp3']),
  /** e.g. "MP3 44100 Hz 2 ch" */
  originalDescription: z.string(),
  uploadedBy: id.nullable(),
  uploaderName: z.string().nullable(),
  reviewedBy: id.nullable(),
  reviewerName: z.string().nullable(),
  reviewedAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type VoiceFile = z.infer<typeof voiceFile>;

export const voiceFileQuery = pageQuery.extend({
  usage: z.enum(VOICE_FILE_USAGES).optional(),
  status: z.enum(VOICE_FILE_STATUSES).optional(),
});
export type VoiceFileQuery = z.infer<typeof voiceFileQuery>;

export const voiceFileName = z.string().trim().min(1).max(60);
/** The text fields sent beside the file in the multipart upload. */
export const uploadVoiceFileFields = z.object({
  name: voiceFileName,
  usage: z.enum(VOICE_FILE_USAGES),
});
export const updateVoiceFileBody = z.object({ name: voiceFileName, usage: z.enum(VOICE_FILE_USAGES) }).partial();
export const reviewVoiceFileBody = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({ decision: z.literal('reject'), reason: z.string().trim().min(1).max(200) }),
]);
export type ReviewVoiceFileBody = z.infer<typeof reviewVoiceFileBody>;

// ---- music-on-hold classes ----
export const mohClass = z.object({
  id,
  name: z.string(),
  /** The enterprise's default class (held calls hear it unless a route or queue names another). */
  isDefault: z.boolean(),
  /** Voice files played in this order, in a loop; empty = the music on hold shipped with the product. */
  fileIds: z.array(id),
  files: z.array(z.object({ id, name: z.string(), status: z.enum(VOICE_FILE_STATUSES), durationMs: z.number() })),
  createdAt: timestamp,
});
export type MohClass = z.infer<typeof mohClass>;

export const mohClassName = z.string().trim().min(1).max(40);
export const createMohClassBody = z.object({
  name: mohClassName,
  isDefault: z.boolean().default(false),
  fileIds: z.array(id).max(50).default([]),
});
export const updateMohClassBody = z
  .object({ name: mohClassName, isDefault: z.boolean(), fileIds: z.array(id).max(50) })
  .partial();
