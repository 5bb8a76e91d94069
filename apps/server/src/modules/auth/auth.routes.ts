import {
  AUTHENTICATED,
  apiToken,
  apiTokenBody,
  apiTokenCreated,
  changePasswordBody,
  idParams,
  loginBody,
  meResponse,
  okResponse,
  PUBLIC,
  profileBody,
  sessionResponse,
  unlockBody,
} from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE } from '../../http/access.ts';
import type { AuthService } from './auth.service.ts';

export function registerAuthRoutes(app: FastifyInstance, auth: AuthService, opts: { cookieSecure: boolean }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];
  const ok = { 200: okResponse };

  r.post(
    '/api/auth/login',
    {
      // Per-address throttling on top of the per-account lockout in AuthService.
      config: { permission: PUBLIC, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign in: enterprise account, agentNo@enterprise, or bound mobile, with a password',
        body: loginBody,
        response: { 200: meResponse },
      },
    },
    async (req, reply) => {
      const result = await auth.login(req.body, req.ip, req.headers['user-agent']);
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.cookieSecure,
        expires: result.expiresAt,
      });
      return result.me;
    },
  );
  r.post(
    '/api/auth/logout',
    { config: { permission: AUTHENTICATED }, schema: { tags, response: ok } },
    async (req, reply) => {
      await auth.logout(actorOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );
  r.get(
    '/api/auth/me',
    {
      config: { permission: AUTHENTICATED },
      schema: { tags, summary: 'The signed-in user', response: { 200: meResponse } },
    },
    (req) => auth.me(actorOf(req)),
  );
  r.get(
    '/api/auth/session',
    {
      config: { permission: PUBLIC },
      schema: {
        tags,
        summary: 'The signed-in user, or null when nobody is (200 either way, unlike /api/auth/me)',
        response: { 200: sessionResponse },
      },
    },
    async (req) => {
      const token = req.cookies[SESSION_COOKIE];
      const actor = token ? await auth.fromSession(token, req.ip) : null;
      return { me: actor ? await auth.me(actor) : null };
    },
  );
  r.post(
    '/api/auth/password',
    {
      config: { permission: AUTHENTICATED },
      schema: { tags, summary: 'Change own password', body: changePasswordBody, response: ok },
    },
    async (req) => {
      await auth.changePassword(actorOf(req), req.body.oldPassword, req.body.newPassword);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/auth/unlock',
    {
      config: { permission: AUTHENTICATED },
      schema: { tags, summary: '示忙锁屏: unlock with own password', body: unlockBody, response: ok },
    },
    async (req) => {
      await auth.unlock(actorOf(req), req.body.password);
      return { ok: true as const };
    },
  );
  r.put(
    '/api/auth/profile',
    {
      config: { permission: AUTHENTICATED },
      schema: { tags, summary: 'Edit own personal info', body: profileBody, response: { 200: meResponse } },
    },
    (req) => auth.updateProfile(actorOf(req), req.body),
  );
  r.get(
    '/api/auth/tokens',
    {
      config: { permission: 'apiToken:manage' },
      schema: { tags, summary: 'Own API tokens', response: { 200: z.array(apiToken) } },
    },
    (req) => auth.listTokens(actorOf(req)),
  );
  r.post(
    '/api/auth/tokens',
    {
      config: { permission: 'apiToken:manage' },
      schema: {
        tags,
        summary: 'Create an API token (shown once)',
        body: apiTokenBody,
        response: { 200: apiTokenCreated },
      },
    },
    (req) => auth.createToken(actorOf(req), req.body.name, req.body.expiresInDays),
  );
  r.delete(
    '/api/auth/tokens/:id',
    { config: { permission: 'apiToken:manage' }, schema: { tags, params: idParams, response: ok } },
    async (req) => {
      await auth.deleteToken(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );
}
