import { randomBytes } from 'node:crypto';
import { ha1 } from '@hujiao/switch';

/** How long a browser phone's credential lives at most (the session usually ends it first). */
const MAX_TTL_MS = 24 * 3600_000;

interface Issued {
  tenantId: string;
  number: string;
  sessionId: string;
  expiresAt: number;
  ha1: Record<string, string>;
}

export interface BrowserPhoneCredentialsDeps {
  /** Whether the sign-in is still valid (not signed out, not expired). */
  sessionAlive(sessionId: string): Promise<boolean>;
  now?: () => number;
}

/**
 * 网页电话's SIP credentials, one per sign-in (ADR 0024): the browser gets a digest user `number*id` and a random
 * password for its session; the server keeps only their H(A1) (MD5 and SHA-256, for the enterprise's realm), in
 * memory. A REGISTER or INVITE with one is accepted while the session lives; a stolen page's credential dies with
 * the sign-out. The extension's own password is never sent to a browser.
 */
export class BrowserPhoneCredentials {
  private readonly issued = new Map<string, Issued>();
  private readonly now: () => number;

  constructor(private readonly d: BrowserPhoneCredentialsDeps) {
    this.now = d.now ?? Date.now;
  }

  /** A new credential for the session (the session's earlier one for the number stops working). */
  issue(o: { tenantId: string; realm: string; number: string; sessionId: string; sessionExpiresAt?: number }): {
    authorizationUser: string;
    password: string;
    expiresAt: Date;
  } {
    this.sweep();
    for (const [key, i] of this.issued) {
      if (i.sessionId === o.sessionId && i.number === o.number) this.issued.delete(key);
    }
    const authorizationUser = `${o.number}*${randomBytes(9).toString('base64url')}`;
    const password = randomBytes(24).toString('base64url');
    const expiresAt = Math.min(o.sessionExpiresAt ?? Number.POSITIVE_INFINITY, this.now() + MAX_TTL_MS);
    this.issued.set(`${o.tenantId}|${authorizationUser}`, {
      tenantId: o.tenantId,
      number: o.number,
      sessionId: o.sessionId,
      expiresAt,
      ha1: {
        MD5: ha1(authorizationUser, o.realm, password, 'MD5'),
        'SHA-256': ha1(authorizationUser, o.realm, password, 'SHA-256'),
      },
    });
    return { authorizationUser, password, expiresAt: new Date(expiresAt) };
  }

  /** The switch's look-up (Directory.sessionCredential): H(A1) of a live credential for this number, or null. */
  async secret(tenantId: string, number: string, username: string): Promise<Record<string, string> | null> {
    const key = `${tenantId}|${username}`;
    const i = this.issued.get(key);
    if (!i || i.number !== number) return null;
    if (i.expiresAt <= this.now() || !(await this.d.sessionAlive(i.sessionId))) {
      this.issued.delete(key);
      return null;
    }
    return i.ha1;
  }

  /** The session ended (signed out): its credentials stop at once. */
  revoke(sessionId: string): void {
    for (const [key, i] of this.issued) if (i.sessionId === sessionId) this.issued.delete(key);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, i] of this.issued) if (i.expiresAt <= now) this.issued.delete(key);
  }
}
