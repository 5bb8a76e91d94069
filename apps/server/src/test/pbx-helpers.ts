import { expect } from 'vitest';
import { Session, type TestApp } from './harness.ts';

export type ErrorBody = {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
};

/** A signed-in agent (built-in role 坐席) of the enterprise: holds none of the PBX permissions. */
export async function agentOf(t: TestApp, admin: Session, account: string, agentNo = '8001'): Promise<Session> {
  const roles = await admin.ok<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
  const agentRole = roles.find((r) => r.code === 'agent')?.id;
  await admin.ok('POST', '/api/users', {
    agentNo,
    name: `坐席${agentNo}`,
    password: 'Agent#2026',
    roleIds: [agentRole],
  });
  const agent = new Session(t.app);
  const res = await agent.login('agent', `${agentNo}@${account}`, 'Agent#2026');
  expect(res.status).toBe(200);
  return agent;
}

/** The error details by path (validation messages). */
export function detailsByPath(body: ErrorBody): Record<string, string> {
  return Object.fromEntries((body.error.details ?? []).map((d) => [d.path, d.message]));
}
