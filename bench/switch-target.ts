/**
 * The switch as a benchmark target: `createSwitch` on 127.0.0.1 with an in-memory directory holding tenant "acme"
 * (id t1) and extensions 1001 (password secret1, the caller) and 1002 (secret2, the callee that SIPp registers).
 * No recording, no CDR sink. Prints `ready udp=<port>` and runs until SIGTERM/SIGINT.
 *
 *   npx tsx bench/switch-target.ts [--port 5090] [--rtp-min 40000] [--rtp-max 49999] [--auth]
 */
import { parseArgs } from 'node:util';
import { CALLEE, CALLER, TENANT_DOMAIN } from './lib/targets.ts';

interface SwitchHandle {
  ports: { udp: number };
  close(): Promise<void>;
}

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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5090' },
      'rtp-min': { type: 'string', default: '40000' },
      'rtp-max': { type: 'string', default: '49999' },
      auth: { type: 'boolean', default: false },
    },
  });
  // Loaded at run time, so that the benchmarks type-check and still measure the peers while the switch is being written.
  const specifier = '../packages/switch/src/index.ts';
  const mod: unknown = await import(specifier);
  if (!isSwitchModule(mod)) throw new Error('packages/switch does not export createSwitch and InMemoryDirectory');
  const directory = new mod.InMemoryDirectory();
  directory.addTenant('t1', TENANT_DOMAIN);
  directory.addExtension('t1', CALLER);
  directory.addExtension('t1', CALLEE);
  const sw = await mod.createSwitch({
    sipPort: Number(values.port),
    bindAddress: '127.0.0.1',
    rtpPortMin: Number(values['rtp-min']),
    rtpPortMax: Number(values['rtp-max']),
    authenticateInvites: values.auth,
    record: false,
    directory,
  });
  process.stdout.write(`ready udp=${sw.ports.udp}\n`);
  const shutdown = (): void => {
    setTimeout(() => process.exit(0), 3000);
    sw.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`switch-target failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
