import { existsSync } from 'node:fs';
import path from 'node:path';
import type express from 'express';
import type { Config } from '../config.js';
import { REVALIDATE, sendClientFile } from './client-static.js';

/** The GraphiQL page, built by Vite next to the web client (`client/playground.html`). */
export const PLAYGROUND_PAGE = 'playground.html';

/** What API clients ask for; a browser's navigation prefers text/html over all of them. */
const API_TYPES = ['application/graphql-response+json', 'application/json', 'multipart/mixed'];

function isBrowserNavigation(req: express.Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  // `GET /graphql?query=…` is a GraphQL-over-HTTP request, whatever the Accept header says.
  if (typeof req.query.query === 'string') return false;
  return req.accepts([...API_TYPES, 'text/html']) === 'text/html';
}

/**
 * `GET /graphql` from a browser: the playground (GraphiQL, bundled locally: it works offline). Mount
 * before the GraphQL router; every other request passes through. With PLAYGROUND off the page is a
 * plain 404, so no other landing page (Apollo's loads from a CDN) takes its place.
 */
export function playground(config: Config): express.RequestHandler {
  const page = path.join(config.clientDir, PLAYGROUND_PAGE);
  return (req, res, next) => {
    if (!isBrowserNavigation(req)) return next();
    res.setHeader('cache-control', REVALIDATE);
    if (!config.playground) {
      res.status(404).type('text/plain').send('The GraphQL playground is turned off on this server (PLAYGROUND=false).\n');
      return;
    }
    if (!existsSync(page)) {
      res.status(503).type('text/plain').send('The GraphQL playground is not built yet: run `npm run build:client` (or `npm start`).\n');
      return;
    }
    sendClientFile(config.clientDir, PLAYGROUND_PAGE, REVALIDATE)(req, res, next);
  };
}
