import { describe, expect, it } from 'vitest';
import { isRequest, type SipRequest } from '../message/message.ts';
import { parseMessage } from '../message/parser.ts';
import { parseAuthValue } from './auth-header.ts';
import { computeDigestResponse, createDigestAuthorization, pickChallenge } from './digest.ts';
import { DigestServer, DigestVerdict } from './digest-server.ts';

function register(auth?: string): SipRequest {
  const text = [
    'REGISTER sip:pbx.example.com SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKr1',
    'Max-Forwards: 70',
    'From: <sip:1001@pbx.example.com>;tag=r1',
    'To: <sip:1001@pbx.example.com>',
    'Call-ID: reg-1',
    'CSeq: 2 REGISTER',
    ...(auth ? [`Authorization: ${auth}`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const r = parseMessage(Buffer.from(text));
  if (!r.ok || !isRequest(r.message)) throw new Error('fixture');
  return r.message;
}

describe('digest computation', () => {
  it('matches the RFC 2617 §3.5 example (MD5, qop=auth)', () => {
    expect(
      computeDigestResponse({
        algorithm: 'MD5',
        username: 'Mufasa',
        realm: 'testrealm@host.com',
        password: 'Circle Of Life',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('matches the RFC 7616 §3.9.1 examples (SHA-256 and MD5)', () => {
    const base = {
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      password: 'Circle of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      qop: 'auth' as const,
      nc: '00000001',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    };
    expect(computeDigestResponse({ ...base, algorithm: 'SHA-256' })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
    expect(computeDigestResponse({ ...base, algorithm: 'MD5' })).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });
});

describe('DigestServer', () => {
  let clock = 1_700_000_000_000;
  const server = new DigestServer({ realm: 'pbx.example.com', secret: Buffer.alloc(32, 7), now: () => clock });
  const lookup = (user: string) => (user === '1001' ? { password: 's3cret' } : null);

  function answer(algorithm: string, password = 's3cret'): SipRequest {
    const res = server.challengeResponse(register());
    expect(res.status).toBe(401);
    const challenges = res.getAll('www-authenticate');
    expect(challenges).toHaveLength(2);
    const challenge = challenges.map(parseAuthValue).find((c) => c?.params.get('algorithm') === algorithm);
    if (!challenge) throw new Error('no challenge');
    expect(challenge.params.get('qop')).toBe('auth');
    return register(
      createDigestAuthorization(challenge, {
        username: '1001',
        password,
        method: 'REGISTER',
        uri: 'sip:pbx.example.com',
      }),
    );
  }

  it('challenges with SHA-256 first, then MD5, and prefers SHA-256 on the client', () => {
    const values = server.challenges();
    expect(values[0]).toContain('algorithm=SHA-256');
    expect(values[1]).toContain('algorithm=MD5');
    expect(values[0]).toContain('qop="auth"');
    expect(pickChallenge(values)?.params.get('algorithm')).toBe('SHA-256');
  });

  it('accepts correct SHA-256 and MD5 credentials and rejects a wrong password', async () => {
    expect(await server.verify(answer('SHA-256'), lookup)).toEqual({ verdict: DigestVerdict.Ok, username: '1001' });
    expect((await server.verify(answer('MD5'), lookup)).verdict).toBe(DigestVerdict.Ok);
    expect((await server.verify(answer('MD5', 'wrong'), lookup)).verdict).toBe(DigestVerdict.Invalid);
    expect((await server.verify(register(), lookup)).verdict).toBe(DigestVerdict.Missing);
  });

  it('accepts stored HA1 instead of the password', async () => {
    const req = answer('MD5');
    const { createHash } = await import('node:crypto');
    const ha1 = createHash('md5').update('1001:pbx.example.com:s3cret').digest('hex');
    expect((await server.verify(req, () => ({ ha1: { MD5: ha1 } }))).verdict).toBe(DigestVerdict.Ok);
  });

  it('reports stale for an expired but genuine nonce and invalid for a forged one', async () => {
    const req = answer('SHA-256');
    clock += 10 * 60_000;
    expect((await server.verify(req, lookup)).verdict).toBe(DigestVerdict.Stale);
    expect(server.challengeResponse(req, { stale: true, proxy: true }).get('proxy-authenticate')).toContain(
      'stale=true',
    );
    const nonce = server.createNonce();
    const forged = `${nonce.slice(0, -3)}abc`;
    expect(server.checkNonce(forged)).toBe('invalid');
    expect(server.checkNonce(nonce)).toBe('ok');
  });

  it('rejects credentials for another Request-URI and unknown users', async () => {
    const req = answer('SHA-256');
    const other = register(
      req.get('authorization')?.replace('uri="sip:pbx.example.com"', 'uri="sip:evil.example.com"'),
    );
    expect((await server.verify(other, lookup)).verdict).toBe(DigestVerdict.Invalid);
    expect((await server.verify(req, () => null)).verdict).toBe(DigestVerdict.UnknownUser);
  });
});
