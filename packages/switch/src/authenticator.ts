import { randomBytes } from 'node:crypto';
import {
  type DigestSecret,
  DigestServer,
  DigestVerdict,
  isSipUri,
  type SipRequest,
  type SipResponse,
} from '@hujiao/sip';
import type { Directory, ExtensionInfo, TenantInfo } from './types.ts';

export const AuthKind = { Ok: 'ok', Challenge: 'challenge', Reject: 'reject' } as const;

export type AuthOutcome =
  | { kind: typeof AuthKind.Ok; tenant: TenantInfo; extension: ExtensionInfo }
  /**
   * Send this 401/407; `failure` when the credentials were wrong (counts towards a ban), `probe` when there were
   * none for the realm (counts towards an enumeration ban, see BanList.probe).
   */
  | { kind: typeof AuthKind.Challenge; response: SipResponse; failure: boolean; probe?: boolean }
  | { kind: typeof AuthKind.Reject; status: number; reason: string; failure: boolean };

export interface AuthenticatorOptions {
  directory: Directory;
  serverRealm: string;
  serverHosts: ReadonlySet<string>;
  secret?: Buffer;
  /** Challenge algorithms, topmost preferred (RFC 8760 §2.4). Default MD5 only: libre-based phones (baresip 1.0) fail on a SHA-256 challenge. */
  algorithms?: readonly string[];
  /** Require the credentials' uri to equal the Request-URI (RFC 2617 §3.2.2.5); SIPp sends the server address. */
  checkUri?: boolean;
}

/**
 * The user a request speaks for, "user@host" of its identifying URI (To for REGISTER, From otherwise): what a
 * scanner varies when it enumerates extensions. Null without a SIP URI with a user.
 */
export function identityName(request: SipRequest): string | null {
  const uri = (request.method === 'REGISTER' ? request.to : request.from)?.uri;
  return uri && isSipUri(uri) && uri.user ? `${uri.user}@${uri.host.toLowerCase()}` : null;
}

/**
 * Digest authentication of phones (RFC 3261 §22, RFC 8760) against per-tenant extensions. The tenant comes from the
 * host of the identifying URI (To for REGISTER, From otherwise): a tenant domain (realm = account, username =
 * extension number), or one of the server's own hosts (realm = serverRealm, username = "number@account").
 */
export class Authenticator {
  private readonly servers = new Map<string, DigestServer>();
  private readonly secret: Buffer;

  constructor(private readonly options: AuthenticatorOptions) {
    this.secret = options.secret ?? randomBytes(32);
  }

  private server(realm: string): DigestServer {
    let s = this.servers.get(realm);
    if (!s) {
      s = new DigestServer({
        realm,
        secret: this.secret,
        algorithms: this.options.algorithms ?? ['MD5'],
        checkUri: this.options.checkUri ?? false,
      });
      this.servers.set(realm, s);
    }
    return s;
  }

  /** Authenticates `request`; `proxy` selects 407/Proxy-Authorization (INVITE) instead of 401/Authorization. */
  async authenticate(request: SipRequest, proxy: boolean): Promise<AuthOutcome> {
    const identity = request.method === 'REGISTER' ? request.to : request.from;
    const uri = identity?.uri;
    if (!uri || !isSipUri(uri) || !uri.user) {
      return { kind: AuthKind.Reject, status: 403, reason: 'Forbidden (no user)', failure: true };
    }
    const user = uri.user;
    const host = uri.host.toLowerCase();
    const { directory } = this.options;
    const tenant = await directory.resolveTenant(host);
    let found: { tenant: TenantInfo; extension: ExtensionInfo } | null = null;
    let realm: string;
    let lookup: (username: string) => Promise<DigestSecret | null>;
    if (tenant) {
      realm = tenant.realm;
      lookup = async (username) => {
        // A browser phone's credential for this sign-in: "number*id" (ADR 0024).
        if (username.startsWith(`${user}*`) && directory.sessionCredential) {
          const ha1 = await directory.sessionCredential(tenant.tenantId, user, username);
          const ext = ha1 ? await directory.findExtension(tenant.tenantId, user) : null;
          if (!ha1 || !ext) return null;
          found = { tenant, extension: ext };
          return { ha1 };
        }
        const at = username.indexOf('@');
        const number = at < 0 ? username : username.slice(0, at);
        if (number !== user || (at >= 0 && username.slice(at + 1).toLowerCase() !== realm.toLowerCase())) return null;
        const ext = await directory.findExtension(tenant.tenantId, number);
        if (!ext) return null;
        found = { tenant, extension: ext };
        // A phone that sends "number@account" as digest username hashed that whole string.
        return at < 0
          ? { ha1: { MD5: ext.ha1Md5, 'SHA-256': ext.ha1Sha256 } }
          : ext.qualifiedHa1Md5 && ext.qualifiedHa1Sha256 && realm === this.options.serverRealm
            ? { ha1: { MD5: ext.qualifiedHa1Md5, 'SHA-256': ext.qualifiedHa1Sha256 } }
            : null;
      };
    } else if (this.options.serverHosts.has(host)) {
      realm = this.options.serverRealm;
      lookup = async (username) => {
        const at = username.lastIndexOf('@');
        if (at <= 0) return null;
        const number = username.slice(0, at);
        if (number !== user) return null;
        const t = await directory.resolveTenant(username.slice(at + 1));
        if (!t) return null;
        const ext = await directory.findExtension(t.tenantId, number);
        if (!ext?.qualifiedHa1Md5 || !ext.qualifiedHa1Sha256) return null;
        found = { tenant: t, extension: ext };
        return { ha1: { MD5: ext.qualifiedHa1Md5, 'SHA-256': ext.qualifiedHa1Sha256 } };
      };
    } else {
      return { kind: AuthKind.Reject, status: 403, reason: 'Forbidden (unknown domain)', failure: true };
    }
    const server = this.server(realm);
    const result = await server.verify(request, lookup, { proxy });
    switch (result.verdict) {
      case DigestVerdict.Ok: {
        const ok = found as { tenant: TenantInfo; extension: ExtensionInfo } | null;
        if (!ok) return { kind: AuthKind.Reject, status: 403, reason: 'Forbidden', failure: true };
        return { kind: AuthKind.Ok, tenant: ok.tenant, extension: ok.extension };
      }
      case DigestVerdict.Missing:
        return {
          kind: AuthKind.Challenge,
          response: server.challengeResponse(request, { proxy }),
          failure: false,
          probe: true,
        };
      case DigestVerdict.Stale:
        return {
          kind: AuthKind.Challenge,
          response: server.challengeResponse(request, { proxy, stale: true }),
          failure: false,
        };
      default:
        // RFC 3261 §22.2/§22.3: wrong credentials are challenged again (the UA may ask its user).
        return { kind: AuthKind.Challenge, response: server.challengeResponse(request, { proxy }), failure: true };
    }
  }
}
