import { idParams, okResponse, page, pageQuery, team, teamBody, updateTeamBody } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { TeamService } from './team.service.ts';

export function registerTeamRoutes(app: FastifyInstance, teams: TeamService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['teams'];
  r.get(
    '/api/teams',
    {
      config: { permission: 'team:view' },
      schema: { tags, summary: '班组列表', querystring: pageQuery, response: { 200: page(team) } },
    },
    (req) => teams.list(actorOf(req).tenantId, req.query),
  );
  r.post(
    '/api/teams',
    { config: { permission: 'team:manage' }, schema: { tags, body: teamBody, response: { 200: team } } },
    (req) => teams.create(auditContext(actorOf(req)), req.body),
  );
  r.patch(
    '/api/teams/:id',
    {
      config: { permission: 'team:manage' },
      schema: { tags, params: idParams, body: updateTeamBody, response: { 200: team } },
    },
    (req) => teams.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/teams/:id',
    { config: { permission: 'team:manage' }, schema: { tags, params: idParams, response: { 200: okResponse } } },
    async (req) => {
      await teams.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
}
