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

const serverEntry = path.join(root, 'dist/server/src/main.js');
if (stale(serverEntry, ['server/src', 'migrations', 'tsconfig.server.json', 'tsconfig.base.json'])) {
  console.log('chorus: building the server…');
  execFileSync(bin('tsc'), ['-p', 'tsconfig.server.json'], { stdio: 'inherit' });
}

if (existsSync('client/index.html')) {
  const clientEntry = path.join(root, 'client/dist/index.html');
  if (stale(clientEntry, ['client', 'schema.graphql'])) {
    console.log('chorus: building the web client…');
    execFileSync(bin('vite'), ['build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  }
}

await import(pathToFileURL(serverEntry).href);
