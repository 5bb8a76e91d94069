/** Store keys, all starting with the tenant so one store can serve every enterprise. */
export const keys = {
  roundRobin: (tenantId: string, routeId: string) => `${tenantId}:rr:${routeId}`,
  callerIdRotation: (tenantId: string, routeId: string, region = '') => `${tenantId}:cid:${routeId}:${region}`,
  trunkCalls: (tenantId: string, trunkId: string, date: string) => `${tenantId}:trunk:${trunkId}:calls:${date}`,
  trunkActive: (tenantId: string, trunkId: string) => `${tenantId}:trunk:${trunkId}:active`,
  activeCalls: (tenantId: string) => `${tenantId}:fraud:active`,
  dailySeconds: (tenantId: string, date: string) => `${tenantId}:fraud:seconds:${date}`,
};

/** Per-day counters are kept two days (the day and a margin for time zones). */
export const DAY_COUNTER_TTL_MS = 2 * 24 * 3600_000;
