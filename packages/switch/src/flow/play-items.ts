import type { PromptItem, PromptSpec } from '@hujiao/shared';
import type { FlowContext, FlowPlaySource } from './flow-context.ts';
import { digitPromptNames, numberPromptNames } from './say-number.ts';
import { childController } from './signals.ts';
import type { FlowState } from './task.ts';
import { tonePlanOf } from './tones.ts';

export type PlayEnd = 'done' | 'bargedIn' | 'aborted';

export function itemsOf(spec: PromptSpec | undefined): PromptItem[] {
  if (spec === undefined) return [];
  return Array.isArray(spec) ? spec : [spec];
}

/** Library prompts as files; a missing one is logged and skipped (the caller hears the rest). */
function promptFiles(names: string[], lang: string, ctx: FlowContext): FlowPlaySource[] {
  const out: FlowPlaySource[] = [];
  for (const name of names) {
    const file = ctx.prompt(name, lang);
    if (file) out.push({ file });
    else ctx.logger.warn({ prompt: name, lang }, 'flow: prompt not found');
  }
  return out;
}

/** What one item plays, in order. A `say` value that is not a number or digits is logged and skipped. */
export function sourcesOf(item: PromptItem, ctx: FlowContext, state: FlowState): FlowPlaySource[] {
  const lang = item.lang ?? state.lang;
  if (item.file !== undefined) return [{ file: state.subst(item.file) }];
  if (item.prompt !== undefined) return promptFiles([item.prompt], lang, ctx);
  if (item.tone !== undefined) {
    const { plan, defaultMs } = tonePlanOf(item.tone, state.toneRegion);
    const durationMs = item.durationSec !== undefined ? item.durationSec * 1000 : defaultMs;
    return [durationMs === undefined ? { tone: plan } : { tone: plan, durationMs }];
  }
  try {
    if (item.digits !== undefined) return promptFiles(digitPromptNames(state.subst(item.digits)), lang, ctx);
    if (item.number !== undefined) {
      const text = typeof item.number === 'number' ? String(item.number) : state.subst(item.number).trim();
      if (!/^\d{1,9}$/.test(text)) throw new RangeError(`'${text}' is not a whole number`);
      return promptFiles(numberPromptNames(Number(text), lang), lang, ctx);
    }
  } catch (e) {
    ctx.logger.warn({ err: (e as Error).message }, 'flow: cannot say this');
  }
  return [];
}

/**
 * Plays the items one after another. With `bargeIn`, a digit stops the playback (the digit stays in the
 * type-ahead buffer for the next gather or menu), and a digit already buffered skips it.
 */
export async function playItems(
  items: PromptItem[],
  ctx: FlowContext,
  state: FlowState,
  bargeIn: boolean,
): Promise<PlayEnd> {
  if (items.length === 0) return 'done';
  if (bargeIn && state.digits.size > 0) return 'bargedIn';
  await state.answer();
  const child = childController(ctx.signal);
  let bargedIn = false;
  const off = bargeIn
    ? state.digits.onPush(() => {
        bargedIn = true;
        child.abort('bargeIn');
      })
    : () => {};
  try {
    for (const item of items) {
      for (const source of sourcesOf(item, ctx, state)) {
        if (child.signal.aborted) break;
        await ctx.play(source, child.signal);
      }
    }
  } finally {
    off();
    child.dispose();
  }
  if (ctx.signal.aborted) return 'aborted';
  return bargedIn ? 'bargedIn' : 'done';
}
