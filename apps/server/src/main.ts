import { buildApp } from './app.ts';
import { ensurePlatformAdmin } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { createLogger } from './logger.ts';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleError: (err) => logger.warn({ err }, 'idle database connection closed'),
  });
  logger.info({ database: database.kind, dataDir: config.databaseUrl ? undefined : config.dataDir }, 'database ready');
  const { app, services } = await buildApp({ config, database, logger });

  const boot = await ensurePlatformAdmin(services, config);
  if (boot.generatedPassword) {
    process.stdout.write(
      `\n  平台管理员 / platform admin created\n  account:  ${config.adminAccount}\n  one-time password: ${boot.generatedPassword}\n  (shown once; you must change it at first login)\n\n`,
    );
  }

  // Closes the records of calls a crash left up, then starts the SIP/RTP engine.
  if (config.sip.enabled) await services.telephony.start();

  // 公海 return rule: customers not followed up within a tenant's N days go back to the pool (hourly).
  const poolReturn = async () => {
    try {
      const n = await services.ownership.runPublicPoolReturn(new Date());
      if (n) logger.info({ returned: n }, 'public pool return rule');
    } catch (err) {
      logger.error({ err }, 'public pool return rule failed');
    }
  };
  const poolTimer = setInterval(() => void poolReturn(), 60 * 60 * 1000);
  poolTimer.unref();
  void poolReturn();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    clearInterval(poolTimer);
    await services.telephony.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  const shown = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const sip = services.telephony.running
    ? `  SIP: udp/tcp ${config.sip.port}; RTP ${config.sip.rtpPortMin}-${config.sip.rtpPortMax}\n`
    : '';
  process.stdout.write(
    `\n  呼叫中心平台 console: http://${shown}:${config.port}/   API docs: http://${shown}:${config.port}/docs\n${sip}\n`,
  );
}

void main();
