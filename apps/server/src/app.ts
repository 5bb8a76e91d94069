import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { PUBLIC } from '@hujiao/shared';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { type RegisteredRoute, registerAccessControl } from './http/access.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { registerMetricsRoute } from './http/metrics.ts';
import { registerAgentDayRoutes, registerAgentRoutes, registerAgentStateLogRoutes } from './modules/agent/index.ts';
import { registerAuditRoutes } from './modules/audit/index.ts';
import { registerAuthRoutes } from './modules/auth/index.ts';
import { registerCallControlRoutes } from './modules/call-control/index.ts';
import { registerCallForwardingRoutes } from './modules/call-forwarding/index.ts';
import { AgentDayRepository, CallRecordScope, registerCallRecordRoutes } from './modules/call-record/index.ts';
import { registerCallerIdRoutes } from './modules/caller-id/index.ts';
import {
  IMPORT_MAX_BYTES,
  registerCustomerRoutes,
  registerImportRoutes,
  registerOwnershipRoutes,
} from './modules/customer/index.ts';
import { registerDepartmentRoutes } from './modules/department/index.ts';
import { registerDictionaryRoutes } from './modules/dictionary/index.ts';
import { registerBrowserPhoneRoutes, registerExtensionRoutes } from './modules/extension/index.ts';
import { registerFollowUpRoutes } from './modules/follow-up/index.ts';
import { registerIvrRoutes } from './modules/ivr/index.ts';
import { registerLiveRoutes } from './modules/live/index.ts';
import { registerNumberListRoutes } from './modules/number-list/index.ts';
import { registerQueueRoutes } from './modules/queue/index.ts';
import { registerRoleRoutes } from './modules/role/index.ts';
import { registerRoutingRoutes } from './modules/routing/index.ts';
import { registerSupervisionRoutes } from './modules/supervision/index.ts';
import { registerTeamRoutes } from './modules/team/index.ts';
import { registerTenantRoutes } from './modules/tenant/index.ts';
import { registerTicketRoutes } from './modules/ticket/index.ts';
import { registerTrunkRoutes } from './modules/trunk/index.ts';
import { registerUserRoutes } from './modules/user/index.ts';
import { registerUserGroupRoutes } from './modules/user-group/index.ts';
import { registerVoiceFileRoutes } from './modules/voice-file/index.ts';
import { registerVoicemailRoutes } from './modules/voicemail/index.ts';
import { createServices, type ServiceOptions, type Services } from './services.ts';

export const VERSION = '0.1.0';
const defaultWebDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface App {
  app: FastifyInstance;
  services: Services;
  routes: RegisteredRoute[];
}

export async function buildApp(opts: {
  config: Config;
  database: Database;
  logger: Logger;
  services?: ServiceOptions;
}): Promise<App> {
  const { config, database } = opts;
  const app = Fastify({ loggerInstance: opts.logger as FastifyBaseLogger, trustProxy: false, bodyLimit: 1024 * 1024 });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, { limits: { fileSize: IMPORT_MAX_BYTES } });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'HuJiao 呼叫中心平台 API', version: VERSION },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hj_sid' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const services = createServices(database.db, config, opts.logger, opts.services);
  await services.imports.recoverInterrupted();
  await services.agentStateLogRepo.closeInterrupted();
  const upgradedRoles = await services.roles.syncBuiltins();
  if (upgradedRoles) opts.logger?.info({ roles: upgradedRoles }, 'built-in roles given the new permissions');
  const routes = registerAccessControl(app, services.auth);

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/health',
    {
      config: { permission: PUBLIC },
      schema: {
        tags: ['system'],
        response: { 200: z.object({ status: z.literal('ok'), database: z.string(), version: z.string() }) },
      },
    },
    async () => {
      await services.tenantRepo.findPlatform();
      return { status: 'ok' as const, database: database.kind, version: VERSION };
    },
  );
  r.get('/api/openapi.json', { config: { permission: PUBLIC }, schema: { hide: true } }, () => app.swagger());

  registerAuthRoutes(app, services.auth, { cookieSecure: config.cookieSecure });
  registerTenantRoutes(app, services.tenants);
  registerDepartmentRoutes(app, services.departments);
  registerRoleRoutes(app, services.roles);
  registerUserRoutes(app, services.users);
  registerTeamRoutes(app, services.teams);
  registerUserGroupRoutes(app, services.userGroups);
  registerAuditRoutes(app, services.audit);
  registerExtensionRoutes(app, services.extensions);
  registerBrowserPhoneRoutes(app, {
    credentials: services.browserPhones,
    extensionOf: (tenantId, userId) => services.extensionRepo.numberOfUser(tenantId, userId),
    realmOf: async (tenantId) => (await services.tenantRepo.findById(tenantId))?.tenant.account ?? '',
    sip: config.sip,
  });
  registerCallForwardingRoutes(app, services.callForwarding);
  registerCallRecordRoutes(app, services.callRecords, new CallRecordScope(database.db));
  await registerVoicemailRoutes(app, services.voicemail);
  registerVoiceFileRoutes(app, services.voiceFiles, services.musicOnHold);
  registerTrunkRoutes(app, services.trunks);
  registerRoutingRoutes(app, services.routing, services.refusedCalls);
  registerNumberListRoutes(app, services.numberLists);
  registerCallerIdRoutes(app, services.callerIds);
  registerIvrRoutes(app, services.ivr);
  registerQueueRoutes(app, services.queues);
  registerAgentRoutes(app, services.acd);
  registerSupervisionRoutes(app, services.supervision);
  registerAgentDayRoutes(app, new AgentDayRepository(database.db));
  registerAgentStateLogRoutes(app, {
    repo: services.agentStateLogRepo,
    written: () => services.agentStateLog.flush(),
    scope: new CallRecordScope(database.db),
    dictionaries: services.dictionaries,
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  registerCallControlRoutes(app, services.callControl);
  registerDictionaryRoutes(app, services.dictionaries);
  registerCustomerRoutes(app, services);
  registerOwnershipRoutes(app, services);
  registerImportRoutes(app, services);
  registerFollowUpRoutes(app, services);
  registerTicketRoutes(app, services);
  registerLiveRoutes(app, services.live, services.auth);
  registerMetricsRoute(app, services.metrics, config.metricsToken);
  app.addHook('onClose', () => services.imports.stop());
  app.addHook('onClose', () => services.agentStateLog.flush());

  const webDir = config.webDir ?? defaultWebDir;
  if (existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false });
    app.get('/*', (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }
  return { app, services, routes };
}
