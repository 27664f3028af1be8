import { statSync } from 'node:fs';
import path from 'node:path';
import express from 'express';

/** Vite's output for hashed files: a new build gives changed files new names, so they never go stale. */
const HASHED_DIR = 'assets';
/** Hashed files: kept by browsers and proxies for a year, never revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The HTML names the current hashed files: asked again (a cheap 304) on every visit. */
export const REVALIDATE = 'no-cache';

/** Precompressed variants written by the client build (client/build/precompress.ts), best first. */
const VARIANTS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * The variant with the highest q-value in Accept-Encoding; between equal ones, the smaller (our
 * order): browsers list `gzip, deflate, br, zstd` and mean no preference by it. None when no
 * variant is acceptable, or none is preferred over the uncompressed file.
 */
function bestVariant<T extends (typeof VARIANTS)[number]>(available: readonly T[], header: string | undefined): T | undefined {
  if (!header || !available.length) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)).find(Boolean);
    weights.set(name, q ? Number(q[1]) : 1);
  }
  const weight = (encoding: string) => weights.get(encoding) ?? weights.get('*') ?? 0;
  const identity = weights.get('identity') ?? 1;
  let best: T | undefined;
  for (const candidate of available) {
    const q = weight(candidate.encoding);
    if (q > 0 && (!best || q > weight(best.encoding))) best = candidate;
  }
  return best && weight(best.encoding) >= identity ? best : undefined;
}

/** `relative` (a URL path inside the client build) as a file path, or null when it leaves it or is hidden. */
function fileIn(root: string, relative: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((segment) => segment.startsWith('.'))) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * Sends one file of the client build with its cache policy, as the smallest encoding the browser
 * accepts: the brotli or gzip file the build wrote beside it, else the file itself. Calls `next()`
 * when the file does not exist.
 */
export function sendClientFile(
  root: string,
  relative: string,
  cacheControl: string,
): (req: express.Request, res: express.Response, next: express.NextFunction) => void {
  return (req, res, next) => {
    const file = fileIn(root, relative);
    if (!file || !isFile(file)) return next();
    const available = VARIANTS.filter((variant) => isFile(file + variant.suffix));
    const variant = bestVariant(available, req.headers['accept-encoding']);
    res.setHeader('cache-control', cacheControl);
    if (available.length) res.vary('accept-encoding');
    if (variant) {
      res.setHeader('content-encoding', variant.encoding);
      // The type of the file, not of its .br/.gz name.
      res.type(path.extname(file));
    }
    res.sendFile(variant ? file + variant.suffix : file, {
      cacheControl: false,
      // A byte range of a compressed body is not a range of the file: ranges only on the file itself.
      acceptRanges: !variant,
      dotfiles: 'allow',
    }, (error?: Error & { status?: number }) => {
      if (!error) return;
      if (!res.headersSent) {
        res.removeHeader('content-encoding');
        if (error.status === 404) return next();
      }
      next(error);
    });
  };
}

/**
 * The web client (client/dist): hashed assets cached for good, the app's HTML revalidated, both
 * precompressed. Every other GET outside the API is the single-page app (history fallback); a
 * missing asset is a 404, not the app's HTML (a stale tab asking for an old chunk must fail as one).
 */
export function clientStatic(clientDir: string): express.Router {
  const root = path.resolve(clientDir);
  const router = express.Router();
  router.get(`/${HASHED_DIR}/*path`, (req, res, next) => sendClientFile(root, req.path, IMMUTABLE)(req, res, next));
  router.get(/^\/(?!graphql|healthz|readyz|metrics|assets\/).*/, (req, res, next) =>
    sendClientFile(root, req.path, REVALIDATE)(req, res, () => sendClientFile(root, 'index.html', REVALIDATE)(req, res, next)),
  );
  return router;
}
