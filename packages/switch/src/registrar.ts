import { createResponse, type Flow, type NameAddr, type SipRequest, type SipResponse, serializeUri } from '@hujiao/sip';
import type { LocationService } from './location.ts';
import type { ExtensionInfo, Registration, TenantInfo } from './types.ts';

export interface RegistrarLimits {
  minExpires: number;
  maxExpires: number;
  defaultExpires: number;
}

const DIGITS = /^\d+$/;

function parseExpires(value: string | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  const v = value.trim();
  if (!DIGITS.test(v)) return null;
  return Math.min(Number(v), 2 ** 32 - 1);
}

/**
 * REGISTER processing after authentication (RFC 3261 §10.3 steps 6-8): wildcard removal, per-contact expiry with
 * Min-Expires/423 (§10.3 step 7, §20.23), Call-ID/CSeq ordering, and a 200 listing every current binding.
 */
export function processRegister(
  request: SipRequest,
  flow: Flow,
  tenant: TenantInfo,
  extension: ExtensionInfo,
  location: LocationService,
  limits: RegistrarLimits,
  now: number,
): SipResponse {
  const contacts = request.contacts;
  if (contacts === null) return createResponse(request, 400, { reason: 'Bad Request (Contact)' });
  const headerExpires = parseExpires(request.get('expires'));
  const callId = request.callId;
  const cseq = request.cseq?.seq ?? 0;
  if (contacts === '*') {
    // §10.3 step 6: "*" only with Expires: 0.
    if (headerExpires !== 0) return createResponse(request, 400, { reason: 'Bad Request (* needs Expires: 0)' });
    for (const r of location.lookup(tenant.tenantId, extension.number)) {
      if (r.callId !== callId || r.cseq < cseq) location.remove(r);
    }
    return ok(request, location, tenant, extension, now);
  }
  const plans: Array<{ contact: NameAddr; key: string; expires: number }> = [];
  for (const c of contacts) {
    const param = c.params.get('expires');
    let expires = parseExpires(param) ?? headerExpires ?? limits.defaultExpires;
    if (expires !== 0 && expires < limits.minExpires) {
      return createResponse(request, 423, { headers: [['Min-Expires', String(limits.minExpires)]] });
    }
    if (expires > limits.maxExpires) expires = limits.maxExpires;
    plans.push({ contact: c, key: serializeUri(c.uri), expires });
  }
  const userAgent = request.get('user-agent') ?? null;
  for (const p of plans) {
    const existing = location.get(tenant.tenantId, extension.number, p.key);
    // §10.3 step 7: same Call-ID with a CSeq not higher than stored → out of order, ignore this binding.
    if (existing && existing.callId === callId && existing.cseq >= cseq) continue;
    if (p.expires === 0) {
      if (existing) location.remove(existing);
      continue;
    }
    const reg: Registration = {
      tenantId: tenant.tenantId,
      extension: extension.number,
      aor: `sip:${extension.number}@${tenant.realm}`,
      contact: p.key,
      flow,
      expiresAt: now + p.expires * 1000,
      userAgent,
      callId,
      cseq,
      registeredAt: existing?.registeredAt ?? now,
    };
    location.upsert(reg);
  }
  return ok(request, location, tenant, extension, now);
}

function ok(
  request: SipRequest,
  location: LocationService,
  tenant: TenantInfo,
  extension: ExtensionInfo,
  now: number,
): SipResponse {
  const headers: Array<[string, string]> = [];
  for (const r of location.lookup(tenant.tenantId, extension.number)) {
    headers.push(['Contact', `<${r.contact}>;expires=${Math.max(0, Math.round((r.expiresAt - now) / 1000))}`]);
  }
  headers.push(['Date', new Date(now).toUTCString()]);
  return createResponse(request, 200, { headers });
}
