import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectClean, ms, start } from './test-helpers.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const survey = [{ verb: 'survey' }, { verb: 'hangup' }];

describe('survey (满意度评价)', () => {
  it('a key of 1-5 during the prompt is the score; the thanks play, then the flow goes on', async () => {
    const { ctx, done } = start(survey);
    await ms(300);
    ctx.press('5');
    await ms(1000);
    const result = await done;
    expect(ctx.events).toEqual([
      'answer',
      'play /p/zh-CN/survey-prompt.wav',
      'stopped play /p/zh-CN/survey-prompt.wav',
      'survey 5',
      'play /p/zh-CN/survey-thanks.wav',
      'hangup normal',
    ]);
    expect(result.vars.surveyScore).toBe('5');
    expectClean(ctx);
  });

  it('a wrong key replays the prompt once; silence after that ends without a score', async () => {
    const { ctx, done } = start(survey);
    await ms(1000);
    ctx.press('9');
    await ms(1000 + 8000);
    const result = await done;
    expect(ctx.events).toEqual([
      'answer',
      'play /p/zh-CN/survey-prompt.wav',
      'play /p/zh-CN/survey-prompt.wav',
      'survey none',
      'hangup normal',
    ]);
    expect(result.vars.surveyScore).toBe('');
    expectClean(ctx);
  });

  it('no key at all: the prompt plays twice, 8 s apart, then no score', async () => {
    const { ctx, done } = start(survey);
    await ms(1000 + 7999);
    expect(ctx.events.filter((e) => e.startsWith('play'))).toHaveLength(1);
    await ms(1 + 1000 + 8000);
    await done;
    expect(ctx.events.slice(-2)).toEqual(['survey none', 'hangup normal']);
  });

  it('keys pressed before the survey (while talking) are not a rating', async () => {
    const { ctx, done } = start([{ verb: 'pause', sec: 1 }, ...survey]);
    ctx.press('3');
    await ms(1000 + 500);
    ctx.press('2');
    await ms(1000);
    expect((await done).vars.surveyScore).toBe('2');
  });
});
