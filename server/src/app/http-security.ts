import type express from 'express';
import helmet from 'helmet';
import type { Config } from '../config.js';

/**
 * Security headers on every response. The CSP is what the React client (Mantine injects `<style>`
 * elements) and GraphiQL (Monaco: inline styles, web workers from this origin or blob: URLs,
 * fonts as data: URLs) need, and nothing more. Avatars are https images from anywhere.
 */
export function securityHeaders(config: Config): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...config.corsOrigins],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Behind TLS only: on plain-http development it would send the page's requests to https.
        upgradeInsecureRequests: config.isProduction ? [] : null,
      },
    },
    // Cross-origin API clients read responses through CORS; same-site is the tightest that allows it.
    crossOriginResourcePolicy: { policy: config.corsOrigins.length ? 'cross-origin' : 'same-origin' },
  });
}

/**
 * Whether a websocket upgrade may proceed: no Origin (not a browser), the page's own origin, or one
 * in CORS_ORIGINS. Anything else is a page on another site trying to use the viewer's browser.
 */
export function isOriginAllowed(allowed: readonly string[], origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
