/** Shared by the flow tests. */
import { type Flow, parseFlow } from '@hujiao/shared';
import { expect, vi } from 'vitest';
import { FakeFlowContext as Fake, type FakeFlowContext, type FakeScript } from './fake-flow-context.ts';
import { type FlowRunResult, type RunFlowOptions, runFlow } from './run-flow.ts';

/** `${name}` without a template-string lint warning. */
export const v = (name: string): string => `$${'{'}${name}}`;

export function flowOf(json: unknown): Flow {
  const result = parseFlow(json);
  if (!result.ok) throw new Error(result.error);
  return result.flow;
}

export function start(
  steps: unknown[],
  script: FakeScript = {},
  options: RunFlowOptions = {},
): { ctx: FakeFlowContext; done: Promise<FlowRunResult> } {
  const ctx = new Fake(script);
  const done = runFlow(flowOf({ steps }), ctx, options);
  return { ctx, done };
}

/** No operation left running, no digit listener, no timer. */
export function expectClean(ctx: FakeFlowContext): void {
  expect(ctx.pending).toBe(0);
  expect(ctx.digitListenerCount).toBe(0);
  expect(vi.getTimerCount()).toBe(0);
}

export const ms = (n: number) => vi.advanceTimersByTimeAsync(n);
