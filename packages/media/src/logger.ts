/** Minimal structured logger; pino's Logger satisfies it. */
export interface MediaLogger {
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

const noop = (): void => {};

export const silentLogger: MediaLogger = { debug: noop, info: noop, warn: noop, error: noop };
