import type { LiveServerMessage } from '@hujiao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './harness.ts';
import { createTestApp, Session } from './harness.ts';
import { LiveClient } from './live-client.ts';
import { AGENT_PASSWORD, addAgent, enterpriseWithAgents } from './sip-harness.ts';

/** One workstation per agent: the agent's call bar (agent-call) opened in a second session closes the first. */
describe('one live workstation per agent', () => {
  let t: TestApp;
  const PORT = process.env.CC_TEST_DATABASE === 'postgres' ? 39991 : 39990;
  const url = `ws://127.0.0.149:${PORT}/api/live`;
  const clients: LiveClient[] = [];
  let agentFirst: Session;
  let agentSecond: Session;
  let colleague: Session;
  const open = async (s: Session) => {
    const c = new LiveClient(url, { cookie: s.cookie });
    clients.push(c);
    c.send({ type: 'subscribe', topics: ['agent-state', 'agent-call'] });
    await c.next((m: LiveServerMessage) => m.type === 'snapshot' && m.topic === 'agent-call');
    return c;
  };
  const stillOpen = (c: LiveClient) =>
    Promise.race([c.closed.then(() => false), new Promise((r) => setTimeout(() => r(true), 500))]);

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ host: '127.0.0.149', port: PORT });
    const e = await enterpriseWithAgents(t, 'onews');
    agentFirst = (await addAgent(t, e, 'onews', '801')).session;
    colleague = (await addAgent(t, e, 'onews', '802')).session;
    agentSecond = new Session(t.app);
    expect((await agentSecond.login('agent', '801@onews', AGENT_PASSWORD)).status).toBe(200);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t?.close();
  });

  it("keeps a second tab of the same session and a colleague's; another session's workstation closes the first (4409)", async () => {
    const first = await open(agentFirst);
    const sameSession = await open(agentFirst);
    const other = await open(colleague);
    expect(await stillOpen(first)).toBe(true);
    const second = await open(agentSecond);
    expect(await first.closed).toEqual({ code: 4409, reason: 'signed in elsewhere' });
    expect(await sameSession.closed).toEqual({ code: 4409, reason: 'signed in elsewhere' });
    expect(await stillOpen(other)).toBe(true);
    expect(await stillOpen(second)).toBe(true);
  });
});
