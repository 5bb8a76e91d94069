export { type App, buildApp } from './app.ts';
export { ensurePlatformAdmin } from './bootstrap.ts';
export { type Config, loadConfig } from './config.ts';
export { openDatabase } from './db/client.ts';
