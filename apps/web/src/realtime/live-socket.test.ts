import type { LiveServerMessage } from '@hujiao/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveSocket } from './live-socket.ts';
import type { LiveState } from './live-status.ts';

/** A browser WebSocket stand-in: the test opens, feeds and closes it. */
class FakeSocket {
  static readonly OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  closedWith: number | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  /** The server's side. */
  hello(): void {
    this.readyState = 1;
    const hello = { type: 'hello', user: { id: 'u', name: 'n', tenantId: 't', isPlatform: false } };
    this.onmessage?.({ data: JSON.stringify({ ...hello, serverTime: 'now', heartbeatMs: 25_000 }) });
  }
  push(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

describe('the tab live socket', () => {
  let states: LiveState[];
  let messages: LiveServerMessage[];
  let unauthenticated: number;
  const make = () =>
    new LiveSocket({
      topics: ['trunk-status', 'voicemail-count'],
      url: 'ws://test/api/live',
      onMessage: (m) => messages.push(m),
      onState: (s) => states.push(s),
      onUnauthenticated: () => {
        unauthenticated += 1;
      },
    });

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    FakeSocket.all = [];
    states = [];
    messages = [];
    unauthenticated = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('subscribes after hello, and again after each reconnect with a doubling delay', () => {
    const socket = make();
    socket.start();
    const first = FakeSocket.all[0] as FakeSocket;
    first.hello();
    expect(first.sent).toEqual([{ type: 'subscribe', topics: ['trunk-status', 'voicemail-count'] }]);
    expect(states).toEqual(['connecting', 'live']);
    first.push({ type: 'update', topic: 'voicemail-count', data: { mine: 1, all: null, boxes: [] } });
    first.push({ type: 'update', topic: 'nonsense', data: 1 });
    expect(messages.map((m) => m.type)).toEqual(['hello', 'update']);

    first.drop(1006);
    expect(states.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(999);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const second = FakeSocket.all[1] as FakeSocket;
    second.drop(1006);
    vi.advanceTimersByTime(1999);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    const third = FakeSocket.all[2] as FakeSocket;
    third.hello();
    expect(third.sent).toEqual([{ type: 'subscribe', topics: ['trunk-status', 'voicemail-count'] }]);
    expect(states.at(-1)).toBe('live');
    socket.stop();
    expect(third.closedWith).toBe(1000);
    expect(states.at(-1)).toBe('off');
  });

  it('pings, and reconnects when no answer comes before the next ping', () => {
    const socket = make();
    socket.start();
    const ws = FakeSocket.all[0] as FakeSocket;
    ws.hello();
    vi.advanceTimersByTime(25_000);
    expect(ws.sent.at(-1)).toEqual({ type: 'ping' });
    ws.push({ type: 'pong' });
    vi.advanceTimersByTime(25_000);
    expect(ws.closedWith).toBeNull();
    vi.advanceTimersByTime(25_000);
    expect(ws.closedWith).toBe(4000);
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.all).toHaveLength(2);
    socket.stop();
  });

  it('asks who is signed in on 4401 and waits the longest delay before trying again', () => {
    const socket = make();
    socket.start();
    (FakeSocket.all[0] as FakeSocket).drop(4401);
    expect(unauthenticated).toBe(1);
    vi.advanceTimersByTime(29_999);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    socket.stop();
  });
  it('stands down on 4409 (the workstation opened in another session): no reconnect, state replaced', () => {
    const socket = make();
    socket.start();
    (FakeSocket.all[0] as FakeSocket).drop(4409);
    expect(states.at(-1)).toBe('replaced');
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.all).toHaveLength(1);
    socket.stop();
  });

  it('answers a command with its result, and a command on a closed socket or without a result as failed', async () => {
    const socket = make();
    socket.start();
    const fake = FakeSocket.all[0] as FakeSocket;
    expect(await socket.command({ type: 'call', command: { action: 'hangup' } })).toEqual({ ok: false, error: '' });
    fake.hello();
    const pending = socket.command({ type: 'call', command: { action: 'hold' } });
    const sent = fake.sent.at(-1) as { id: string; type: string };
    expect(sent.type).toBe('call');
    fake.push({ type: 'result', id: sent.id, ok: false, error: '通话不存在或已结束' });
    expect(await pending).toEqual({ ok: false, error: '通话不存在或已结束' });
    const lost = socket.command({ type: 'call', command: { action: 'resume' } });
    vi.advanceTimersByTime(10_000);
    expect(await lost).toEqual({ ok: false, error: '' });
    socket.stop();
  });
});
