import { createHash, timingSafeEqual } from 'node:crypto';
import { PUBLIC } from '@hujiao/shared';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DomainError } from './domain-error.ts';

/** What the gauges read at each scrape. */
export interface MetricsSources {
  /** Calls up now (all enterprises). */
  activeCalls(): number;
  /** Phones registered now. */
  registrations(): number;
}

/**
 * Prometheus metrics of the process (prom-client): Node's own (event-loop lag, heap, GC, CPU), calls up and
 * registrations read at each scrape, calls ended by direction and answer, and queue waits by outcome.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly calls: Counter<'direction' | 'answered'>;
  private readonly queueWait: Histogram<'outcome'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'hujiao_' });
    new Gauge({
      name: 'hujiao_calls_active',
      help: 'Calls up now',
      registers,
      collect() {
        this.set(sources.activeCalls());
      },
    });
    new Gauge({
      name: 'hujiao_registrations',
      help: 'Phones registered now',
      registers,
      collect() {
        this.set(sources.registrations());
      },
    });
    this.calls = new Counter({
      name: 'hujiao_calls_total',
      help: 'Calls ended, by direction and whether they were answered',
      labelNames: ['direction', 'answered'],
      registers,
    });
    this.queueWait = new Histogram({
      name: 'hujiao_queue_wait_seconds',
      help: 'How long callers waited in a queue, by how they left it',
      labelNames: ['outcome'],
      buckets: [5, 10, 20, 30, 60, 120, 300, 600],
      registers,
    });
  }

  callEnded(direction: string, answered: boolean): void {
    this.calls.inc({ direction, answered: String(answered) });
  }

  queueLeft(outcome: string, waitSec: number): void {
    this.queueWait.observe({ outcome }, waitSec);
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * GET /metrics for Prometheus, enabled by CC_METRICS_TOKEN: the scraper sends `Authorization: Bearer <token>`
 * (compared in constant time); without the setting the route answers 404 like any unknown path.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  app.get('/metrics', { config: { permission: PUBLIC }, schema: { hide: true } }, async (req, reply) => {
    if (!token) throw new DomainError('ROUTE_NOT_FOUND');
    const given = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7).trim() : '';
    if (!timingSafeEqual(digest(given), digest(token))) throw new DomainError('UNAUTHENTICATED');
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
