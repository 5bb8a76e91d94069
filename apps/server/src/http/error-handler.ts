import {
  type ApiErrorBody,
  ERRORS,
  type ErrorCode,
  errorMessage,
  FIELD_RULE_MESSAGES,
  type FieldRule,
  type Locale,
  pickLocale,
} from '@hujiao/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, uniqueViolation } from './domain-error.ts';

const CONFLICT_FIELDS: Record<string, Record<Locale, string>> = {
  tenants_account_unique: { 'zh-CN': '企业账号', 'en-US': 'Enterprise account' },
  users_username_unique: { 'zh-CN': '登录账号', 'en-US': 'Account' },
  users_mobile_unique: { 'zh-CN': '手机号', 'en-US': 'Mobile' },
  users_agent_no_unique: { 'zh-CN': '工号', 'en-US': 'Agent number' },
  extensions_number_unique: { 'zh-CN': '分机号', 'en-US': 'Extension number' },
};
const NAME_FIELD = { 'zh-CN': '名称', 'en-US': 'Name' };

const zodLocales = { 'zh-CN': z.locales.zhCN(), 'en-US': z.locales.en() };

interface Issue {
  code?: string;
  message?: string;
  path?: PropertyKey[];
  minimum?: number | bigint;
  origin?: string;
}

function issueMessage(issue: Issue, locale: Locale): string {
  if (issue.message && issue.message in FIELD_RULE_MESSAGES) {
    return FIELD_RULE_MESSAGES[issue.message as FieldRule][locale];
  }
  if (
    (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) ||
    issue.code === 'invalid_type'
  ) {
    return FIELD_RULE_MESSAGES.required[locale];
  }
  const translated = zodLocales[locale].localeError(issue as never);
  return typeof translated === 'string' ? translated : (translated?.message ?? issue.message ?? '');
}

export function validationDetails(issues: Issue[], locale: Locale) {
  return issues.map((i) => ({ path: (i.path ?? []).map(String).join('.'), message: issueMessage(i, locale) }));
}

function send(
  reply: FastifyReply,
  locale: Locale,
  code: ErrorCode,
  params = {},
  details?: ApiErrorBody['error']['details'],
) {
  const body: ApiErrorBody = { error: { code, message: errorMessage(code, locale, params), details } };
  return reply.status(ERRORS[code].status).send(body);
}

/** The one place that turns errors into HTTP answers: coded, translated, never leaking internals. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const locale = pickLocale(req.headers['accept-language']);
    if (err instanceof DomainError) {
      // Details may name a field rule (e.g. 'required' for a field a partial update leaves missing).
      const details = err.details?.map((d) =>
        d.message in FIELD_RULE_MESSAGES ? { ...d, message: FIELD_RULE_MESSAGES[d.message as FieldRule][locale] } : d,
      );
      return send(reply, locale, err.code, err.params, details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map(
        (v): Issue => ({
          ...(v.params as Omit<Issue, 'code' | 'message' | 'path'>),
          code: v.keyword,
          message: v.message,
          path: v.instancePath.split('/').filter(Boolean),
        }),
      );
      return send(reply, locale, 'VALIDATION_FAILED', {}, validationDetails(issues, locale));
    }
    const constraint = uniqueViolation(err);
    if (constraint) {
      const field = CONFLICT_FIELDS[constraint] ?? NAME_FIELD;
      return send(reply, locale, 'CONFLICT', { field: field[locale] });
    }
    if (err.statusCode === 429) return send(reply, locale, 'TOO_MANY_REQUESTS');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      req.log.debug({ err }, 'bad request');
      return send(reply, locale, 'BAD_REQUEST');
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, locale, 'INTERNAL');
  });
  app.setNotFoundHandler((req, reply) => send(reply, pickLocale(req.headers['accept-language']), 'ROUTE_NOT_FOUND'));
}
