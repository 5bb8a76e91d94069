import { describe, expect, it } from 'vitest';
import { liveClientMessage, liveServerMessage, liveTopics } from './live.ts';

const trunk = {
  trunkId: '00000000-0000-4000-8000-000000000001',
  state: 'online',
  lastError: null,
  expiresAt: null,
  lastOkAt: '2026-12-02T06:00:00.000Z',
  activeCalls: null,
};
const unread = { mine: 1, all: null, boxes: [{ box: '1001', new: 1, old: 0 }] };

describe('live channel messages', () => {
  it('parses every client message and refuses unknown topics and types', () => {
    expect(liveClientMessage.parse({ type: 'subscribe', topics: [...liveTopics] }).type).toBe('subscribe');
    expect(liveClientMessage.parse({ type: 'unsubscribe', topics: ['trunk-status'] }).type).toBe('unsubscribe');
    expect(liveClientMessage.parse({ type: 'ping', id: 'x' })).toEqual({ type: 'ping', id: 'x' });
    expect(liveClientMessage.safeParse({ type: 'subscribe', topics: ['agents'] }).success).toBe(false);
    expect(liveClientMessage.safeParse({ type: 'subscribe', topics: [] }).success).toBe(false);
    expect(liveClientMessage.safeParse({ type: 'dial' }).success).toBe(false);
  });

  it('ties each topic to its data: a snapshot is the whole state, an update one item', () => {
    const ok = [
      {
        type: 'hello',
        user: { id: 'u', name: 'n', tenantId: 't', isPlatform: false },
        serverTime: 'x',
        heartbeatMs: 25_000,
      },
      { type: 'snapshot', topic: 'trunk-status', data: [trunk] },
      { type: 'update', topic: 'trunk-status', data: trunk },
      { type: 'snapshot', topic: 'extension-registration', data: [{ extension: '1001', contacts: [] }] },
      { type: 'update', topic: 'extension-registration', data: { extension: '1001', contacts: [] } },
      { type: 'snapshot', topic: 'voicemail-count', data: unread },
      { type: 'update', topic: 'voicemail-count', data: unread },
      { type: 'pong' },
      { type: 'error', code: 'FORBIDDEN', message: 'no', topic: 'trunk-status' },
    ];
    for (const m of ok) expect(liveServerMessage.parse(JSON.parse(JSON.stringify(m)))).toEqual(m);
    expect(liveServerMessage.safeParse({ type: 'update', topic: 'trunk-status', data: [trunk] }).success).toBe(false);
    expect(liveServerMessage.safeParse({ type: 'snapshot', topic: 'voicemail-count', data: [trunk] }).success).toBe(
      false,
    );
    expect(liveServerMessage.safeParse({ type: 'update', topic: 'queues', data: {} }).success).toBe(false);
  });
});
