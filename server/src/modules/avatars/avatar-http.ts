import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import cors from 'cors';
import express from 'express';
import { GraphQLError } from 'graphql';
import type { AppServices } from '../../context/request-context.js';
import { millisecondsSince } from '../../shared/elapsed.js';
import { limitByAccount, rateLimiter } from '../../auth/rate-limit.js';
import { bearerToken } from '../../auth/tokens.js';
import { viewerFromToken } from '../../auth/viewer.js';
import { AvatarRejected, encodeAvatar, MAX_AVATAR_BYTES } from './avatar-image.js';
import { readAvatar, replaceAvatar } from './avatar.service.js';
import { apiError, type ErrorCode } from '../../shared/errors.js';

/** The multipart envelope around the file: boundaries and part headers are small. */
const ENVELOPE_BYTES = 64 * 1024;
/** Must be present and equal `1`: a header a plain form cannot send, so a browser preflights it. */
const UPLOAD_HEADER = 'x-chorus-upload';

function sendError(res: express.Response, status: number, code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): void {
  if (res.headersSent) return;
  const fields = code === 'BAD_USER_INPUT' ? { fields: { file: message } } : {};
  res.status(status).json({ errors: [apiError(code, message, { ...fields, ...extensions }).toJSON()] });
}

class TooLarge extends Error {}

/**
 * Reads the one `file` part of a multipart body into memory, refusing more than MAX_AVATAR_BYTES.
 * Never more than that is buffered, whatever the body declares.
 */
function readFilePart(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 0, fileSize: MAX_AVATAR_BYTES, headerPairs: 20 } });
    } catch {
      reject(new AvatarRejected('Send the image as multipart/form-data in a field named `file`', 400));
      return;
    }
    let file: Buffer | undefined;
    let failure: Error | undefined;
    parser.on('file', (name, stream) => {
      if (name !== 'file') {
        failure ??= new AvatarRejected('Send the image in a field named `file`', 400);
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        failure ??= new TooLarge();
        chunks.length = 0;
      });
      stream.on('end', () => {
        if (!failure) file = Buffer.concat(chunks);
      });
    });
    parser.on('fieldsLimit', () => (failure ??= new AvatarRejected('Send only the image, in a field named `file`', 400)));
    parser.on('filesLimit', () => (failure ??= new AvatarRejected('Send one image at a time', 400)));
    parser.on('error', () => reject(new AvatarRejected('The multipart body is malformed', 400)));
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (!file?.length) reject(new AvatarRejected('Send the image in a field named `file`', 400));
      else resolve(file);
    });
    req.pipe(parser);
  });
}

/**
 * `POST /uploads/avatar` (API.md) and `GET /avatars/<hash>.webp`: uploads are re-encoded and kept
 * in PostgreSQL; served files are named by their content, so they are cached for good.
 */
export function avatarRoutes(app: AppServices, clientIp: (req: IncomingMessage) => string): express.Router {
  const router = express.Router();
  router.use(
    '/uploads/avatar',
    cors({ origin: app.config.corsOrigins, methods: ['POST'], allowedHeaders: ['authorization', 'content-type', UPLOAD_HEADER], maxAge: 600 }),
  );
  router.post('/uploads/avatar', async (req, res) => {
    const started = process.hrtime.bigint();
    let userId: string | null = null;
    // One line per upload, as per GraphQL operation; never the file or its name.
    res.on('finish', () =>
      app.log.info(
        { traceId: res.getHeader('x-trace-id'), userId, status: res.statusCode, durationMs: Math.round(millisecondsSince(started)) },
        'avatar upload',
      ),
    );
    // A body we will not read is not left on the connection for the next request to trip over.
    const refuse = (...args: Parameters<typeof sendError> extends [unknown, ...infer Rest] ? Rest : never) => {
      res.setHeader('connection', 'close');
      sendError(res, ...args);
      req.resume();
    };
    if (req.headers[UPLOAD_HEADER] !== '1') return refuse(400, 'BAD_USER_INPUT', `The ${UPLOAD_HEADER}: 1 header is required`);
    const auth = await viewerFromToken(app, bearerToken(req.headers.authorization));
    if (!auth) return refuse(401, 'UNAUTHENTICATED', 'You must be signed in');
    userId = auth.viewer.id;
    const traceId = String(res.getHeader('x-trace-id'));
    try {
      await limitByAccount(rateLimiter(app, clientIp(req), traceId), 'upload', auth.viewer.id);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const retryAfterSeconds = Number(error.extensions.retryAfterSeconds);
      res.setHeader('retry-after', String(retryAfterSeconds));
      return refuse(429, 'RATE_LIMITED', error.message, { retryAfterSeconds });
    }
    const declared = Number(req.headers['content-length']);
    if (declared > MAX_AVATAR_BYTES + ENVELOPE_BYTES) return refuse(413, 'BAD_USER_INPUT', tooLargeMessage());
    try {
      const encoded = await encodeAvatar(await readFilePart(req));
      const user = await replaceAvatar(app.orm.em.fork(), auth.viewer.id, encoded);
      res.json({ user: { id: user.id, avatarUrl: user.avatarUrl, version: user.version } });
    } catch (error) {
      if (error instanceof TooLarge) return refuse(413, 'BAD_USER_INPUT', tooLargeMessage());
      if (error instanceof AvatarRejected) return refuse(error.status, 'BAD_USER_INPUT', error.message);
      // The account was deleted while its upload was being read.
      if (error instanceof GraphQLError && error.extensions.code === 'NOT_FOUND') return refuse(401, 'UNAUTHENTICATED', 'Your account no longer exists');
      app.log.error({ traceId, err: error }, 'avatar upload failed');
      return refuse(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error', { traceId });
    }
  });
  router.get('/avatars/:file', async (req, res) => {
    const bytes = await readAvatar(app.orm.em.fork(), req.params.file);
    if (!bytes) {
      res.status(404).json({ error: 'Not found' });
      return;
    }
    res.setHeader('content-type', 'image/webp');
    // The name is the content's hash: a new image is a new URL, so this one never changes.
    res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    res.setHeader('content-disposition', 'inline');
    res.end(bytes);
  });
  return router;
}

function tooLargeMessage(): string {
  return `The image is larger than ${MAX_AVATAR_BYTES / 1024 / 1024} MB`;
}
