/**
 * The switch as a benchmark target: `createSwitch` on 127.0.0.1 with an in-memory directory holding tenant "acme"
 * (id t1) and extensions 1001 (password secret1, the caller) and 1002 (secret2, the callee that SIPp registers).
 * No recording, no CDR sink. Prints `ready udp=<port>` and runs until SIGTERM/SIGINT.
 *
 *   npx tsx bench/switch-target.ts [--port 5090] [--rtp-min 40000] [--rtp-max 49999] [--auth] [--product]
 *
 * `--ws <port>` adds SIP over WebSocket with WebRTC media on 127.0.0.1 (browser phones, bench/webrtc-calls.ts).
 * `--product` runs the whole product's telephony instead: the server's services on a fresh PGlite database (or
 * BENCH_DATABASE_URL), tenant and extensions created through the services, the switch started as `npm start`
 * does — INVITEs authenticated, every call recorded to WAV and written to call_records.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CALLEE, CALLER, FLOW_NUMBER, PBX_DID, TENANT_DOMAIN, THIRD } from './lib/targets.ts';

interface SwitchHandle {
  ports: { udp: number };
  close(): Promise<void>;
  execute(command: Record<string, unknown>): Promise<{ ok: boolean }>;
}

/** A 25 s prompt (the bundled music on hold), looped until the caller presses a digit. */
const PROMPT = fileURLToPath(new URL('../packages/switch/prompts/moh/default.wav', import.meta.url));

interface DirectoryLike {
  addTenant(tenantId: string, realm: string): unknown;
  addExtension(tenantId: string, ext: { number: string; password: string }): unknown;
}

interface SwitchModule {
  InMemoryDirectory: new () => DirectoryLike;
  createSwitch(options: Record<string, unknown>): Promise<SwitchHandle>;
}

function isSwitchModule(m: unknown): m is SwitchModule {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  return typeof r.createSwitch === 'function' && typeof r.InMemoryDirectory === 'function';
}

