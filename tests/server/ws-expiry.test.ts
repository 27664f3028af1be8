import { describe, expect } from 'vitest';
import { collect, registerUser, untilLive } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';

const USER_EVENTS = `subscription ($after: String) { userEvents(after: $after) { cursor user { bio } } }`;
const UPDATE_PROFILE = `mutation ($bio: String!) { updateProfile(input: { bio: $bio }) { version } }`;
const REFRESH = `mutation ($token: String!) { refreshToken(input: { refreshToken: $token }) { accessToken refreshToken } }`;

const it = chorusTest({ env: { ACCESS_TOKEN_TTL_SECONDS: '5' } });

describe('websocket access-token expiry', () => {
  it('closes with 4403 when the token expires; a refreshed reconnect with the cursor resumes cleanly', async ({ server }) => {
    const user = await registerUser(server);
    let closeCode: number | undefined;
    const client = server.ws(user.accessToken, { on: { closed: (event: any) => (closeCode = event.code) } });
    const stream = collect(client, USER_EVENTS);
    await untilLive(stream, (attempt) => server.graphql(UPDATE_PROFILE, { bio: `warm ${attempt}` }, user.accessToken));
    const cursor = stream.received.at(-1)!.data!.userEvents.cursor;

    await stream.waitFor(() => closeCode !== undefined, 10_000);
    expect(closeCode).toBe(4403);

    const refreshed = await server.graphql(REFRESH, { token: user.refreshToken });
    const token = refreshed.data!.refreshToken.accessToken;
    await server.graphql(UPDATE_PROFILE, { bio: 'while reconnecting' }, token);

    const resumed = collect(server.ws(token), USER_EVENTS, { after: cursor });
    await resumed.next(1);
    await server.graphql(UPDATE_PROFILE, { bio: 'live after refresh' }, token);
    await resumed.waitFor(() => resumed.received.length >= 2);
    expect(resumed.received.map((r) => r.data!.userEvents.user.bio)).toEqual(['while reconnecting', 'live after refresh']);
  }, 20_000);
});
