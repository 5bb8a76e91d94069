import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.ts';

/** /metrics is off unless CC_METRICS_TOKEN is set: no route, no figures for anyone. */
describe('GET /metrics without CC_METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CC_SIP_ENABLED: 'false' });
  });
  afterAll(() => t?.close());

  it('answers 404 as an unknown path', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer anything' } });
    expect(res.statusCode).toBe(404);
  });
});
