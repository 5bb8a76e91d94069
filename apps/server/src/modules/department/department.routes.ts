import { department, departmentBody, idParams, okResponse, updateDepartmentBody } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import { auditContext } from '../../http/actor.ts';
import type { DepartmentService } from './department.service.ts';

export function registerDepartmentRoutes(app: FastifyInstance, departments: DepartmentService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['departments'];
  r.get(
    '/api/departments',
    {
      config: { permission: 'department:view' },
      schema: { tags, summary: '部门列表 (flat; parentId builds the tree)', response: { 200: z.array(department) } },
    },
    (req) => departments.list(actorOf(req).tenantId),
  );
  r.post(
    '/api/departments',
    {
      config: { permission: 'department:manage' },
      schema: { tags, body: departmentBody, response: { 200: department } },
    },
    (req) => departments.create(auditContext(actorOf(req)), req.body),
  );
  r.patch(
    '/api/departments/:id',
    {
      config: { permission: 'department:manage' },
      schema: { tags, params: idParams, body: updateDepartmentBody, response: { 200: department } },
    },
    (req) => departments.update(auditContext(actorOf(req)), req.params.id, req.body),
  );
  r.delete(
    '/api/departments/:id',
    {
      config: { permission: 'department:manage' },
      schema: { tags, params: idParams, response: { 200: okResponse } },
    },
    async (req) => {
      await departments.delete(auditContext(actorOf(req)), req.params.id);
      return { ok: true as const };
    },
  );
}
