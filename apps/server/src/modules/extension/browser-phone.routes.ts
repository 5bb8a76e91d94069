import { AUTHENTICATED, type BrowserPhoneCredential, browserPhoneCredential } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { actorOf } from '../../http/access.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { BrowserPhoneCredentials } from './browser-phone.ts';

export interface BrowserPhoneRouteDeps {
  credentials: BrowserPhoneCredentials;
  /** The extension bound to the user (the browser phone rings and calls as it). */
  extensionOf(tenantId: string, userId: string): Promise<string | null>;
  /** The enterprise's SIP domain and digest realm (its account). */
  realmOf(tenantId: string): Promise<string>;
  sip: Pick<Config['sip'], 'wsPort' | 'wsUrl' | 'wss' | 'webrtc'>;
}

/**
 * 网页电话: POST /api/agent/phone gives the signed-in user's browser phone what it registers with — their bound
 * extension, a credential for this sign-in only, the switch's WebSocket (CC_SIP_WS_URL, else on the page's own
 * host), STUN/TURN.
 */
export function registerBrowserPhoneRoutes(app: FastifyInstance, d: BrowserPhoneRouteDeps) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/agent/phone',
    {
      config: { permission: AUTHENTICATED },
      schema: {
        tags: ['agent'],
        summary: '网页电话的登录凭据(本次登录有效)',
        response: { 200: browserPhoneCredential },
      },
    },
    async (req): Promise<BrowserPhoneCredential> => {
      const actor = actorOf(req);
      // A session's own phone: not for API tokens (no sign-in to end it) nor the platform operator.
      if (actor.isPlatform || actor.via !== 'session' || !actor.sessionId) throw new DomainError('FORBIDDEN');
      const extension = await d.extensionOf(actor.tenantId, actor.userId);
      if (!extension) throw new DomainError('PHONE_NO_EXTENSION');
      const port = d.sip.wss?.port ?? d.sip.wsPort;
      if (port === undefined) throw new DomainError('PHONE_NO_WEBSOCKET');
      const realm = await d.realmOf(actor.tenantId);
      const issued = d.credentials.issue({
        tenantId: actor.tenantId,
        realm,
        number: extension,
        sessionId: actor.sessionId,
      });
      const host = req.hostname.includes(':') && !req.hostname.startsWith('[') ? `[${req.hostname}]` : req.hostname;
      return {
        extension,
        domain: realm,
        authorizationUser: issued.authorizationUser,
        password: issued.password,
        wsUrl: d.sip.wsUrl ?? `${d.sip.wss ? 'wss' : 'ws'}://${host}:${port}`,
        iceServers: d.sip.webrtc.iceServers,
        expiresAt: issued.expiresAt.toISOString(),
      };
    },
  );
}
