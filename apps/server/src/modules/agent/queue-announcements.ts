import type { PromptItem } from '@hujiao/shared';

/**
 * What a waiting caller hears of their place (library prompts under packages/switch/prompts, in the flow's
 * language): "您是下一位，请稍候" at the head of the line, else "您前面还有 N 位客户在等待"; then, when the queue
 * knows it, "预计等待时间 M 分钟" (whole minutes, at least one).
 */
export function positionAnnouncement(position: number, expectedWaitSec: number | null): PromptItem[] {
  const items: PromptItem[] =
    position <= 1
      ? [{ prompt: 'queue-next' }]
      : [{ prompt: 'queue-ahead' }, { number: position - 1 }, { prompt: 'queue-ahead-end' }];
  if (expectedWaitSec !== null && expectedWaitSec > 0)
    items.push({ prompt: 'queue-wait' }, { number: Math.ceil(expectedWaitSec / 60) }, { prompt: 'queue-minutes' });
  return items;
}
