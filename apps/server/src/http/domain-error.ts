import type { ErrorCode } from '@hujiao/shared';

/** A failure the user can understand: a code from the shared catalogue plus message parameters. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly details?: Array<{ path: string; message: string }>,
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const notFound = () => new DomainError('NOT_FOUND');
export const forbidden = () => new DomainError('FORBIDDEN');

interface PgErrorLike {
  code?: string;
  constraint?: string;
  cause?: unknown;
}

/** Finds a PostgreSQL unique violation under Drizzle's wrapper (pg and PGlite both set code 23505). */
export function uniqueViolation(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const pgErr = e as PgErrorLike;
    if (pgErr.code === '23505') return pgErr.constraint ?? 'unknown';
    e = pgErr.cause;
  }
  return undefined;
}
