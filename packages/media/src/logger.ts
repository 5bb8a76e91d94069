/** The engine's one logger interface (packages/node-base); pino's Logger satisfies it. */
export { type Logger as MediaLogger, silentLogger } from '@hujiao/node-base';
