import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress.ts';
import { splitDocuments } from './build/split-documents.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.CHORUS_API_URL ?? 'http://localhost:4000';
/** The playground's own code and what only it uses: never in the app's chunks. */
const PLAYGROUND = /[\\/](playground|graphiql|@graphiql|monaco-editor)[\\/.-]/;
/** The entries themselves stay their own (small) files: index.html and the manifest name them. */
const ENTRY = /\.html$|[\\/]main\.tsx$/;

/**
 * Two pages: the app (`index.html`) and the GraphiQL playground (`playground.html`, served by the API at
 * `GET /graphql` for browsers). The playground is its own entry so Monaco and GraphiQL never reach the
 * app's initial bundle.
 */
export default defineConfig({
  root,
  plugins: [react(), splitDocuments(fileURLToPath(new URL('src/gql', import.meta.url))), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // .vite/manifest.json: which chunks each page and lazy route loads (the e2e size budgets read it).
    manifest: true,
    // Monaco (playground only) is large by nature; the app's own budget is checked by the e2e test.
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // GraphiQL's "use no memo" (React Compiler) directives: meaningless in a bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      input: {
        app: fileURLToPath(new URL('index.html', import.meta.url)),
        playground: fileURLToPath(new URL('playground.html', import.meta.url)),
      },
      output: {
        // A few larger files instead of one per component (docs/decisions/024-fewer-larger-chunks.md):
        // over HTTP/1.1 a slow phone fetches six at a time, 150 ms a round trip, and brotli does better
        // on one file than on twenty.
        codeSplitting: {
          groups: [
            // Everything the entry loads at once, the sign-in page included.
            { name: 'initial', tags: ['$initial'], test: (id) => !ENTRY.test(id) && !PLAYGROUND.test(id) },
            // What two or more lazy parts share: the signed-in frame's and the pages' components.
            { name: 'shared', minShareCount: 2, test: (id) => !PLAYGROUND.test(id) },
          ],
        },
      },
    },
  },
  worker: { format: 'es' },
  server: {
    port: 5173,
    proxy: {
      '/uploads': { target: apiTarget, changeOrigin: true },
      '/avatars': { target: apiTarget, changeOrigin: true },
      // The client probes it to learn when an unreachable API is back (lib/connection-status.tsx).
      '/healthz': { target: apiTarget, changeOrigin: true },
      '/graphql': {
        target: apiTarget,
        ws: true,
        changeOrigin: true,
        // The API accepts websockets only from its own origin (or CORS_ORIGINS); this dev server,
        // on localhost only, speaks for the page.
        rewriteWsOrigin: true,
        // A browser opening /graphql gets the playground from this dev server, as it would from the API.
        bypass: (req) =>
          req.method === 'GET' && req.headers.accept?.includes('text/html') && !req.headers.upgrade ? '/playground.html' : undefined,
      },
    },
  },
});
