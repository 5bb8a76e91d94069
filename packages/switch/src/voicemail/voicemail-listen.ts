import type { FlowContext } from '../flow/flow-context.ts';
import { SystemPrompt } from '../flow/prompt-library.ts';
import { numberPromptNames } from '../flow/say-number.ts';
import { childController } from '../flow/signals.ts';
import type { FlowState } from '../flow/task.ts';
import { BEEP_MS, BEEP_TONE } from '../flow/tones.ts';
import type { VoicemailMessageInfo, VoicemailPort } from './voicemail-types.ts';

/** Keys of the listen menu, pressed during or after a message. */
export const ListenKey = { Replay: '1', Next: '2', Delete: '7', Save: '9', Exit: '#' } as const;

/** How long the menu waits for a key after a message before it goes on to the next. */
export const LISTEN_WAIT_MS = 8000;

type Choice = 'replay' | 'next' | 'delete' | 'save' | 'exit';
const CHOICES: Record<string, Choice> = { '1': 'replay', '2': 'next', '7': 'delete', '9': 'save', '#': 'exit' };

/** Plays one file; a key of the menu stops it and is the answer. */
async function playMessage(ctx: FlowContext, state: FlowState, file: string): Promise<Choice | null> {
  const child = childController(ctx.signal);
  let choice: Choice | null = null;
  const off = state.digits.onPush(() => {
    while (state.digits.size > 0) {
      const c = CHOICES[state.digits.take() ?? ''];
      if (c && !choice) {
        choice = c;
        child.abort('key');
      }
    }
  });
  try {
    await ctx.play({ file }, child.signal);
  } finally {
    off();
    child.dispose();
  }
  return choice;
}

async function waitKey(ctx: FlowContext, state: FlowState): Promise<Choice> {
  for (;;) {
    const digit = await state.digits.next(LISTEN_WAIT_MS, ctx.signal);
    if (digit === null) return 'next';
    const c = CHOICES[digit];
    if (c) return c;
  }
}

/** Says a count with the number prompts, then a beep. */
async function sayCount(ctx: FlowContext, state: FlowState, n: number): Promise<void> {
  for (const name of numberPromptNames(n, state.lang)) {
    const file = ctx.prompt(name, state.lang);
    if (file) await ctx.play({ file }, ctx.signal);
    if (ctx.signal.aborted) return;
  }
  await ctx.play({ tone: BEEP_TONE, durationMs: BEEP_MS }, ctx.signal);
}

/**
 * The phone's listen menu (*97): says how many new messages the box holds, plays them newest first (then the
 * saved ones), and after or during each: 1 replays, 2 goes to the next, 7 deletes, 9 saves (marks it read),
 * # ends. Silence after a message goes to the next.
 */
export async function listenToBox(ctx: FlowContext, state: FlowState, port: VoicemailPort, box: string) {
  let messages: VoicemailMessageInfo[];
  try {
    messages = await port.messages(ctx.tenantId, box);
  } catch (err) {
    ctx.logger.error({ err: String(err), box }, 'voicemail: messages not listed');
    return;
  }
  state.digits.clear();
  await sayCount(ctx, state, messages.filter((m) => !m.read).length);
  ctx.logger.info({ box, messages: messages.length }, 'voicemail: listening');
  for (const message of messages) {
    let choice: Choice | null = 'replay';
    while (choice === 'replay' && !ctx.signal.aborted) {
      choice = await playMessage(ctx, state, message.file);
      if (ctx.signal.aborted) return;
      choice ??= await waitKey(ctx, state);
    }
    if (ctx.signal.aborted) return;
    if (choice === 'exit') break;
    try {
      if (choice === 'delete') await port.remove(ctx.tenantId, box, message.id);
      if (choice === 'save' && !message.read) await port.markRead(ctx.tenantId, box, message.id);
    } catch (err) {
      ctx.logger.error({ err: String(err), box, id: message.id, choice }, 'voicemail: change not saved');
    }
  }
  if (!ctx.signal.aborted) {
    const bye = ctx.prompt(SystemPrompt.Goodbye, state.lang);
    if (bye) await ctx.play({ file: bye }, ctx.signal);
  }
}
