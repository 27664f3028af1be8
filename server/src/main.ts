import 'reflect-metadata';
import { startChorus } from './app/chorus.js';
import { ConfigError, loadConfig } from './config.js';

/** A start failure is one line on stderr that says why, never a stack trace. */
function failStart(error: unknown): never {
  const message =
    error instanceof AggregateError && !error.message
      ? error.errors.map((inner) => (inner instanceof Error ? inner.message : String(inner))).join('; ')
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`chorus: failed to start: ${message.replace(/\s+/g, ' ').trim() || 'unknown error'}`);
  process.exit(1);
}

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
  // An error thrown from an event handler during start (a child process, a socket) would otherwise
  // end the process with a stack trace.
  process.on('uncaughtException', failStart);
  process.on('unhandledRejection', failStart);
  const chorus = await startChorus(config);
  process.off('uncaughtException', failStart);
  process.off('unhandledRejection', failStart);
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
  // The embedded PostgreSQL's signal hooks stop the database and exit at once; we stop it
  // ourselves, last, after in-flight work is done.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Only now: whoever waits for this line may signal us at once.
  console.log(`Chorus is ready at ${chorus.url}  (GraphQL: ${chorus.url}/graphql)`);
}

main().catch(failStart);
