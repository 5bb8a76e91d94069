import { type ApiToken, type LoginBody, type Me, permissionCountsIn } from '@hujiao/shared';
import type { Config } from '../../config.ts';
import type { ActorResolver } from '../../http/access.ts';
import { type Actor, auditContext } from '../../http/actor.ts';
import { DomainError } from '../../http/domain-error.ts';
import { randomToken, sha256 } from '../../lib/crypto.ts';
import type { AuditService } from '../audit/index.ts';
import type { TenantRepository, TenantRow } from '../tenant/index.ts';
import type { UserRepository, UserRow } from '../user/index.ts';
import type { AuthRepository } from './auth.repository.ts';
import { assertStrongPassword, burnPasswordCheck, hashPassword, verifyPassword } from './password.ts';

interface Deps {
  config: Pick<Config, 'sessionTtlMs' | 'loginMaxFailures' | 'loginLockMinutes'>;
  repo: AuthRepository;
  users: UserRepository;
  tenants: TenantRepository;
  audit: AuditService;
  now?: () => Date;
}

export interface LoginResult {
  sessionToken: string;
  expiresAt: Date;
  me: Me;
}

const toApiToken = (t: {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
}): ApiToken => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  expiresAt: t.expiresAt?.toISOString() ?? null,
});

/** Login in the three ways of the manuals, sessions with CSRF tokens, API tokens, own password and profile. */
/** Wrong passwords on the lock screen before the session ends. */
const MAX_UNLOCK_FAILURES = 5;

export class AuthService implements ActorResolver {
  private readonly now: () => Date;
  /** Wrong lock-screen passwords per session (in memory: a restart forgets them, the session stays locked). */
  private readonly unlockFailures = new Map<string, number>();
  constructor(private readonly d: Deps) {
    this.now = d.now ?? (() => new Date());
  }

  async login(input: LoginBody, ip: string, userAgent: string | undefined): Promise<LoginResult> {
    const user = await this.findLoginUser(input);
    if (!user) {
      await burnPasswordCheck(input.password);
      throw new DomainError('INVALID_CREDENTIALS');
    }
    const now = this.now();
    if (user.lockedUntil && user.lockedUntil > now) throw this.lockedError(user.lockedUntil, now);
    if (!(await verifyPassword(user.passwordHash, input.password))) {
      const failures = user.failedLogins + 1;
      const ctx = { tenantId: user.tenantId, userId: user.id, userName: user.name, ip };
      if (failures >= this.d.config.loginMaxFailures) {
        const lockedUntil = new Date(now.getTime() + this.d.config.loginLockMinutes * 60_000);
        await this.d.users.update(user.tenantId, user.id, { failedLogins: 0, lockedUntil });
        await this.d.audit.record(ctx, 'auth', 'locked', { id: user.id, detail: { mode: input.mode } });
        throw this.lockedError(lockedUntil, now);
      }
      await this.d.users.update(user.tenantId, user.id, { failedLogins: failures });
      await this.d.audit.record(ctx, 'auth', 'loginFailed', { id: user.id, detail: { mode: input.mode } });
      throw new DomainError('INVALID_CREDENTIALS');
    }
    if (!user.enabled) throw new DomainError('ACCOUNT_DISABLED');
    const tenant = await this.d.tenants.findById(user.tenantId);
    if (!tenant?.tenant.enabled) throw new DomainError('TENANT_DISABLED');

    await this.d.users.update(user.tenantId, user.id, {
      failedLogins: 0,
      lockedUntil: null,
      lastLoginAt: now,
      lastLoginIp: ip,
    });
    const sessionToken = randomToken();
    const csrfToken = randomToken(24);
    const expiresAt = new Date(now.getTime() + this.d.config.sessionTtlMs);
    await this.d.repo.insertSession({
      id: sha256(sessionToken),
      tenantId: user.tenantId,
      userId: user.id,
      csrfToken,
      ip,
      userAgent: userAgent?.slice(0, 300),
      expiresAt,
    });
    await this.d.repo.deleteExpiredSessions(now);
    await this.d.audit.record({ tenantId: user.tenantId, userId: user.id, userName: user.name, ip }, 'auth', 'login', {
      id: user.id,
      detail: { mode: input.mode },
    });
    const me = await this.me(
      this.toActor(
        user,
        tenant.tenant,
        await this.d.users.permissionsOf(user.tenantId, user.id),
        'session',
        ip,
        csrfToken,
      ),
    );
    return { sessionToken, expiresAt, me };
  }

  async logout(actor: Actor): Promise<void> {
    if (actor.sessionId) await this.d.repo.deleteSession(actor.sessionId);
    await this.d.audit.record(auditContext(actor), 'auth', 'logout', { id: actor.userId });
  }

  async fromSession(token: string, ip: string): Promise<Actor | null> {
    const row = await this.d.repo.findSession(sha256(token), this.now());
    if (!row || !row.user.enabled || !row.tenant.enabled) return null;
    const perms = await this.d.users.permissionsOf(row.user.tenantId, row.user.id);
    const actor = this.toActor(row.user, row.tenant, perms, 'session', ip, row.session.csrfToken);
    actor.sessionId = row.session.id;
    return actor;
  }

  async fromApiToken(token: string, ip: string): Promise<Actor | null> {
    const now = this.now();
    const row = await this.d.repo.findToken(sha256(token), now);
    if (!row || !row.user.enabled || !row.tenant.enabled) return null;
    await this.d.repo.touchToken(row.token.id, now);
    const perms = await this.d.users.permissionsOf(row.user.tenantId, row.user.id);
    return this.toActor(row.user, row.tenant, perms, 'token', ip);
  }

