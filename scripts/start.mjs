// `npm start`: build what is missing or stale (server → dist/, client → client/dist/), then run the server.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);

function newestMtime(paths) {
  let newest = 0;
  const visit = (entry) => {
    if (!existsSync(entry)) return;
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      for (const child of readdirSync(entry)) if (child !== 'node_modules' && child !== 'dist') visit(path.join(entry, child));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

function stale(outputFile, sources) {
  return !existsSync(outputFile) || statSync(outputFile).mtimeMs < newestMtime(sources);
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** A start failure is one line on stderr, never a stack trace; the tools' own output says the rest. */
function fail(message) {
  console.error(`chorus: failed to start: ${message}`);
  process.exit(1);
}

function build(what, command, args) {
  console.log(`chorus: building ${what}…`);
  try {
    // The tool's messages go to stdout, so stderr holds only the one line that says the start failed.
    execFileSync(bin(command), args, { stdio: ['inherit', 'inherit', 1] });
  } catch (error) {
    if (error.code === 'ENOENT') fail(`${command} is not installed: run npm install`);
    fail(`building ${what} failed (${command} exited with ${error.status ?? error.signal}); its messages are above`);
  }
}

const serverEntry = path.join(root, 'dist/server/src/main.js');
if (stale(serverEntry, ['server/src', 'shared', 'migrations', 'tsconfig.server.json', 'tsconfig.base.json'])) {
  build('the server', 'tsc', ['-p', 'tsconfig.server.json']);
}

if (existsSync('client/index.html')) {
  const clientEntry = path.join(root, 'client/dist/index.html');
  if (stale(clientEntry, ['client', 'shared', 'schema.graphql'])) {
    build('the web client', 'vite', ['build', '--config', 'client/vite.config.ts', '--logLevel', 'warn']);
  }
}

// The server reports its own start failures; this catches only a build that cannot be loaded.
await import(pathToFileURL(serverEntry).href).catch((error) => fail(`${serverEntry} cannot be loaded: ${String(error?.message ?? error).split('\n')[0]}`));
