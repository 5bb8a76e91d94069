import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWav, rms } from '@hujiao/media';
import { parseFlow } from '@hujiao/shared';
import { createSwitch, type RouteResolver, type SwitchOptions } from '@hujiao/switch';
import { hasBinary, killAll, run } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';
import { agentOf } from './pbx-helpers.ts';

const MISSING = ['sipp', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: the voicemail real-peer test needs ${MISSING.join(', ')}`);

// Loopback addresses and ports of this suite only (PGlite and PostgreSQL runs apart).
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.35' : '127.0.0.31';
const PHONE_IP = PG ? '127.0.0.36' : '127.0.0.32';
const CALLER_IP = PG ? '127.0.0.37' : '127.0.0.33';
const LISTENER_IP = PG ? '127.0.0.38' : '127.0.0.34';
const SIP_PORT = PG ? 19200 : 19000;
const RTP_MIN = PG ? 29250 : 29000;
const ACCOUNT = PG ? 'vmpgreal' : 'vmreal';
const VOICEMAIL_NUMBER = '8000';
const SCENARIOS = join(import.meta.dirname, 'voicemail-scenarios');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIPp on its own loopback address (the switch-level helper binds 127.0.0.1). */
function sippAt(o: { ip: string; port: number; mediaPort: number; scenario: string; csv: string; timeoutSec: number }) {
  return run(
    'sipp',
    [
      `${SWITCH_IP}:${SIP_PORT}`,
      ...['-sf', o.scenario, '-inf', o.csv],
      ...['-i', o.ip, '-p', String(o.port), '-mi', o.ip, '-mp', String(o.mediaPort)],
      ...['-m', '1', '-nostdin', '-t', 'u1', '-timeout', `${o.timeoutSec}s`, '-timeout_error'],
    ],
    (o.timeoutSec + 5) * 1000,
  );
}

/** The dial plan of this test: 8000 is extension 1001's voicemail (the PBX routes come from another module). */
const voicemailRoute: RouteResolver = {
  resolve: async (ingress) => {
    if (ingress.number !== VOICEMAIL_NUMBER) return null;
    const parsed = parseFlow({ name: 'vm-1001', steps: [{ verb: 'voicemail', box: '1001', maxSec: 30 }] });
    if (!parsed.ok) throw new Error(parsed.error);
    return { kind: 'flow', flow: parsed.flow };
  },
};

describe.skipIf(MISSING.length > 0)(
  'voicemail end to end: SIPp caller leaves a message, SIPp phone gets MWI and listens',
  () => {
    let t: TestApp;
    let admin: Session;
    let owner: Session;
    let tenantId: string;
    const dir = mkdtempSync(join(tmpdir(), 'api-voicemail-'));

    beforeAll(async () => {
      t = await createTestApp(
        {
          CC_DATA_DIR: join(dir, 'data'),
          CC_SIP_BIND: SWITCH_IP,
          CC_SIP_ADDRESS: SWITCH_IP,
          CC_SIP_PORT: String(SIP_PORT),
          CC_RTP_PORT_MIN: String(RTP_MIN),
          CC_RTP_PORT_MAX: String(RTP_MIN + 199),
        },
        {
          createSwitch: (o: SwitchOptions) =>
            createSwitch({
              ...o,
              routes: {
                resolve: async (i) => (await voicemailRoute.resolve(i)) ?? (await o.routes?.resolve(i)) ?? null,
              },
            }),
        },
      );
      ({ admin, tenantId } = await createEnterprise(t, await platformAdmin(t), ACCOUNT));
      owner = await agentOf(t, admin, ACCOUNT, '8001');
      const users = await admin.ok<{ items: Array<{ id: string; agentNo: string }> }>('GET', '/api/users');
      const ownerId = users.items.find((u) => u.agentNo === '8001')?.id;
      await admin.ok('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001', userId: ownerId });
      await admin.ok('POST', '/api/extensions', { number: '1002', password: 'SipPass#1002' });
      await t.services.telephony.start();
    }, 60_000);

    afterAll(async () => {
      killAll();
      await t?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('the message is stored, listed and played by the API; the phone lamp turns on; *97 and 9 save it, lamp off', async () => {
      const phoneCsv = join(dir, 'phone.csv');
      writeFileSync(phoneCsv, `SEQUENTIAL\n1001;${ACCOUNT};[authentication username=1001 password=SipPass#1001]\n`);
      const phone = sippAt({
        ip: PHONE_IP,
        port: SIP_PORT + 10,
        mediaPort: SIP_PORT + 20,
        scenario: join(SCENARIOS, 'mwi-subscriber.xml'),
        csv: phoneCsv,
        timeoutSec: 80,
      });
      // The phone is registered and subscribed before the call.
      for (let i = 0; i < 100 && t.services.telephony.registrations(tenantId).length === 0; i++) await sleep(100);
      await sleep(1000);

      const speech = join(dir, 'speech.alaw');
      execFileSync('sox', [
        '-n',
        '-r',
        '8000',
        '-c',
        '1',
        '-t',
        'al',
        speech,
        'synth',
        '10',
        'sine',
        '600',
        'vol',
        '0.5',
      ]);
      const callerCsv = join(dir, 'caller.csv');
      writeFileSync(
        callerCsv,
        `SEQUENTIAL\n1002;${ACCOUNT};[authentication username=1002 password=SipPass#1002];${VOICEMAIL_NUMBER}\n`,
      );
      const callerScenario = join(dir, 'voicemail-caller.xml');
      const template = readFileSync(join(SCENARIOS, 'voicemail-caller.xml'), 'utf8');
      writeFileSync(callerScenario, template.replaceAll('SPEECH_FILE', speech));
      const caller = await sippAt({
        ip: CALLER_IP,
        port: SIP_PORT + 30,
        mediaPort: SIP_PORT + 40,
        scenario: callerScenario,
        csv: callerCsv,
        timeoutSec: 30,
      });
      expect(caller.code, caller.output).toBe(0);

      type Page = { items: Array<{ id: string; box: string; caller: string; durationMs: number; readAt: null }> };
      const list = await owner.ok<Page>('GET', '/api/voicemail/messages');
      expect(list.items).toHaveLength(1);
      const [message] = list.items;
      expect(message).toMatchObject({ box: '1001', caller: '1002', readAt: null });
      expect(message?.durationMs).toBeGreaterThan(2000);
      expect((await owner.ok<{ mine: number }>('GET', '/api/voicemail/unread')).mine).toBe(1);

      const audio = await t.app.inject({
        method: 'GET',
        url: `/api/voicemail/messages/${message?.id}/audio`,
        headers: { cookie: owner.cookie },
      });
      expect(audio.statusCode).toBe(200);
      const wav = parseWav(audio.rawPayload);
      if (!wav.ok) throw new Error(wav.error);
      expect(wav.value).toMatchObject({ sampleRate: 8000, channels: 1 });
      expect(wav.value.samples.length).toBeGreaterThan(8000 * 2);
      expect(rms(wav.value.samples)).toBeGreaterThan(1000);

      // The owner dials *97 from a phone, hears the count and the message, presses 9: saved (read), lamp off.
      const listenCsv = join(dir, 'listen.csv');
      writeFileSync(
        listenCsv,
        `SEQUENTIAL\n1001;${ACCOUNT};[authentication username=1001 password=SipPass#1001];*97\n`,
      );
      const listen = await sippAt({
        ip: LISTENER_IP,
        port: SIP_PORT + 50,
        mediaPort: SIP_PORT + 60,
        scenario: join(SCENARIOS, 'voicemail-listen.xml'),
        csv: listenCsv,
        timeoutSec: 30,
      });
      expect(listen.code, listen.output).toBe(0);
      const after = await owner.ok<{ items: Array<{ readAt: string | null }> }>('GET', '/api/voicemail/messages');
      expect(after.items[0]?.readAt).not.toBeNull();
      expect((await owner.ok<{ mine: number }>('GET', '/api/voicemail/unread')).mine).toBe(0);

      const mwi = await phone;
      expect(mwi.code, mwi.output).toBe(0);
    }, 120_000);
  },
);
