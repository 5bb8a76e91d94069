import {
  blacklistBody,
  blacklistEntry,
  bulkUpdateCustomersBody,
  cappedPage,
  countResponse,
  createCustomerBody,
  customer,
  customerDetail,
  customerIdsBody,
  customerQuery,
  customField,
  customFieldBody,
  duplicateGroup,
  idParams,
  mergeCustomersBody,
  okResponse,
  page,
  pageQuery,
  phoneLookup,
  phoneParams,
  pickLocale,
  updateCustomerBody,
  updateCustomFieldBody,
} from '@hujiao/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import type { BlacklistService } from './blacklist.service.ts';
import type { CustomFieldService } from './custom-field.service.ts';
import type { CustomerService } from './customer.service.ts';
import type { Viewers } from './viewer.ts';

export interface CustomerRouteDeps {
  viewers: Viewers;
  customers: CustomerService;
  customFields: CustomFieldService;
  blacklist: BlacklistService;
}

export function registerCustomerRoutes(app: FastifyInstance, d: CustomerRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  const ok = { 200: okResponse };
  const viewer = (req: FastifyRequest) => d.viewers.of(actorOf(req), pickLocale(req.headers['accept-language']));

  // ---- custom fields ----
  r.get(
    '/api/custom-fields',
    {
      config: { permission: 'customer:view' },
      schema: { tags: ['customFields'], summary: '自定义字段', response: { 200: z.array(customField) } },
    },
    async (req) => d.customFields.list(await viewer(req)),
  );
  r.post(
    '/api/custom-fields',
    {
      config: { permission: 'customField:manage' },
      schema: { tags: ['customFields'], body: customFieldBody, response: { 200: customField } },
    },
    async (req) => {
      const v = await viewer(req);
      return d.customFields.create(v.ctx, v, req.body);
    },
  );
  r.patch(
    '/api/custom-fields/:id',
    {
      config: { permission: 'customField:manage' },
      schema: { tags: ['customFields'], params: idParams, body: updateCustomFieldBody, response: { 200: customField } },
    },
    async (req) => {
      const v = await viewer(req);
      return d.customFields.update(v.ctx, v, req.params.id, req.body);
    },
  );
  r.delete(
    '/api/custom-fields/:id',
    {
      config: { permission: 'customField:manage' },
      schema: { tags: ['customFields'], params: idParams, response: ok },
    },
    async (req) => {
      await d.customFields.delete((await viewer(req)).ctx, req.params.id);
      return { ok: true as const };
    },
  );

  // ---- customers ----
  r.get(
    '/api/customers',
    {
      config: { permission: 'customer:view' },
      schema: { tags, summary: '客户列表', querystring: customerQuery, response: { 200: cappedPage(customer) } },
    },
    async (req) => d.customers.list(await viewer(req), req.query),
  );
  r.post(
    '/api/customers',
    {
      config: { permission: 'customer:create' },
      schema: { tags, body: createCustomerBody, response: { 200: customerDetail } },
    },
    async (req) => d.customers.create(await viewer(req), req.body),
  );
  r.get(
    '/api/customers/by-phone/:phone',
    {
      config: { permission: 'customer:view' },
      schema: { tags, summary: '按号码查客户(来电弹屏)', params: phoneParams, response: { 200: phoneLookup } },
    },
    async (req) => d.customers.byPhone(await viewer(req), req.params.phone),
  );
  r.get(
    '/api/customers/duplicates',
    {
      config: { permission: 'customer:view' },
      schema: { tags, summary: '重复客户(同号码)', response: { 200: z.array(duplicateGroup) } },
    },
    async (req) => d.customers.duplicates(await viewer(req)),
  );
  r.post(
    '/api/customers/bulk-update',
    {
      config: { permission: 'customer:update' },
      schema: { tags, body: bulkUpdateCustomersBody, response: { 200: countResponse } },
    },
    async (req) => ({ count: await d.customers.bulkUpdate(await viewer(req), req.body) }),
  );
  r.post(
    '/api/customers/bulk-delete',
    {
      config: { permission: 'customer:delete' },
      schema: { tags, body: customerIdsBody, response: { 200: countResponse } },
    },
    async (req) => ({ count: await d.customers.bulkDelete(await viewer(req), req.body.ids) }),
  );
  r.post(
    '/api/customers/merge',
    {
      config: { permission: 'customer:delete' },
      schema: { tags, summary: '合并重复客户', body: mergeCustomersBody, response: { 200: customerDetail } },
    },
    async (req) => d.customers.merge(await viewer(req), req.body.keepId, req.body.mergeIds),
  );
  r.get(
    '/api/customers/:id',
    { config: { permission: 'customer:view' }, schema: { tags, params: idParams, response: { 200: customerDetail } } },
    async (req) => d.customers.get(await viewer(req), req.params.id),
  );
  r.patch(
    '/api/customers/:id',
    {
      config: { permission: 'customer:update' },
      schema: { tags, params: idParams, body: updateCustomerBody, response: { 200: customerDetail } },
    },
    async (req) => d.customers.update(await viewer(req), req.params.id, req.body),
  );
  r.delete(
    '/api/customers/:id',
    { config: { permission: 'customer:delete' }, schema: { tags, params: idParams, response: ok } },
    async (req) => {
      await d.customers.delete(await viewer(req), req.params.id);
      return { ok: true as const };
    },
  );

  // ---- blacklist ----
  r.get(
    '/api/blacklist',
    {
      config: { permission: 'blacklist:view' },
      schema: { tags: ['blacklist'], querystring: pageQuery, response: { 200: page(blacklistEntry) } },
    },
    (req) => d.blacklist.list(actorOf(req).tenantId, req.query),
  );
  r.post(
    '/api/blacklist',
    {
      config: { permission: 'blacklist:manage' },
      schema: { tags: ['blacklist'], body: blacklistBody, response: { 200: blacklistEntry } },
    },
    async (req) => d.blacklist.create(await viewer(req), req.body),
  );
  r.delete(
    '/api/blacklist/:id',
    { config: { permission: 'blacklist:manage' }, schema: { tags: ['blacklist'], params: idParams, response: ok } },
    async (req) => {
      await d.blacklist.delete(await viewer(req), req.params.id);
      return { ok: true as const };
    },
  );
}
