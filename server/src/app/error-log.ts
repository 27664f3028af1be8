import { DriverException } from '@mikro-orm/core';
import { stdSerializers } from 'pino';

/**
 * MikroORM puts the failing statement in the error message with its values inlined
 * (`insert into "users" (...) values ('ada', '$argon2id$...') - <reason>`), and PostgreSQL's
 * `detail` repeats key values (`Key (email)=(ada@example.com) already exists`). The log keeps the
 * statement's shape and the reason, never a value.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  // node-postgres hangs its client on some errors: connection settings and the cancel key.
  const { client: _client, connection: _connection, ...serialized } = stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!(error instanceof DriverException)) return serialized;
  const { detail: _detail, where: _where, parameters: _parameters, params: _params, query: _query, ...rest } = serialized;
  const message = String(rest.message ?? '');
  const separator = message.lastIndexOf(' - ');
  const statement = separator >= 0 ? message.slice(0, separator) : '';
  const reason = separator >= 0 ? message.slice(separator + 3) : message;
  const safeMessage = statement ? `${statementShape(statement)} - ${reason}` : reason;
  const frames = String(rest.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return { ...rest, message: safeMessage, stack: [safeMessage, ...frames].join('\n') };
}

/** Values out, structure kept: string literals, numbers and dollar-quoted text become `?`. */
export function statementShape(sql: string): string {
  return sql
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, '?')
    .replace(/E?'(?:[^']|'')*'/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?');
}

export const logSerializers = { err: serializeError };
