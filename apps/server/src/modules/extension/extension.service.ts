import type { Extension, SipSettings } from '@hujiao/shared';
import { digestHash } from '@hujiao/sip';
import type { AuditContext } from '../../http/actor.ts';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { UserRepository } from '../user/index.ts';
import type { ExtensionRepository, ExtensionRow } from './extension.repository.ts';

export interface ExtensionInput {
  number: string;
  password: string;
  displayName?: string | null;
  callerId?: string | null;
  userId?: string | null;
  enabled: boolean;
}

export interface RegistrationContact {
  uri: string;
  source: string;
  transport: string;
  userAgent: string | null;
  /** ISO 8601. */
  expiresAt: string;
}

/** Live registrations, kept by the switch; the API shows them next to the stored extensions. */
export interface RegistrationSource {
  contacts(tenantId: string, number: string): RegistrationContact[];
}

export interface SipEndpoint {
  /** Address phones use as proxy, e.g. `192.168.1.10:5060`. */
  proxy: string;
  transports: string[];
}

interface Deps {
  repo: ExtensionRepository;
  users: UserRepository;
  audit: AuditService;
  /** The digest realm of a tenant: its enterprise account. */
  realmOf: (tenantId: string) => Promise<string>;
  /** Digest realm of phones that register with the server's address as domain. */
  serverRealm: string;
  registrations: RegistrationSource;
  endpoint: SipEndpoint;
}

/**
 * HA1 = H(username:realm:password), RFC 7616 §3.4.2, for both ways a phone may name itself: `number` in realm =
 * enterprise account, and `number@account` in the server realm. The password itself is never stored.
 */
export function extensionHa1(number: string, account: string, serverRealm: string, password: string) {
  const a1 = `${number}:${account}:${password}`;
  const q1 = `${number}@${account}:${serverRealm}:${password}`;
  return {
    ha1Md5: digestHash('MD5', a1),
    ha1Sha256: digestHash('SHA-256', a1),
    qualifiedHa1Md5: digestHash('MD5', q1),
    qualifiedHa1Sha256: digestHash('SHA-256', q1),
  };
}

export class ExtensionService {
  constructor(private readonly d: Deps) {}

  private toExtension(row: ExtensionRow, userName: string | null): Extension {
    const contacts = this.d.registrations.contacts(row.tenantId, row.number);
    return {
      id: row.id,
      number: row.number,
      displayName: row.displayName,
      callerId: row.callerId,
      userId: row.userId,
      userName,
      enabled: row.enabled,
      registered: contacts.length > 0,
      contacts,
      createdAt: row.createdAt.toISOString(),
    };
  }

  async list(tenantId: string, f: { page: number; pageSize: number; keyword?: string; registered?: boolean }) {
    const rows = await this.d.repo.list(tenantId, f.keyword);
    let items = rows.map((r) => this.toExtension(r.extension, r.userName));
    if (f.registered !== undefined) items = items.filter((e) => e.registered === f.registered);
    const start = (f.page - 1) * f.pageSize;
    return { items: items.slice(start, start + f.pageSize), total: items.length };
  }

  async get(tenantId: string, id: string): Promise<Extension> {
    const row = await this.d.repo.findById(tenantId, id);
    if (!row) throw notFound();
    return this.toExtension(row.extension, row.userName);
  }

  async settings(tenantId: string): Promise<SipSettings> {
    return { username: '1001', domain: await this.d.realmOf(tenantId), ...this.d.endpoint };
  }

  async create(ctx: AuditContext, input: ExtensionInput): Promise<Extension> {
    const { password, ...fields } = input;
    await this.checkUser(ctx.tenantId, fields.userId);
    const ha1 = extensionHa1(input.number, await this.d.realmOf(ctx.tenantId), this.d.serverRealm, password);
    const row = await this.d.repo.insert({ ...fields, ...ha1, tenantId: ctx.tenantId });
    await this.d.audit.record(ctx, 'extension', 'create', { id: row.id, detail: { number: row.number } });
    return this.get(ctx.tenantId, row.id);
  }

  async update(ctx: AuditContext, id: string, input: Partial<ExtensionInput>): Promise<Extension> {
    const current = await this.d.repo.findById(ctx.tenantId, id);
    if (!current) throw notFound();
    const { password, ...fields } = input;
    await this.checkUser(ctx.tenantId, fields.userId);
    const numberChanged = fields.number !== undefined && fields.number !== current.extension.number;
    // The HA1 binds the number: a new number needs the password again to stay usable.
    if (numberChanged && !password) throw new DomainError('EXTENSION_PASSWORD_REQUIRED');
    const ha1 = password
      ? extensionHa1(
          fields.number ?? current.extension.number,
          await this.d.realmOf(ctx.tenantId),
          this.d.serverRealm,
          password,
        )
      : {};
    await this.d.repo.update(ctx.tenantId, id, { ...fields, ...ha1 });
    await this.d.audit.record(ctx, 'extension', 'update', {
      id,
      detail: { ...fields, passwordChanged: !!password },
    });
    return this.get(ctx.tenantId, id);
  }

  async delete(ctx: AuditContext, id: string): Promise<void> {
    const current = await this.d.repo.findById(ctx.tenantId, id);
    if (!current || !(await this.d.repo.delete(ctx.tenantId, id))) throw notFound();
    await this.d.audit.record(ctx, 'extension', 'delete', { id, detail: { number: current.extension.number } });
  }

  /** The switch's directory look-up: enabled state and HA1s of one number in one tenant. */
  findForSwitch(tenantId: string, number: string) {
    return this.d.repo.findByNumber(tenantId, number);
  }

  private async checkUser(tenantId: string, userId: string | null | undefined) {
    if (userId && (await this.d.users.existingIds(tenantId, [userId])).length === 0) throw notFound();
  }
}