  async me(actor: Actor): Promise<Me> {
    const detail = await this.d.users.findDetail(actor.tenantId, actor.userId);
    const tenant = await this.d.tenants.findById(actor.tenantId);
    if (!detail || !tenant) throw new DomainError('UNAUTHENTICATED');
    const u = detail.user;
    return {
      id: u.id,
      tenantId: u.tenantId,
      tenantName: tenant.tenant.name,
      tenantAccount: tenant.tenant.account,
      isPlatform: tenant.tenant.isPlatform,
      username: u.username,
      agentNo: u.agentNo,
      name: u.name,
      mobile: u.mobile,
      email: u.email,
      agentType: u.agentType,
      departmentName: detail.departmentName,
      teamName: detail.teamName,
      roles: detail.roles.map((r) => r.name),
      roleCodes: detail.roles.map((r) => r.code),
      permissions: [...actor.permissions].sort(),
      mustChangePassword: u.mustChangePassword,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      csrfToken: actor.csrfToken ?? '',
    };
  }

  async changePassword(actor: Actor, oldPassword: string, newPassword: string): Promise<void> {
    const user = await this.d.users.findById(actor.tenantId, actor.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED');
    if (!(await verifyPassword(user.passwordHash, oldPassword))) throw new DomainError('WRONG_PASSWORD');
    assertStrongPassword(newPassword);
    const passwordHash = await hashPassword(newPassword);
    await this.d.users.update(actor.tenantId, actor.userId, { passwordHash, mustChangePassword: false });
    await this.d.repo.deleteOtherSessions(actor.userId, actor.sessionId);
    await this.d.audit.record(auditContext(actor), 'auth', 'changePassword', { id: actor.userId });
  }

  /**
   * 示忙锁屏: the user's own password unlocks their locked screen. Five wrong tries end the session (whoever sits at
   * an unattended workstation does not get to guess on), and the next page load asks to sign in.
   */
  async unlock(actor: Actor, password: string): Promise<void> {
    const user = await this.d.users.findById(actor.tenantId, actor.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED');
    const key = actor.sessionId ?? actor.userId;
    if (await verifyPassword(user.passwordHash, password)) {
      this.unlockFailures.delete(key);
      return;
    }
    const failures = (this.unlockFailures.get(key) ?? 0) + 1;
    await this.d.audit.record(auditContext(actor), 'auth', 'unlockFailed', { id: actor.userId, detail: { failures } });
    if (failures >= MAX_UNLOCK_FAILURES) {
      this.unlockFailures.delete(key);
      if (actor.sessionId) await this.d.repo.deleteSession(actor.sessionId);
      throw new DomainError('UNAUTHENTICATED');
    }
    this.unlockFailures.set(key, failures);
    throw new DomainError('UNLOCK_WRONG_PASSWORD', { left: MAX_UNLOCK_FAILURES - failures });
  }

  async updateProfile(
    actor: Actor,
    input: { name: string; email?: string | null; mobile?: string | null },
  ): Promise<Me> {
    await this.d.users.update(actor.tenantId, actor.userId, input);
    await this.d.audit.record(auditContext(actor), 'auth', 'updateProfile', { id: actor.userId, detail: { ...input } });
    return this.me(actor);
  }

  async listTokens(actor: Actor): Promise<ApiToken[]> {
    return (await this.d.repo.listTokens(actor.tenantId, actor.userId)).map(toApiToken);
  }

  async createToken(actor: Actor, name: string, expiresInDays?: number) {
    const token = `hj_${randomToken()}`;
    const row = await this.d.repo.insertToken({
      tenantId: actor.tenantId,
      userId: actor.userId,
      name,
      prefix: token.slice(0, 10),
      tokenHash: sha256(token),
      expiresAt: expiresInDays ? new Date(this.now().getTime() + expiresInDays * 86_400_000) : null,
    });
    await this.d.audit.record(auditContext(actor), 'apiToken', 'create', { id: row.id, detail: { name } });
    return { ...toApiToken(row), token };
  }

  async deleteToken(actor: Actor, id: string): Promise<void> {
    if (!(await this.d.repo.deleteToken(actor.tenantId, actor.userId, id))) throw new DomainError('NOT_FOUND');
    await this.d.audit.record(auditContext(actor), 'apiToken', 'delete', { id });
  }

  private async findLoginUser(input: LoginBody): Promise<UserRow | undefined> {
    const account = input.account.trim();
    if (input.mode === 'account') return this.d.users.findForLogin({ username: account.toLowerCase() });
    if (input.mode === 'mobile') return this.d.users.findForLogin({ mobile: account });
    const at = account.lastIndexOf('@');
    if (at <= 0) return undefined;
    const tenant = await this.d.tenants.findByAccount(account.slice(at + 1).toLowerCase());
    return tenant ? this.d.users.findForLogin({ tenantId: tenant.id, agentNo: account.slice(0, at) }) : undefined;
  }

  private lockedError(until: Date, now: Date) {
    return new DomainError('ACCOUNT_LOCKED', {
      minutes: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000)),
    });
  }

  private toActor(
    user: UserRow,
    tenant: TenantRow,
    perms: { permissions: string[] },
    via: Actor['via'],
    ip: string,
    csrfToken?: string,
  ): Actor {
    // Platform permissions only ever count inside the platform tenant, and there only the operator's (no CRM or
    // extensions of the platform itself), whatever a role row says.
    const permissions = perms.permissions.filter((p) => permissionCountsIn(p, tenant.isPlatform));
    return {
      userId: user.id,
      tenantId: user.tenantId,
      isPlatform: tenant.isPlatform,
      name: user.name,
      permissions: new Set(permissions),
      via,
      ip,
      csrfToken,
    };
  }
}
