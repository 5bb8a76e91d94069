import { createDigestAuthorization, parseAuthValue, type SipRequest } from '@hujiao/sip';
import { describe, expect, it } from 'vitest';
import { Authenticator, AuthKind } from './authenticator.ts';
import { InMemoryDirectory } from './directory.ts';
import { register } from './test-support/messages.ts';

function setup(algorithms?: string[]) {
  const directory = new InMemoryDirectory('hujiao');
  directory.addTenant('t1', 'acme').addTenant('t2', 'globex');
  directory.addExtension('t1', { number: '1001', password: 'pw-acme' });
  directory.addExtension('t2', { number: '1001', password: 'pw-globex' });
  const auth = new Authenticator({
    directory,
    serverRealm: 'hujiao',
    serverHosts: new Set(['192.0.2.10']),
    ...(algorithms ? { algorithms } : {}),
  });
  return auth;
}

/** Answers the challenge (picking `algorithm`) and returns the request with credentials. */
async function answer(auth: Authenticator, req: SipRequest, username: string, password: string, algorithm: string) {
  const first = await auth.authenticate(req, false);
  if (first.kind !== AuthKind.Challenge) throw new Error('expected a challenge');
  const challenge = first.response
    .getAll('www-authenticate')
    .map(parseAuthValue)
    .find((c) => c?.params.get('algorithm') === algorithm);
  if (!challenge) throw new Error(`no ${algorithm} challenge`);
  req.append(
    'Authorization',
    createDigestAuthorization(challenge, { username, password, method: 'REGISTER', uri: 'sip:acme' }),
  );
  return auth.authenticate(req, false);
}

describe('Authenticator (per-tenant digest)', () => {
  it('accepts MD5 and SHA-256 credentials with realm = the tenant account', async () => {
    const auth = setup(['SHA-256', 'MD5']);
    for (const algorithm of ['MD5', 'SHA-256']) {
      const r = await answer(auth, register('1001', 'acme', ['<sip:1001@10.0.0.5>']), '1001', 'pw-acme', algorithm);
      expect(r.kind).toBe(AuthKind.Ok);
      if (r.kind === AuthKind.Ok) expect(r.tenant.tenantId).toBe('t1');
    }
  });

  it('keeps tenants apart: the same number with the other tenant password fails', async () => {
    const auth = setup();
    const r = await answer(auth, register('1001', 'acme', ['<sip:1001@10.0.0.5>']), '1001', 'pw-globex', 'MD5');
    expect(r).toMatchObject({ kind: AuthKind.Challenge, failure: true });
  });

  it('accepts the server address as domain with digest username number@account (realm hujiao)', async () => {
    const auth = setup();
    const r = await answer(
      auth,
      register('1001', '192.0.2.10', ['<sip:1001@10.0.0.5>']),
      '1001@globex',
      'pw-globex',
      'MD5',
    );
    expect(r.kind).toBe(AuthKind.Ok);
    if (r.kind === AuthKind.Ok) expect(r.tenant.tenantId).toBe('t2');
  });

  it('forbids unknown domains', async () => {
    const r = await setup().authenticate(register('1001', 'evil.example', ['<sip:1001@10.0.0.5>']), false);
    expect(r).toMatchObject({ kind: AuthKind.Reject, status: 403, failure: true });
  });
});
