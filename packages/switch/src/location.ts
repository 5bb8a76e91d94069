import type { EventSink, Registration, RegistrationAction, RegistrationView } from './types.ts';

export function registrationView(r: Registration): RegistrationView {
  return {
    tenantId: r.tenantId,
    extension: r.extension,
    contact: r.contact,
    source: `${r.flow.remoteAddress}:${r.flow.remotePort}`,
    transport: r.flow.protocol,
    expiresAt: new Date(r.expiresAt).toISOString(),
    userAgent: r.userAgent,
  };
}

/**
 * The location service (RFC 3261 §10.3): bindings of contacts to each extension's address of record, per tenant,
 * held in memory with an expiry timer each.
 */
export class LocationService {
  private readonly byAor = new Map<string, Map<string, Registration>>();
  private readonly timers = new Map<Registration, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly events: EventSink | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  private static key(tenantId: string, extension: string): string {
    return `${tenantId}|${extension}`;
  }

  /** Current, unexpired bindings of one extension. */
  lookup(tenantId: string, extension: string): Registration[] {
    const map = this.byAor.get(LocationService.key(tenantId, extension));
    if (!map) return [];
    const now = this.now();
    return [...map.values()].filter((r) => r.expiresAt > now);
  }

  get(tenantId: string, extension: string, contact: string): Registration | undefined {
    return this.byAor.get(LocationService.key(tenantId, extension))?.get(contact);
  }

  /**
   * The live binding of this contact (its user@host, parameters aside: a dialog's target may carry `;ob`), whichever
   * extension: a browser that reconnected registers the same contact again.
   */
  byContact(contact: string): Registration | undefined {
    const now = this.now();
    const want = contactKey(contact);
    let found: Registration | undefined;
    for (const map of this.byAor.values()) {
      for (const r of map.values()) {
        if (r.expiresAt > now && contactKey(r.contact) === want && (!found || r.registeredAt > found.registeredAt)) {
          found = r;
        }
      }
    }
    return found;
  }

  /** Adds or refreshes one binding. */
  upsert(reg: Registration): void {
    const key = LocationService.key(reg.tenantId, reg.extension);
    let map = this.byAor.get(key);
    if (!map) {
      map = new Map();
      this.byAor.set(key, map);
    }
    const old = map.get(reg.contact);
    if (old) this.clearTimer(old);
    map.set(reg.contact, reg);
    const timer = setTimeout(() => this.remove(reg, 'expired'), Math.max(0, reg.expiresAt - this.now()));
    timer.unref?.();
    this.timers.set(reg, timer);
    this.emit(old ? 'refreshed' : 'added', reg);
  }

  remove(reg: Registration, action: RegistrationAction = 'removed'): void {
    const key = LocationService.key(reg.tenantId, reg.extension);
    const map = this.byAor.get(key);
    if (map?.get(reg.contact) !== reg) return;
    map.delete(reg.contact);
    if (map.size === 0) this.byAor.delete(key);
    this.clearTimer(reg);
    this.emit(action, reg);
  }

  /** Removes the bindings registered over one connection (it closed). */
  removeFlow(connectionId: string): void {
    for (const map of [...this.byAor.values()]) {
      for (const r of [...map.values()]) if (r.flow.connectionId === connectionId) this.remove(r);
    }
  }

  removeAll(tenantId: string, extension: string): void {
    for (const r of this.lookup(tenantId, extension)) this.remove(r);
  }

  all(tenantId?: string): Registration[] {
    const out: Registration[] = [];
    const now = this.now();
    for (const map of this.byAor.values()) {
      for (const r of map.values()) if (r.expiresAt > now && (!tenantId || r.tenantId === tenantId)) out.push(r);
    }
    return out;
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.byAor.clear();
  }

  private clearTimer(reg: Registration): void {
    const t = this.timers.get(reg);
    if (t) clearTimeout(t);
    this.timers.delete(reg);
  }

  private emit(action: RegistrationAction, reg: Registration): void {
    this.events?.emit({ type: 'registration', action, registration: registrationView(reg) });
  }
}

/** A contact URI's user@host[:port], lower-cased, without scheme parameters. */
function contactKey(uri: string): string {
  const m = /^<?sips?:([^;>?]+)/i.exec(uri.trim());
  return (m?.[1] ?? uri).toLowerCase();
}
