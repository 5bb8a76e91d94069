export { ipLiteralLookup } from './ip-lookup.ts';
export { type BindingLogger, type Logger, silentLogger } from './logger.ts';
