import { z } from 'zod';

/**
 * 转移设置 of one extension: where its calls go unconditionally (无条件), when it is busy (遇忙), and when it does
 * not answer within `noAnswerSec` (无应答; an extension that is not registered counts as not answering). A target is
 * an extension number of the enterprise, an outside phone number (through the outbound routes, with the
 * forwarding extension's call classes) or `voicemail`: the extension's own box (转语音信箱). Null: that kind of
 * forwarding is off.
 */
export const FORWARD_TO_VOICEMAIL = 'voicemail';
export const forwardingTarget = z
  .string({ error: 'must be an extension or a phone number' })
  .trim()
  .regex(/^(\+?\d{2,24}|voicemail)$/, { error: 'must be an extension or a phone number (digits, optional +)' });

export const NO_ANSWER_SEC = { min: 5, max: 120, default: 20 } as const;

export const callForwardingBody = z.strictObject({
  unconditional: forwardingTarget.nullable().default(null),
  busy: forwardingTarget.nullable().default(null),
  noAnswer: forwardingTarget.nullable().default(null),
  noAnswerSec: z
    .number({ error: `must be a number from ${NO_ANSWER_SEC.min} to ${NO_ANSWER_SEC.max}` })
    .int({ error: 'must be a whole number of seconds' })
    .min(NO_ANSWER_SEC.min, { error: `must be at least ${NO_ANSWER_SEC.min}` })
    .max(NO_ANSWER_SEC.max, { error: `must be at most ${NO_ANSWER_SEC.max}` })
    .default(NO_ANSWER_SEC.default),
});
export type CallForwardingInput = z.input<typeof callForwardingBody>;

export const callForwarding = z.object({
  extensionId: z.string(),
  number: z.string(),
  unconditional: z.string().nullable(),
  busy: z.string().nullable(),
  noAnswer: z.string().nullable(),
  noAnswerSec: z.number(),
  /** ISO 8601; null when never set. */
  updatedAt: z.string().nullable(),
});
export type CallForwarding = z.infer<typeof callForwarding>;
