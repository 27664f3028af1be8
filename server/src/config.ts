import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import proxyaddr from 'proxy-addr';

/** The only module that reads `process.env`. Every value is validated here, at start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  host: string;
  port: number;
  /** External database; when absent an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  jwtSecret: Uint8Array;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  playground: boolean;
  introspection: boolean;
  corsOrigins: string[];
  clientDir: string;
  relayPollIntervalMs: number;
  /** Which proxies' `X-Forwarded-For` is believed for the client IP (proxy-addr syntax). */
  trustProxy: string[];
  /** graphql-ws: close sockets that send no `connection_init` within this time (4408). */
  wsConnectionInitTimeoutMs: number;
  /** Open sockets one user may hold on one instance; a new one beyond it closes their oldest (4429). */
  maxSocketsPerUser: number;
  /** When set, `/metrics` answers only requests that carry `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  trustedDocuments: { mode: 'off' | 'allow' | 'enforce'; manifestPath: string };
  /** Counted in PostgreSQL (shared by every instance), per `windowSeconds` unless said otherwise. */
  rateLimits: {
    windowSeconds: number;
    login: LoginRateLimit;
    register: RateLimit;
    refresh: RateLimit;
    /** Avatar uploads per member (`perAccount`); decoding an image is the costliest thing a member can ask for. */
    upload: RateLimit;
  };
  build: { version: string; commit: string; buildTime: Date; startedAt: Date };
  story: {
    provider: 'builtin' | 'openai';
    apiUrl: string | undefined;
    apiKey: string | undefined;
    model: string;
    wordDelayMs: number;
    timeoutMs: number;
  };
}

/** Attempts per account and per IP. */
export interface RateLimit {
  perAccount: number;
  perIp: number;
}

/**
 * Failures, not attempts, are held against an account, so a right password never uses one up; and
 * an attacker's failures use up only their own address's share (docs/decisions/003).
 */
export interface LoginRateLimit {
  /** Attempts per client address: bounds the password checks one address can cause. */
  perIp: number;
  /** Failures per account and client address. */
  perAccountAndIp: number;
  /** Failures per account from every address, per `accountWindowSeconds`; known clients are exempt. */
  perAccount: number;
  accountWindowSeconds: number;
  /** How long an address stays a known client of an account after signing in to it. */
  knownClientSeconds: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (got "${raw.replace(/\/\/[^@]*@/, '//***@')}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}`);
  }
  return raw;
}

/** A short token would be guessable; it guards operational data, so it gets the JWT secret's bar. */
function metricsToken(env: Env): string | undefined {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 32) throw new ConfigError('METRICS_TOKEN must be at least 32 characters');
  return raw;
}

