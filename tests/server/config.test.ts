import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.js';

const base = { JWT_SECRET: 'x'.repeat(40), DATA_DIR: 'tests/.artifacts/config' };

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({ port: 4000, host: '0.0.0.0', databaseUrl: undefined, accessTokenTtlSeconds: 900, playground: true });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://nope'],
    ['DATABASE_URL', 'not a url'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
    ['PLAYGROUND', 'maybe'],
    ['JWT_SECRET', 'short'],
    ['CORS_ORIGINS', 'not an origin'],
    ['STORY_PROVIDER', 'gpt'],
  ])('names %s when its value (%s) is bad', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(new RegExp(`^${name} `));
  });

  it('requires JWT_SECRET in production and turns playground and introspection off there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: base.DATA_DIR })).toThrow(/^JWT_SECRET is required/);
    const config = loadConfig({ ...base, NODE_ENV: 'production' });
    expect(config.playground).toBe(false);
    expect(config.introspection).toBe(false);
  });

  it('stops the start with a one-line message naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', '@swc-node/register/esm-register', 'server/src/main.ts'], {
      env: { PATH: process.env.PATH, PORT: 'not-a-port', DATA_DIR: base.DATA_DIR, JWT_SECRET: base.JWT_SECRET },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['chorus: configuration error: PORT must be an integer from 0 to 65535 (got "not-a-port")']);
  });
});
