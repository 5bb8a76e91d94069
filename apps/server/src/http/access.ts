import { AUTHENTICATED, PUBLIC } from '@hujiao/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { safeEqual } from '../lib/crypto.ts';
import type { Actor } from './actor.ts';
import { DomainError } from './domain-error.ts';

export const SESSION_COOKIE = 'hj_sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RegisteredRoute {
  method: string;
  url: string;
  permission: string;
}

export interface ActorResolver {
  fromSession(token: string, ip: string): Promise<Actor | null>;
  fromApiToken(token: string, ip: string): Promise<Actor | null>;
}

/**
 * Access control for every /api route: a route without a declared permission fails start-up; each request is
 * authenticated (session cookie + CSRF header, or Bearer API token) and checked against that permission.
 */
export function registerAccessControl(app: FastifyInstance, resolver: ActorResolver): RegisteredRoute[] {
  const registry: RegisteredRoute[] = [];
  app.decorateRequest('actor', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.method === 'HEAD') return;
    const permission = route.config?.permission;
    if (!permission) throw new Error(`Route ${String(route.method)} ${route.url} declares no permission`);
    for (const method of [route.method].flat()) registry.push({ method, url: route.url, permission });
  });

  app.addHook('onRequest', async (req) => {
    const permission = req.routeOptions.config?.permission;
    if (!permission || permission === PUBLIC) return;
    const actor = await authenticate(req, resolver);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (actor.via === 'session' && !SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !actor.csrfToken || !safeEqual(header, actor.csrfToken))
        throw new DomainError('CSRF_FAILED');
    }
    req.actor = actor;
    if (permission !== AUTHENTICATED && !actor.permissions.has(permission)) throw new DomainError('FORBIDDEN');
  });
  return registry;
}

async function authenticate(req: FastifyRequest, resolver: ActorResolver): Promise<Actor | null> {
  const authz = req.headers.authorization;
  if (authz?.startsWith('Bearer ')) return resolver.fromApiToken(authz.slice(7).trim(), req.ip);
  const token = req.cookies[SESSION_COOKIE];
  return token ? resolver.fromSession(token, req.ip) : null;
}

/** The actor of a route that declared a permission; the hook above guarantees it is set. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('UNAUTHENTICATED');
  return req.actor;
}