/** In development a secret is generated once and kept in the data directory; production must supply one. */
function jwtSecret(env: Env, dataDir: string, isProduction: boolean): Uint8Array {
  const raw = env.JWT_SECRET;
  if (raw) {
    if (raw.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
    return new TextEncoder().encode(raw);
  }
  if (isProduction) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

function trustProxy(env: Env): string[] {
  const list = (env.TRUST_PROXY ?? 'loopback')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    proxyaddr.compile(list);
  } catch {
    throw new ConfigError(`TRUST_PROXY must be a comma-separated list of addresses, subnets, loopback, linklocal or uniquelocal (got "${env.TRUST_PROXY}")`);
  }
  return list;
}

/** Tests register many users from one address: unless a test sets a limit, it is out of reach. */
const LOOSE = 1_000_000;

function rateLimit(env: Env, action: string, perAccount: number, perIp: number, isTest: boolean): RateLimit {
  return {
    perAccount: integer(env, `${action}_RATE_LIMIT`, isTest ? LOOSE : perAccount, 1, LOOSE),
    perIp: integer(env, `${action}_IP_RATE_LIMIT`, isTest ? LOOSE : perIp, 1, LOOSE),
  };
}

function loginRateLimit(env: Env, isTest: boolean): LoginRateLimit {
  return {
    perIp: integer(env, 'LOGIN_IP_RATE_LIMIT', isTest ? LOOSE : 100, 1, LOOSE),
    perAccountAndIp: integer(env, 'LOGIN_RATE_LIMIT', isTest ? LOOSE : 10, 1, LOOSE),
    perAccount: integer(env, 'LOGIN_ACCOUNT_RATE_LIMIT', isTest ? LOOSE : 100, 1, LOOSE),
    accountWindowSeconds: integer(env, 'LOGIN_ACCOUNT_WINDOW_SECONDS', 3600, 1, 7 * 86_400),
    knownClientSeconds: integer(env, 'LOGIN_KNOWN_CLIENT_DAYS', 90, 1, 3650) * 86_400,
  };
}

function buildInfo(env: Env): Config['build'] {
  const startedAt = new Date();
  const packageJson = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { version: string };
  let commit = env.GIT_COMMIT || 'unknown';
  if (!env.GIT_COMMIT) {
    try {
      const head = readFileSync('.git/HEAD', 'utf8').trim();
      commit = head.startsWith('ref: ') ? readFileSync(path.join('.git', head.slice(5)), 'utf8').trim() : head;
    } catch {
      // Not a git checkout (e.g. a container image): GIT_COMMIT should be set at build time.
    }
  }
  const buildTime = env.BUILD_TIME ? new Date(env.BUILD_TIME) : startedAt;
  if (Number.isNaN(buildTime.getTime())) throw new ConfigError(`BUILD_TIME must be an ISO date (got "${env.BUILD_TIME}")`);
  return { version: packageJson.version, commit: commit.slice(0, 40), buildTime, startedAt };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const isProduction = nodeEnv === 'production';
  const dataDir = path.resolve(env.DATA_DIR || '.data');
  const provider = oneOf(env, 'STORY_PROVIDER', ['builtin', 'openai'] as const, 'builtin');
  const storyApiUrl = url(env, 'STORY_API_URL', ['http:', 'https:']);
  if (provider === 'openai' && !storyApiUrl) {
    throw new ConfigError('STORY_API_URL is required when STORY_PROVIDER=openai');
  }
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    try {
      new URL(origin);
    } catch {
      throw new ConfigError(`CORS_ORIGINS must be a comma-separated list of origins (got "${origin}")`);
    }
  }
  return {
    nodeEnv,
    isProduction,
    host: env.HOST || '0.0.0.0',
    port: integer(env, 'PORT', 4000, 0, 65535),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir,
    jwtSecret: jwtSecret(env, dataDir, isProduction),
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 5, 86_400),
    refreshTokenTtlSeconds: integer(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 86_400, 60, 365 * 86_400),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    playground: boolean(env, 'PLAYGROUND', !isProduction),
    introspection: boolean(env, 'INTROSPECTION', !isProduction),
    corsOrigins,
    clientDir: path.resolve(env.CLIENT_DIR || 'client/dist'),
    relayPollIntervalMs: integer(env, 'RELAY_POLL_INTERVAL_MS', 5000, 50, 600_000),
    trustProxy: trustProxy(env),
    wsConnectionInitTimeoutMs: integer(env, 'WS_CONNECTION_INIT_TIMEOUT_MS', 10_000, 100, 120_000),
    maxSocketsPerUser: integer(env, 'MAX_SOCKETS_PER_USER', 20, 1, 10_000),
    metricsToken: metricsToken(env),
    trustedDocuments: {
      mode: oneOf(env, 'TRUSTED_DOCUMENTS', ['off', 'allow', 'enforce'] as const, 'off'),
      manifestPath: path.resolve(env.TRUSTED_DOCUMENTS_MANIFEST || 'client/src/gql/persisted-documents.json'),
    },
    rateLimits: {
      windowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 900, 1, 86_400),
      login: loginRateLimit(env, nodeEnv === 'test'),
      register: rateLimit(env, 'REGISTER', 5, 20, nodeEnv === 'test'),
      refresh: rateLimit(env, 'REFRESH', 30, 300, nodeEnv === 'test'),
      upload: rateLimit(env, 'UPLOAD', 20, 200, nodeEnv === 'test'),
    },
    build: buildInfo(env),
    story: {
      provider,
      apiUrl: storyApiUrl,
      apiKey: env.STORY_API_KEY || undefined,
      model: env.STORY_MODEL || 'gpt-4o-mini',
      wordDelayMs: integer(env, 'STORY_WORD_DELAY_MS', 40, 0, 10_000),
      timeoutMs: integer(env, 'STORY_TIMEOUT_MS', 30_000, 100, 600_000),
    },
  };
}
