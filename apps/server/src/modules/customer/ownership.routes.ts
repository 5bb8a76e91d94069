import {
  assignBody,
  assignResult,
  claimResult,
  countResponse,
  crmSettings,
  customer,
  customerIdsBody,
  page,
  publicPoolQuery,
  recycleBody,
  transferBody,
  updateCrmSettingsBody,
} from '@hujiao/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.ts';
import type { CustomerService } from './customer.service.ts';
import type { OwnershipService } from './ownership.service.ts';
import type { Viewers } from './viewer.ts';

export function registerOwnershipRoutes(
  app: FastifyInstance,
  d: { viewers: Viewers; ownership: OwnershipService; customers: CustomerService },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  const viewer = (req: FastifyRequest) => d.viewers.of(actorOf(req));
  const count = { 200: countResponse };

  r.post(
    '/api/customers/assign',
    {
      config: { permission: 'customer:assign' },
      schema: { tags, summary: '分配客户', body: assignBody, response: { 200: assignResult } },
    },
    async (req) => d.ownership.assign(await viewer(req), req.body),
  );
  r.post(
    '/api/customers/recycle',
    {
      config: { permission: 'customer:assign' },
      schema: { tags, summary: '回收', body: recycleBody, response: count },
    },
    async (req) => ({ count: await d.ownership.recycle(await viewer(req), req.body) }),
  );
  r.post(
    '/api/customers/transfer',
    {
      config: { permission: 'customer:assign' },
      schema: { tags, summary: '资料转移', body: transferBody, response: count },
    },
    async (req) => ({ count: await d.ownership.transfer(await viewer(req), req.body) }),
  );
  r.post(
    '/api/customers/release',
    {
      config: { permission: 'customer:update' },
      schema: { tags, summary: '放入公海', body: customerIdsBody, response: count },
    },
    async (req) => ({ count: await d.ownership.release(await viewer(req), req.body.ids) }),
  );
  r.get(
    '/api/public-pool',
    {
      config: { permission: 'publicPool:claim' },
      schema: { tags, summary: '公海客户', querystring: publicPoolQuery, response: { 200: page(customer) } },
    },
    async (req) => {
      const v = await viewer(req);
      return d.customers.list({ ...v, scope: { all: true } }, { ...req.query, publicPool: true });
    },
  );
  r.post(
    '/api/public-pool/claim',
    {
      config: { permission: 'publicPool:claim' },
      schema: { tags, summary: '领取公海客户', body: customerIdsBody, response: { 200: claimResult } },
    },
    async (req) => d.ownership.claim(await viewer(req), req.body.ids),
  );
  r.post(
    '/api/public-pool/run-return',
    { config: { permission: 'publicPool:manage' }, schema: { tags, summary: '立即执行公海回收规则', response: count } },
    async (req) => ({ count: await d.ownership.runPublicPoolReturn(new Date(), actorOf(req).tenantId) }),
  );
  r.get(
    '/api/crm-settings',
    { config: { permission: 'customer:view' }, schema: { tags, response: { 200: crmSettings } } },
    (req) => d.ownership.settings(actorOf(req).tenantId),
  );
  r.put(
    '/api/crm-settings',
    {
      config: { permission: 'publicPool:manage' },
      schema: { tags, body: updateCrmSettingsBody, response: { 200: crmSettings } },
    },
    async (req) => d.ownership.updateSettings(await viewer(req), req.body),
  );
}
