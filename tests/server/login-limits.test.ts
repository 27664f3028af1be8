import argon2 from 'argon2';
import { afterEach, describe, expect, vi } from 'vitest';
import { type GraphQLResponse } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';
import { statementRecorder } from '../helpers/sql-statements.js';

const LIMITS = {
  LOGIN_RATE_LIMIT: '3',
  LOGIN_IP_RATE_LIMIT: '12',
  LOGIN_ACCOUNT_RATE_LIMIT: '6',
  // Windows start on the database clock's multiples of their length: long ones, so that no test
  // sees its counters reset midway (but at midnight UTC).
  RATE_LIMIT_WINDOW_SECONDS: '86400',
  LOGIN_ACCOUNT_WINDOW_SECONDS: '604800',
};

const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { user { id } } }`;
const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { accessToken user { id } } }`;
const recorder = statementRecorder();
let ipCounter = 0;
/** Every actor has its own address: the server believes X-Forwarded-For from loopback. */
const newIp = () => `198.51.100.${++ipCounter}`;
afterEach(() => {
  vi.restoreAllMocks();
});

let userCounter = 0;

const it = chorusTest({ env: LIMITS, start: { onQuery: recorder.onQuery } })
  .extend('signUp', { scope: 'file' }, ({ server }) => async function signUp() {
    const username = `limited_${++userCounter}`;
    const email = `${username}@example.com`;
    const password = 'correct horse battery';
    const result = await server.graphql(REGISTER, { input: { username, email, password, name: username } }, null, { 'x-forwarded-for': newIp() });
    if (!result.data?.register) throw new Error(`register failed: ${JSON.stringify(result.errors)}`);
    return { id: result.data.register.user.id as string, username, email, password };
  })
  .extend('login', { scope: 'file' }, ({ server }) => function login(ip: string, usernameOrEmail: string, password: string): Promise<GraphQLResponse> {
    return server.graphql(LOGIN, { input: { usernameOrEmail, password } }, null, { 'x-forwarded-for': ip });
  })
  .extend('failuresFrom', { scope: 'file' }, ({ login }) => async function failuresFrom(ip: string, usernameOrEmail: string, count: number) {
    for (let i = 0; i < count; i++) {
      const result = await login(ip, usernameOrEmail, `wrong guess ${i}`);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  })
  /** The statements (their values are bound, not inlined) and password checks one login request makes. */
  .extend('observed', { scope: 'file' }, ({ login }) => async function observed(ip: string, usernameOrEmail: string, password: string) {
    const verify = vi.spyOn(argon2, 'verify');
    try {
      const { result, statements } = await recorder.during(() => login(ip, usernameOrEmail, password));
      // The sweep of stale counters runs every so many hits of the process, whoever asks.
      return { answer: answer(result), statements: statements.filter((statement) => !isSweep(statement)), passwordChecks: verify.mock.calls.length };
    } finally {
      verify.mockRestore();
    }
  });

/** What a client can see of a refusal. */
function answer(result: GraphQLResponse) {
  return { data: result.data ?? null, errors: result.errors?.map(({ message, extensions }) => ({ message, extensions })) };
}

const isSweep = (statement: string) => /^delete from rate_limit\s+where window_start/.test(statement);

describe('login limits', () => {
  it('an attacker using up the failures for an account at one address does not stop its owner at another', async ({ signUp, failuresFrom, login }) => {
    const alice = await signUp();
    const attacker = newIp();
    await failuresFrom(attacker, alice.username, 3);
    // From the attacker's address even the right password is refused now, with the answer a wrong one gets.
    const guessed = await login(attacker, alice.email, alice.password);
    expect(answer(guessed)).toEqual(answer(await login(attacker, alice.email, 'another wrong guess')));
    expect(guessed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const owner = await login(newIp(), alice.username, alice.password);
    expect(owner.errors).toBeUndefined();
    expect(owner.data!.login.user.id).toBe(alice.id);
  });

  it('never counts a correct password: an owner who signs in often is not locked out', async ({ signUp, login, failuresFrom }) => {
    const bob = await signUp();
    const home = newIp();
    for (let i = 0; i < 8; i++) {
      const result = await login(home, i % 2 ? bob.username : bob.email, bob.password);
      expect(result.errors).toBeUndefined();
    }
    await failuresFrom(home, bob.username, 2);
    expect((await login(home, bob.username, bob.password)).errors).toBeUndefined();
  });

  it('answers an unknown email exactly as the email of an account under attack, before and after the limits trip', async ({ signUp, observed, failuresFrom }) => {
    const carol = await signUp();
    const unknownEmail = `nobody_${carol.username}@example.com`;
    const attacker = newIp();

    const before = { known: await observed(attacker, carol.email, 'a wrong guess'), unknown: await observed(attacker, unknownEmail, 'a wrong guess') };
    expect(before.known.answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(before.unknown).toEqual(before.known);
    expect(before.known.statements.filter((statement) => statement.includes('rate_limit'))).toHaveLength(3);

    // The username shares its counters with the email: the attacker's address is now over the
    // account's limit, and asking by email must not tell which email that account has.
    await failuresFrom(attacker, carol.username, 3);
    const atAttacker = { known: await observed(attacker, carol.email, 'a wrong guess'), unknown: await observed(attacker, unknownEmail, 'a wrong guess') };
    expect(atAttacker.known.answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(atAttacker.unknown).toEqual(atAttacker.known);
    expect(atAttacker.known.passwordChecks).toBe(1);

    // Spread over many addresses the failures pass the account's global limit.
    for (let i = 0; i < 6; i++) await failuresFrom(newIp(), carol.username, 1);
    const elsewhere = newIp();
    const afterGlobal = { known: await observed(elsewhere, carol.email, 'a wrong guess'), unknown: await observed(elsewhere, unknownEmail, 'a wrong guess') };
    expect(afterGlobal.known.answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(afterGlobal.unknown).toEqual(afterGlobal.known);
    expect(afterGlobal.known.passwordChecks).toBe(1);
    // And the answer is the one a wrong password got before any limit tripped.
    expect(afterGlobal.known.answer).toEqual(before.known.answer);
  });

  it('stops one address spraying many accounts, and the owners of the sprayed accounts still sign in elsewhere', async ({ signUp, failuresFrom, login }) => {
    const victims = [await signUp(), await signUp(), await signUp(), await signUp()];
    const sprayer = newIp();
    for (const victim of victims) await failuresFrom(sprayer, victim.username, 3);
    const stopped = [await login(sprayer, `${victims[0]!.username}_not_registered`, 'a wrong guess'), await login(sprayer, victims[0]!.email, victims[0]!.password)];
    for (const result of stopped) {
      expect(result.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(result.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    }
    expect(answer(stopped[1]!).errors?.[0]?.message).toBe(answer(stopped[0]!).errors?.[0]?.message);
    for (const victim of victims) {
      expect((await login(newIp(), victim.email, victim.password)).errors).toBeUndefined();
    }
  });

  it('the global limit stops a distributed attack, even one that guesses right, but not the owner at an address they signed in from before', async ({ signUp, login, failuresFrom }) => {
    const dave = await signUp();
    const laptop = newIp();
    expect((await login(laptop, dave.username, dave.password)).errors).toBeUndefined();

    for (let i = 0; i < 6; i++) await failuresFrom(newIp(), dave.username, 1);
    const guessed = await login(newIp(), dave.username, dave.password);
    expect(guessed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(guessed.data ?? null).toBeNull();

    const owner = await login(laptop, dave.email, dave.password);
    expect(owner.errors).toBeUndefined();
    expect(owner.data!.login.user.id).toBe(dave.id);
  });
});

describe('the sweep of stale counters', () => {
  it('keeps every row until its own window or memory is over', async ({ server }) => {
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
    const rows: [string, Date][] = [
      ['login-known:sweep-account:192.0.2.1', ago(30 * 86_400)], // a known client, remembered 90 days
      ['login-fail:acct:sweep-account', ago(3 * 86_400)], // in the week-long account window
      ['login-fail:acct-ip:sweep-account:192.0.2.1', ago(2 * 86_400)], // a day's window: over
      ['login-known:sweep-account:192.0.2.2', ago(91 * 86_400)], // forgotten
    ];
    for (const [key, windowStart] of rows) {
      await server.sql('insert into rate_limit (key, window_start, hits) values ($1, $2, 1)', [key, windowStart]);
    }
    // The sweep runs every 200th counted hit of the process; invalid refresh tokens are cheap hits.
    for (let i = 0; i < 200; i++) {
      await server.graphql(`mutation { refreshToken(input: { refreshToken: "not-a-token" }) { accessToken } }`, {}, null, { 'x-forwarded-for': '192.0.2.99' });
    }
    const left = await server.sql<{ key: string }>(`select key from rate_limit where key like '%sweep-account%' order by key`);
    expect(left.map(({ key }) => key)).toEqual(['login-fail:acct:sweep-account', 'login-known:sweep-account:192.0.2.1']);
  });
});
