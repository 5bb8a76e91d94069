import { type SwitchEvent, switchEventSchema } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from './event-bus.ts';

const at = '2026-12-01T10:00:00.000Z';
const answered: SwitchEvent = { type: 'call.answered', tenantId: 't1', callId: 'c1', legId: 'l2', at };
const dtmf: SwitchEvent = { type: 'call.dtmf', tenantId: 't1', callId: 'c1', legId: 'l1', digit: '5', at };

function errorLog() {
  const errors: Array<{ obj: Record<string, unknown>; msg?: string }> = [];
  return { errors, logger: { error: (obj: Record<string, unknown>, msg?: string) => errors.push({ obj, msg }) } };
}

describe('InProcessEventBus', () => {
  it('delivers by type and to all subscribers, after the publisher returns, until unsubscribed', async () => {
    const bus = new InProcessEventBus();
    const digits: string[] = [];
    const all: string[] = [];
    const off = bus.subscribe('call.dtmf', (e) => {
      digits.push(e.digit);
    });
    bus.subscribeAll((e) => {
      all.push(e.type);
    });
    bus.publish(dtmf);
    bus.publish(answered);
    expect(all).toEqual([]); // not during publish
    await bus.drain();
    expect(digits).toEqual(['5']);
    expect(all).toEqual(['call.dtmf', 'call.answered']);
    off();
    bus.publish(dtmf);
    await bus.drain();
    expect(digits).toEqual(['5']);
    expect(all).toHaveLength(3);
  });

  it('logs a throwing or rejecting handler and still calls the others; publish never throws', async () => {
    const { errors, logger } = errorLog();
    const bus = new InProcessEventBus({ logger });
    const seen: string[] = [];
    bus.subscribe('call.answered', () => {
      throw new Error('sync boom');
    });
    bus.subscribe('call.answered', async () => {
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('async boom');
    });
    bus.subscribe('call.answered', (e) => {
      seen.push(e.legId);
    });
    expect(() => bus.publish(answered)).not.toThrow();
    await bus.drain();
    expect(seen).toEqual(['l2']);
    expect(errors.map((e) => (e.obj.err as Error).message).sort()).toEqual(['async boom', 'sync boom']);
    expect(errors.every((e) => e.msg === 'event handler failed' && e.obj.type === 'call.answered')).toBe(true);
  });

  it('a slow handler does not hold back another one', async () => {
    const bus = new InProcessEventBus();
    const order: string[] = [];
    bus.subscribe('call.dtmf', async () => {
      await new Promise((r) => setTimeout(r, 30));
      order.push('slow');
    });
    bus.subscribe('call.dtmf', () => {
      order.push('fast');
    });
    bus.publish(dtmf);
    await bus.drain();
    expect(order).toEqual(['fast', 'slow']);
  });

  it('with a validator, refuses events that are not JSON-safe and logs them', async () => {
    const { errors, logger } = errorLog();
    const bus = new InProcessEventBus({ logger, validate: (e) => switchEventSchema.parse(e) });
    const got: SwitchEvent[] = [];
    bus.subscribeAll((e) => {
      got.push(e);
    });
    const withDate = { ...answered, at: new Date() } as unknown as SwitchEvent;
    bus.publish(withDate);
    bus.publish(answered);
    await bus.drain();
    expect(got).toEqual([answered]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toBe('event refused: not a valid event');
  });

  it('drain waits for events published by handlers', async () => {
    const bus = new InProcessEventBus();
    const got: string[] = [];
    bus.subscribe('call.answered', () => bus.publish(dtmf));
    bus.subscribe('call.dtmf', async (e) => {
      await new Promise((r) => setTimeout(r, 5));
      got.push(e.digit);
    });
    bus.publish(answered);
    await bus.drain();
    expect(got).toEqual(['5']);
  });
});
