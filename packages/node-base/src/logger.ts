/**
 * The structured logger that packages/sip, packages/media and packages/switch take: pino's `Logger` satisfies it
 * (inject a child logger). The one definition; `SipLogger`, `MediaLogger` and `SwitchLogger` are names for it.
 */
export interface Logger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/** A logger that makes children with their own bindings, as pino's `child` (the switch's per-call loggers). */
export interface BindingLogger extends Logger {
  child(bindings: Record<string, unknown>): BindingLogger;
  /** pino's: lets per-call loggers skip work for levels that are off. */
  isLevelEnabled?(level: string): boolean;
}

const noop = (): void => {};

/** Logs nothing; its children log nothing either. */
export const silentLogger: BindingLogger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
};
