import { join } from 'node:path';
import { expect } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, Session, type TestApp } from './harness.ts';

/**
 * The real-peer tests' common set-up: an app whose switch is on `ip:sipPort` with RTP ports `rtpMin` … `rtpMin +
 * rtpCount - 1` (by default the 200 above sipPort + 100), trunk keep-alives off unless asked, data below `dir`.
 */
export function createSipApp(
  dir: string,
  ip: string,
  sipPort: number,
  o: { rtpMin?: number; rtpCount?: number; trunkKeepAlive?: boolean; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const min = o.rtpMin ?? sipPort + 100;
  return createTestApp({
    CC_DATA_DIR: join(dir, 'data'),
    CC_SIP_BIND: ip,
    CC_SIP_ADDRESS: ip,
    CC_SIP_PORT: String(sipPort),
    CC_RTP_PORT_MIN: String(min),
    CC_RTP_PORT_MAX: String(min + (o.rtpCount ?? 200) - 1),
    ...(o.trunkKeepAlive ? {} : { CC_TRUNK_KEEPALIVE_SECONDS: '0' }),
    ...o.env,
  });
}

/** An enterprise of the test's own, its admin, and the id of its built-in agent role (坐席). */
export async function enterpriseWithAgents(t: TestApp, account: string) {
  const platform = await platformAdmin(t);
  const { admin, tenantId } = await createEnterprise(t, platform, account);
  const roles = await admin.ok<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
  const agentRole = roles.find((r) => r.code === 'agent')?.id;
  if (!agentRole) throw new Error('no built-in agent role');
  return { platform, admin, tenantId, agentRole };
}

export const AGENT_PASSWORD = 'Agent#2026';

/**
 * An agent (工号 `agentNo`, named 坐席<agentNo>) with `extension` (password SipPass#<number>) bound to them when
 * given, and their session signed in by 工号@企业.
 */
export async function addAgent(
  t: TestApp,
  e: { admin: Session; agentRole: string },
  account: string,
  agentNo: string,
  extension?: string,
): Promise<{ id: string; session: Session }> {
  const user = await e.admin.ok<{ id: string }>('POST', '/api/users', {
    agentNo,
    name: `坐席${agentNo}`,
    password: AGENT_PASSWORD,
    roleIds: [e.agentRole],
  });
  if (extension) {
    await e.admin.ok('POST', '/api/extensions', {
      number: extension,
      password: `SipPass#${extension}`,
      userId: user.id,
    });
  }
  const session = new Session(t.app);
  expect((await session.login('agent', `${agentNo}@${account}`, AGENT_PASSWORD)).status).toBe(200);
  return { id: user.id, session };
}

/** A register trunk (电信中继) to the carrier at ip:port with its account; resolves with its id once registered. */
export async function registerTrunk(
  admin: Session,
  carrier: { ip: string; port: number; user: string; password: string },
): Promise<string> {
  const trunk = await admin.ok<{ id: string }>('POST', '/api/trunks', {
    name: '电信中继',
    kind: 'register',
    host: carrier.ip,
    port: carrier.port,
    username: carrier.user,
    password: carrier.password,
    registerExpiresSec: 120,
    codecs: ['PCMA'],
  });
  for (const end = Date.now() + 10_000; ; ) {
    const list = await admin.ok<Array<{ trunkId: string; state: string }>>('GET', '/api/trunks/status');
    if (list.some((s) => s.trunkId === trunk.id && s.state === 'registered')) return trunk.id;
    if (Date.now() > end) throw new Error('timed out waiting for the trunk to register');
    await new Promise((r) => setTimeout(r, 100));
  }
}
