import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseWav, wavHeader } from '@hujiao/media';
import type { CallRecord, SwitchEvent } from '@hujiao/shared';
import type { Switch, SwitchOptions } from '@hujiao/switch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';

/** Polls `read` until `done` says yes (bounded). */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('durable call records and the telephony service', () => {
  let t: TestApp;
  let admin: Session;
  let tenantId: string;
  let switchOptions: SwitchOptions | undefined;
  /** Open rows seen when the switch was created: must be none (closed before it starts). */
  let openWhenSwitchStarted = -1;

  const startedAt = new Date(Date.now() - 60_000);
  const opened = (callId: string, recordingPath: string | null = null) => ({
    tenantId,
    callId,
    caller: '1001',
    callee: '1002',
    direction: 'internal' as const,
    startedAt,
    recordingPath,
  });
  const record = async (callId: string) => {
    const list = await admin.ok<{ items: CallRecord[] }>('GET', '/api/call-records?pageSize=100');
    return list.items.filter((r) => r.callId === callId);
  };

  beforeAll(async () => {
    t = await createTestApp(
      {},
      {
        createSwitch: async (options) => {
          switchOptions = options;
          openWhenSwitchStarted = (
            await t.services.callRecords.list(tenantId, { page: 1, pageSize: 100 })
          ).items.filter((r) => r.state === 'open').length;
          // Only what the service calls on a switch here (registrations, close).
          return {
            ports: { udp: 0, tcp: 0, ws: null, wss: null },
            registrations: () => [],
            calls: () => [],
            close: async () => {},
          } as unknown as Switch;
        },
      },
    );
    ({ admin, tenantId } = await createEnterprise(t, await platformAdmin(t), 'dur'));
  });
  afterAll(() => t?.close());

  it('closes the calls a crash left up before the switch starts: system, interrupted, at the recording mtime', async () => {
    // A recording killed mid-call: placeholder header (sizes 0) and 3 s of 8 kHz stereo audio.
    const rel = `${tenantId}/2026-12-01/crashed.wav`;
    const file = path.join(t.services.telephony.recordingsDir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    const audio = Buffer.alloc(3 * 8000 * 4);
    for (let i = 0; i < audio.length / 2; i++) audio.writeInt16LE(Math.round(8000 * Math.sin(i / 3)), i * 2);
    const placeholder = wavHeader(8000, 2, 0);
    placeholder.writeUInt32LE(36, 4);
    writeFileSync(file, Buffer.concat([placeholder, audio, Buffer.alloc(3)])); // and half a frame
    const lastWrite = new Date(startedAt.getTime() + 20_000);
    utimesSync(file, lastWrite, lastWrite);

    await t.services.callRecords.openMany([
      opened('crashed', rel),
      opened('ringing', `${tenantId}/2026-12-01/never-answered.wav`),
      opened('answered-no-rec'),
      opened('escape', '../../../etc/passwd'),
      { ...opened('answered-in-open-row'), answeredAt: new Date(startedAt.getTime() + 2000) },
    ]);
    await t.services.callRecords.markAnswered([
      { tenantId, callId: 'answered-no-rec', answeredAt: new Date(startedAt.getTime() + 4000) },
    ]);
    const before = await record('crashed');
    expect(before[0]).toMatchObject({ state: 'open', endedAt: null, hangupCause: null, hasRecording: true });

    await t.services.telephony.start();
    expect(openWhenSwitchStarted).toBe(0);

    const [crashed] = await record('crashed');
    expect(crashed).toMatchObject({
      state: 'ended',
      hangupSide: 'system',
      hangupCause: 'interrupted',
      endedAt: lastWrite.toISOString(),
      durationSec: 20,
      // Not stored before the crash: the recording's 3 s tell when the talking began.
      answeredAt: new Date(lastWrite.getTime() - 3000).toISOString(),
      billedSec: 3,
    });
    const wav = await t.app.inject({
      method: 'GET',
      url: `/api/call-records/${crashed?.id}/recording`,
      headers: { cookie: admin.cookie },
    });
    expect(wav.statusCode).toBe(200);
    const parsed = parseWav(wav.rawPayload);
    expect(parsed.ok && parsed.value.channels === 2 && parsed.value.samples.length / 2 / 8000).toBe(3);
    expect(wav.rawPayload.readUInt32LE(40)).toBe(audio.length); // data size in the header

    const [ringing] = await record('ringing');
    expect(ringing).toMatchObject({
      state: 'ended',
      endedAt: startedAt.toISOString(),
      answeredAt: null,
      billedSec: 0,
      hasRecording: false, // its recording was never started
    });
    const [answered] = await record('answered-no-rec');
    expect(answered).toMatchObject({
      state: 'ended',
      hangupCause: 'interrupted',
      answeredAt: new Date(startedAt.getTime() + 4000).toISOString(),
      endedAt: new Date(startedAt.getTime() + 4000).toISOString(),
    });
    const [inOpenRow] = await record('answered-in-open-row');
    expect(inOpenRow).toMatchObject({
      state: 'ended',
      answeredAt: new Date(startedAt.getTime() + 2000).toISOString(),
    });
    expect((await record('escape'))[0]).toMatchObject({ state: 'ended', hangupSide: 'system', hasRecording: false });
  });

  it("publishes the switch's events on the bus and keeps a call's record from open to ended in one row", async () => {
    const options = switchOptions;
    if (!options?.cdr?.open || !options.events) throw new Error('the switch got no CDR port or event sink');
    const seen: SwitchEvent[] = [];
    const off = t.services.events.subscribeAll((e) => {
      seen.push(e);
    });
    const at = new Date().toISOString();
    options.cdr.open({ ...opened('live'), startedAt: new Date() });
    options.events.emit({ type: 'call.answered', tenantId, callId: 'live', legId: 'l2', at });
    const open = await until(
      () => record('live'),
      (r) => r[0]?.answeredAt !== null && r.length > 0,
    );
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ state: 'open', answeredAt: at, endedAt: null });
    expect(seen).toEqual([{ type: 'call.answered', tenantId, callId: 'live', legId: 'l2', at }]);
    off();

    const start = new Date(open[0]?.startedAt ?? at);
    await options.cdr.write({
      ...opened('live'),
      startedAt: start,
      answeredAt: new Date(at),
      endedAt: new Date(start.getTime() + 5000),
      durationSec: 5,
      billedSec: 5,
      hangupCause: 'normal',
      hangupSide: 'callee',
      legs: [
        {
          legId: 'l1',
          role: 'caller',
          extension: '1001',
          uri: 'sip:1001@dur',
          createdAt: start,
          answeredAt: null,
          endedAt: null,
          finalStatus: null,
        },
      ],
      segments: [{ kind: 'bridge', legIds: ['l1', 'l2'], startedAt: at, endedAt: null }],
    });
    const done = await until(
      () => record('live'),
      (r) => r[0]?.state === 'ended',
    );
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({
      id: open[0]?.id,
      state: 'ended',
      hangupCause: 'normal',
      hangupSide: 'callee',
      legs: [{ legId: 'l1', extension: '1001' }],
      segments: [{ kind: 'bridge', legIds: ['l1', 'l2'], startedAt: at, endedAt: null }],
    });
    await t.services.telephony.stop();
    expect(t.services.telephony.running).toBe(false);
  });
});