/** BENCH_LOOP_LAG=<file>: appends the event loop's delay (p99 and max, ms) once a second, to see stalls under load. */
async function watchLoopLag(file: string): Promise<void> {
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const { appendFileSync } = await import('node:fs');
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  setInterval(() => {
    const ms = (ns: number): string => (ns / 1e6).toFixed(1);
    // With SWITCH_NODE_ARGS=--expose-gc the heap figure is what is still reachable (a full GC first).
    (globalThis as { gc?: () => void }).gc?.();
    const heap = (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
    appendFileSync(file, `${new Date().toISOString()} p99 ${ms(h.percentile(99))} max ${ms(h.max)} heap ${heap} MiB\n`);
    h.reset();
  }, 1000).unref();
}

async function main(): Promise<void> {
  if (process.env.BENCH_LOOP_LAG) await watchLoopLag(process.env.BENCH_LOOP_LAG);
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5090' },
      'rtp-min': { type: 'string', default: '40000' },
      'rtp-max': { type: 'string', default: '49999' },
      auth: { type: 'boolean', default: false },
      product: { type: 'boolean', default: false },
      conference: { type: 'boolean', default: false },
      flow: { type: 'boolean', default: false },
      pbx: { type: 'boolean', default: false },
      /** SIP over WebSocket on this port, WebRTC on 127.0.0.1 (bench/webrtc-calls.ts). */
      ws: { type: 'string', default: '' },
    },
  });
  if (values.product) {
    await startProduct(Number(values.port), Number(values['rtp-min']), Number(values['rtp-max']), values.pbx);
    return;
  }
  // Loaded at run time, so that the benchmarks type-check and still measure the peers while the switch is being written.
  const specifier = '../packages/switch/src/index.ts';
  const mod: unknown = await import(specifier);
  if (!isSwitchModule(mod)) throw new Error('packages/switch does not export createSwitch and InMemoryDirectory');
  const directory = new mod.InMemoryDirectory();
  directory.addTenant('t1', TENANT_DOMAIN);
  directory.addExtension('t1', CALLER);
  directory.addExtension('t1', CALLEE);
  directory.addExtension('t1', THIRD);
  // --conference: every call, once bridged, gets a third party by command (three-way: the relay becomes a mixer).
  const conferenced = new Set<string>();
  let sw: SwitchHandle | null = null;
  const events = {
    emit(e: { type: string; callId?: string; legIds?: string[] }) {
      if (!values.conference || e.type !== 'call.bridged' || !e.callId || e.legIds?.length !== 2) return;
      if (conferenced.has(e.callId)) return;
      conferenced.add(e.callId);
      void sw?.execute({
        command: 'conferenceAdd',
        callId: e.callId,
        legId: e.legIds[1],
        target: { extension: THIRD.number },
      });
    },
  };
  // --flow: 7000 answers and plays a prompt (music on hold, looped) until a digit, then hangs up.
  const routes = {
    async resolve(ingress: { number: string }) {
      if (!values.flow || ingress.number !== FLOW_NUMBER) return null;
      return {
        kind: 'flow',
        flow: {
          name: 'bench-prompt-dtmf',
          steps: [
            { verb: 'answer' },
            { verb: 'play', file: PROMPT, loops: 0, bargeIn: true },
            { verb: 'gather', maxDigits: 1, timeoutSec: 5, interDigitSec: 3, bargeIn: true, into: 'd' },
            { verb: 'hangup' },
          ],
        },
      };
    },
  };
  const handle = await mod.createSwitch({
    events,
    routes,
    sipPort: Number(values.port),
    bindAddress: '127.0.0.1',
    rtpPortMin: Number(values['rtp-min']),
    rtpPortMax: Number(values['rtp-max']),
    authenticateInvites: values.auth,
    record: false,
    directory,
    ...(values.ws ? { wsPort: Number(values.ws), webrtc: { hostAddresses: ['127.0.0.1'] } } : {}),
  });
  sw = handle;
  process.stdout.write(`ready udp=${handle.ports.udp}\n`);
  const shutdown = (): void => {
    setTimeout(() => process.exit(0), 3000);
    handle.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

async function startProduct(port: number, rtpMin: number, rtpMax: number, pbx: boolean): Promise<void> {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const server = '../apps/server/src/';
  const { loadConfig } = await import(`${server}config.ts`);
  const { openDatabase } = await import(`${server}db/client.ts`);
  const { createServices } = await import(`${server}services.ts`);
  const { ensurePlatformAdmin } = await import(`${server}bootstrap.ts`);
  const { createLogger } = await import(`${server}logger.ts`);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-product-'));
  const config = loadConfig({
    CC_DATA_DIR: dataDir,
    ...(process.env.BENCH_DATABASE_URL ? { CC_DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    CC_ADMIN_PASSWORD: 'Bench#2026x',
    CC_LOG_LEVEL: 'warn',
    CC_SIP_BIND: '127.0.0.1',
    CC_SIP_ADDRESS: '127.0.0.1',
    CC_SIP_PORT: String(port),
    CC_RTP_PORT_MIN: String(rtpMin),
    CC_RTP_PORT_MAX: String(rtpMax),
    // The trunk's peer is the SIPp UAC: no OPTIONS keep-alive into its statistics.
    CC_TRUNK_KEEPALIVE_SECONDS: '0',
  });
  const logger = createLogger(config);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const services = createServices(database.db, config, logger);
  await ensurePlatformAdmin(services, config);
  const platform = await services.tenantRepo.findPlatform();
  const system = { tenantId: platform.id, userId: null, userName: 'bench', ip: null };
  const tenant = await services.tenants.create(system, {
    account: TENANT_DOMAIN,
    name: 'bench',
    maxAgents: 10,
    adminPassword: 'Bench#2026x',
  });
  for (const ext of [CALLER, CALLEE]) {
    await services.extensions.create({ ...system, tenantId: tenant.id }, { ...ext, enabled: true });
  }
  if (pbx) await seedPbx(services, { ...system, tenantId: tenant.id });
  const sw = await services.telephony.start();
  process.stdout.write(`ready udp=${sw.ports.udp}\n`);
  const shutdown = (): void => {
    setTimeout(() => process.exit(0), 3000);
    services.telephony
      .stop()
      .then(() => database.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

/**
 * --pbx: the enterprise's carrier is an IP trunk whose peer is 127.0.0.1 (the SIPp UAC), and its DID goes by an
 * inbound route to an IVR menu: the prompt plays until a key, 1 says goodbye and hangs up.
 */
/** The part of the server's services the seed uses (they are loaded at run time, see startProduct). */
interface PbxSeedServices {
  trunks: { create(ctx: SeedContext, body: unknown): Promise<{ id: string }> };
  ivr: { create(ctx: SeedContext, body: unknown): Promise<{ id: string }> };
  routing: { createInbound(ctx: SeedContext, body: unknown): Promise<{ id: string }> };
}
type SeedContext = { tenantId: string; userId: null; userName: string; ip: null };

async function seedPbx(services: PbxSeedServices, ctx: SeedContext) {
  // The HTTP contract's schemas give the bodies their defaults, as the API would.
  const shared = '../packages/shared/src/index.ts';
  const { createTrunkBody, createIvrBody, createInboundRouteBody } = await import(shared);
  const trunk = await services.trunks.create(
    ctx,
    createTrunkBody.parse({
      name: 'bench carrier',
      kind: 'ip',
      host: '127.0.0.1',
      port: 5079,
      peers: ['127.0.0.1'],
      codecs: ['PCMA'],
      maxCalls: 0,
    }),
  );
  const ivr = await services.ivr.create(
    ctx,
    createIvrBody.parse({
      name: 'bench menu',
      tree: {
        name: 'main',
        prompt: { kind: 'system', name: 'please-choose' },
        keys: [{ key: '1', action: { type: 'destination', destination: { kind: 'prompt', prompt: 'goodbye' } } }],
        timeoutSec: 10,
      },
    }),
  );
  await services.routing.createInbound(
    ctx,
    createInboundRouteBody.parse({
      name: 'bench DID',
      priority: 100,
      didPattern: PBX_DID,
      destination: { kind: 'ivr', ivrId: ivr.id },
      enabled: true,
    }),
  );
  return trunk;
}

main().catch((err: unknown) => {
  process.stderr.write(`switch-target failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
