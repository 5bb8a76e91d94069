import { digestHash } from '@hujiao/sip';
import type { Directory, ExtensionInfo, TenantInfo } from './types.ts';

export type Ha1Algorithm = 'MD5' | 'SHA-256';

/** H(username:realm:password) (RFC 2617 §3.2.2.2, RFC 7616 §3.4.2), as stored per extension. */
export function ha1(username: string, realm: string, password: string, algorithm: Ha1Algorithm): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

export interface InMemoryExtension {
  number: string;
  password: string;
  displayName?: string | null;
  enabled?: boolean;
}

/** A Directory held in memory, for tests and demos. */
export class InMemoryDirectory implements Directory {
  private readonly tenants = new Map<string, TenantInfo>();
  private readonly domains = new Map<string, string>();
  private readonly extensions = new Map<string, ExtensionInfo>();
  private nextId = 1;

  constructor(private readonly serverRealm = 'hujiao') {}

  /** Adds a tenant; `domains` are extra SIP domains (the account itself always resolves). */
  addTenant(tenantId: string, realm: string, domains: string[] = []): this {
    this.tenants.set(tenantId, { tenantId, realm });
    for (const d of [realm, ...domains]) this.domains.set(d.toLowerCase(), tenantId);
    return this;
  }

  addExtension(tenantId: string, ext: InMemoryExtension): ExtensionInfo {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
    const qualified = `${ext.number}@${tenant.realm}`;
    const info: ExtensionInfo = {
      id: `ext-${this.nextId++}`,
      number: ext.number,
      displayName: ext.displayName ?? null,
      enabled: ext.enabled ?? true,
      ha1Md5: ha1(ext.number, tenant.realm, ext.password, 'MD5'),
      ha1Sha256: ha1(ext.number, tenant.realm, ext.password, 'SHA-256'),
      qualifiedHa1Md5: ha1(qualified, this.serverRealm, ext.password, 'MD5'),
      qualifiedHa1Sha256: ha1(qualified, this.serverRealm, ext.password, 'SHA-256'),
    };
    this.extensions.set(`${tenantId}|${ext.number}`, info);
    return info;
  }

  setEnabled(tenantId: string, number: string, enabled: boolean): void {
    const e = this.extensions.get(`${tenantId}|${number}`);
    if (e) e.enabled = enabled;
  }

  async resolveTenant(domain: string): Promise<TenantInfo | null> {
    const id = this.domains.get(domain.toLowerCase());
    return id ? (this.tenants.get(id) ?? null) : null;
  }

  async tenantById(tenantId: string): Promise<TenantInfo | null> {
    return this.tenants.get(tenantId) ?? null;
  }

  async findExtension(tenantId: string, number: string): Promise<ExtensionInfo | null> {
    return this.extensions.get(`${tenantId}|${number}`) ?? null;
  }
}
