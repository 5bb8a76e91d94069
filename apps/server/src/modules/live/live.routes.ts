// The route's `websocket: true` option (type augmentation of fastify, also for workspaces that skip app.ts).
import type {} from '@fastify/websocket';
import {
  LIVE_PATH,
  type LiveClientMessage,
  liveClientMessage,
  liveCloseCodes,
  PUBLIC,
  pickLocale,
} from '@hujiao/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { type ActorResolver, SESSION_COOKIE } from '../../http/access.ts';
import type { Actor } from '../../http/actor.ts';
import { LiveConnection } from './live-connection.ts';
import type { LiveHub } from './live-hub.ts';

/** Largest client message taken (a subscribe is a few dozen bytes). */
const MAX_MESSAGE_BYTES = 4096;

/**
 * `GET /api/live` upgraded to a WebSocket (@fastify/websocket). Declared public to the HTTP access hook: the
 * socket itself refuses, with close code 4401 and a reason, a request without a valid session (a browser sees
 * close codes, never the status of a refused upgrade), and 4403 one from a page of another origin. Then `hello`,
 * and the client's subscribe / unsubscribe / ping (zod-checked; a bad message answers an error, the socket stays).
 */
export function registerLiveRoutes(app: FastifyInstance, hub: LiveHub, auth: ActorResolver): void {
  app.get(LIVE_PATH, { websocket: true, config: { permission: PUBLIC }, schema: { hide: true } }, (socket, req) => {
    // Messages that arrive while the session is read wait for it, in order.
    const ready = open(socket, req, hub, auth);
    socket.on('message', (raw: RawData) => {
      void ready.then((conn) => (conn ? handle(conn, raw, hub) : undefined));
    });
  });
  app.addHook('onClose', async () => hub.close());
}

async function open(socket: WebSocket, req: FastifyRequest, hub: LiveHub, auth: ActorResolver) {
  const origin = req.headers.origin;
  if (origin && !sameOrigin(origin, req.headers.host)) {
    socket.close(liveCloseCodes.badOrigin, 'origin not allowed');
    return null;
  }
  const authenticate = resolverFor(req, auth);
  const actor = authenticate ? await authenticate().catch(() => null) : null;
  if (!actor) {
    socket.close(liveCloseCodes.unauthenticated, 'not signed in');
    return null;
  }
  if (socket.readyState !== socket.OPEN) return null;
  const conn = new LiveConnection(socket, actor, authenticate as () => Promise<Actor | null>);
  conn.locale = pickLocale(req.headers['accept-language']);
  hub.attach(conn);
  conn.send({
    type: 'hello',
    user: { id: actor.userId, name: actor.name, tenantId: actor.tenantId, isPlatform: actor.isPlatform },
    serverTime: new Date().toISOString(),
    heartbeatMs: hub.heartbeatInterval,
  });
  return conn;
}

/** The session cookie (browsers) or a Bearer API token; the check runs again at every heartbeat. */
function resolverFor(req: FastifyRequest, auth: ActorResolver): (() => Promise<Actor | null>) | null {
  const authz = req.headers.authorization;
  if (authz?.startsWith('Bearer ')) {
    const token = authz.slice(7).trim();
    return () => auth.fromApiToken(token, req.ip);
  }
  const session = req.cookies[SESSION_COOKIE];
  return session ? () => auth.fromSession(session, req.ip) : null;
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

async function handle(conn: LiveConnection, raw: RawData, hub: LiveHub): Promise<void> {
  const text = (Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer)).toString('utf8');
  let message: LiveClientMessage;
  try {
    if (text.length > MAX_MESSAGE_BYTES) throw new Error('too large');
    message = liveClientMessage.parse(JSON.parse(text));
  } catch {
    conn.send({
      type: 'error',
      code: 'BAD_MESSAGE',
      message: 'not a live message (subscribe, unsubscribe, ping, agent, call)',
    });
    return;
  }
  switch (message.type) {
    case 'subscribe':
      await hub.subscribe(conn, message.topics);
      return;
    case 'unsubscribe':
      hub.unsubscribe(conn, message.topics);
      return;
    case 'ping':
      conn.send({ type: 'pong', ...(message.id !== undefined ? { id: message.id } : {}) });
      return;
    case 'agent':
    case 'call': {
      const result = await hub.runAgentCommand(conn.actor, message, conn.locale);
      conn.send({ type: 'result', ...(message.id !== undefined ? { id: message.id } : {}), ...result });
      return;
    }
  }
}
