/**
 * Toll-fraud guards per enterprise: international and premium calls only when enabled, a cap on outbound calls
 * up at once, a cap on outbound minutes per day (the enterprise's local day), and per-trunk concurrency. The
 * counters live in the store (shared by nodes); every refusal carries a reason for the call log.
 */
import type { FraudLimits } from '@hujiao/shared';
import { DAY_COUNTER_TTL_MS, keys } from './keys.ts';
import type { NumberClassification } from './number-class.ts';
import type { PbxStore } from './store.ts';

export type FraudReason = 'international' | 'premium' | 'concurrency' | 'dailyMinutes' | 'trunkConcurrency';

export type Admission = { ok: true; release: () => Promise<void> } | { ok: false; reason: FraudReason };

export interface FraudGuardOptions {
  store: PbxStore;
  tenantId: string;
  limits: FraudLimits;
}

export class FraudGuard {
  constructor(private readonly options: FraudGuardOptions) {}

  /** International / premium switched off for the enterprise (emergency numbers always pass). */
  checkClass(c: Pick<NumberClassification, 'international' | 'premium' | 'emergency'>): FraudReason | null {
    if (c.emergency) return null;
    if (c.international && !this.options.limits.internationalEnabled) return 'international';
    if (c.premium && !this.options.limits.premiumEnabled) return 'premium';
    return null;
  }

  /**
   * Takes a place for one outbound call (release it when the call ends) unless the enterprise is at its
   * concurrency cap or has used its minutes for `date` (the enterprise's local date).
   */
  async admit(date: string): Promise<Admission> {
    const { store, tenantId, limits } = this.options;
    if (limits.dailyMinutesCap !== null) {
      const [seconds = 0] = await store.get([keys.dailySeconds(tenantId, date)]);
      if (seconds >= limits.dailyMinutesCap * 60) return { ok: false, reason: 'dailyMinutes' };
    }
    return this.acquire(keys.activeCalls(tenantId), limits.maxConcurrentCalls, 'concurrency');
  }

  /** A place on a trunk with a concurrency cap (null = none). */
  async admitTrunk(trunkId: string, max: number | null): Promise<Admission> {
    return this.acquire(keys.trunkActive(this.options.tenantId, trunkId), max, 'trunkConcurrency');
  }

  /** Counts an ended call's billed seconds against the day's cap. */
  async addCallSeconds(date: string, seconds: number): Promise<number> {
    const key = keys.dailySeconds(this.options.tenantId, date);
    return (await this.options.store.add(key, Math.max(0, Math.ceil(seconds)), { ttlMs: DAY_COUNTER_TTL_MS })).value;
  }

  /** Calls up now and seconds used on `date`. */
  async usage(date: string): Promise<{ activeCalls: number; seconds: number }> {
    const { store, tenantId } = this.options;
    const [activeCalls = 0, seconds = 0] = await store.get([
      keys.activeCalls(tenantId),
      keys.dailySeconds(tenantId, date),
    ]);
    return { activeCalls, seconds };
  }

  private async acquire(key: string, max: number | null, reason: FraudReason): Promise<Admission> {
    const { store } = this.options;
    const r = await store.add(key, 1, max === null ? {} : { max });
    if (!r.ok) return { ok: false, reason };
    let released = false;
    return {
      ok: true,
      release: async () => {
        if (released) return;
        released = true;
        await store.add(key, -1);
      },
    };
  }
}
