import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** What compresses: text. Images and fonts are compressed already. */
const TEXT = /\.(?:js|mjs|css|html|svg|json|txt|map|wasm)$/;

/**
 * Brotli's best (11) everywhere but on the playground's Monaco (2.7 MB): 11 takes ~6 s of CPU there
 * against ~0.7 s for 9, for 10 % fewer bytes on a page that loads once in a while.
 */
function brotliQuality(bytes: number): number {
  return bytes > 1024 * 1024 ? 9 : 11;
}

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (TEXT.test(entry.name)) yield full;
  }
}

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file of the build, at the strongest levels
 * (brotli 11, 9 for the largest; gzip 9): the server sends them as they are (server/src/app/client-static.ts), so a
 * visit costs no compression CPU and gets a smaller answer than on-the-fly compression could afford
 * (docs/decisions/014-precompressed-client.md). A variant no smaller than its file is not written.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'chorus-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const jobs: Promise<void>[] = [];
      for await (const file of files(outDir)) {
        jobs.push(
          (async () => {
            const body = await readFile(file);
            const [br, gz] = await Promise.all([
              brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: brotliQuality(body.length), [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
              gzipAsync(body, { level: 9 }),
            ]);
            if (br.length < body.length) await writeFile(`${file}.br`, br);
            if (gz.length < body.length) await writeFile(`${file}.gz`, gz);
          })(),
        );
      }
      await Promise.all(jobs);
    },
  };
}
