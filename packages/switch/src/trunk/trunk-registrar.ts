import { type RegistrationDeps, TrunkRegistration } from './trunk-registration.ts';
import type { TrunkDirectory, TrunkInfo, TrunkRegistrationStatus } from './trunk-types.ts';

/** What a change of these fields means: the old binding goes (Expires: 0) and a new one is made. */
function registrationKey(t: TrunkInfo): string {
  return JSON.stringify([
    t.tenantId,
    t.host,
    t.port,
    t.transport,
    t.username,
    t.authUsername,
    t.password,
    t.registerExpiresSec,
  ]);
}

/**
 * Outbound registration of every enabled register trunk (ADR 0009). `reload()` reads the directory again: new
 * trunks register, changed ones re-register, removed or disabled ones de-register. `stop()` de-registers all.
 */
export class TrunkRegistrar {
  private readonly regs = new Map<string, { key: string; reg: TrunkRegistration }>();
  private reloading: Promise<void> = Promise.resolve();

  constructor(
    private readonly directory: TrunkDirectory,
    private readonly deps: RegistrationDeps,
  ) {}

  /** Serialised: a reload waits for the one before it. */
  reload(): Promise<void> {
    this.reloading = this.reloading
      .then(() => this.doReload())
      .catch((err: unknown) => {
        this.deps.logger.error({ err: String(err) }, 'trunk reload failed');
      });
    return this.reloading;
  }

  private async doReload(): Promise<void> {
    const wanted = new Map<string, TrunkInfo>();
    for (const t of await this.directory.listTrunks()) if (t.enabled && t.kind === 'register') wanted.set(t.id, t);
    const stopping: Promise<void>[] = [];
    for (const [id, entry] of this.regs) {
      const next = wanted.get(id);
      if (next && registrationKey(next) === entry.key) continue;
      this.regs.delete(id);
      stopping.push(entry.reg.stop());
    }
    await Promise.all(stopping);
    for (const [id, trunk] of wanted) {
      if (this.regs.has(id)) continue;
      const reg = new TrunkRegistration(trunk, this.deps);
      this.regs.set(id, { key: registrationKey(trunk), reg });
      reg.start();
    }
  }

  status(): TrunkRegistrationStatus[] {
    return [...this.regs.values()].map((e) => e.reg.status());
  }

  async stop(): Promise<void> {
    await this.reloading;
    const all = [...this.regs.values()];
    this.regs.clear();
    await Promise.all(all.map((e) => e.reg.stop()));
  }
}
