import { afterAll, describe, expect, it } from 'vitest';
import { UpdateProfileDocument, UserEventsDocument } from '../../sdk/src/generated/graphql.js';
import { createTestDatabase } from '../helpers/chorus.js';
import { type ChorusProcess, spawnChorus } from '../helpers/process.js';
import { type SdkSession, signUp, stream, untilLive } from '../helpers/sdk.js';

const processes: ChorusProcess[] = [];
const sessions: SdkSession[] = [];
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.dispose()));
  await Promise.all(processes.map((running) => running.stop('SIGKILL')));
});

describe('several instances on one database', () => {
  it('a change made through process A reaches a subscriber on process B', async () => {
    const databaseUrl = await createTestDatabase();
    const [a, b] = await Promise.all([spawnChorus({ DATABASE_URL: databaseUrl }), spawnChorus({ DATABASE_URL: databaseUrl })]);
    processes.push(a, b);

    // One signed-in user, with an SDK client on each process.
    const multi = await signUp(a.graphqlUrl, 'multi');
    sessions.push(multi);
    const onB = multi.clientFor(b.graphqlUrl);
    const events = stream(onB, UserEventsDocument, {});
    await untilLive(events, (attempt) => multi.client.mutate(UpdateProfileDocument, { input: { bio: `via A ${attempt}` } }));
    // B starts the stream at what it has seen, which may be before A's sign-up and sign-in events:
    // those can come first (no gap, no duplicate either way), so look for the update itself.
    await events.waitFor(() => events.received.some((result) => result.userEvents.type === 'UserProfileUpdated'));
    const event = events.received.find((result) => result.userEvents.type === 'UserProfileUpdated')!.userEvents;
    expect(event).toMatchObject({ id: multi.user.id, type: 'UserProfileUpdated' });
    expect(event.user?.bio).toMatch(/^via A/);
    await multi.dispose();

    expect(await a.stop('SIGTERM')).toBe(0);
    expect(await b.stop('SIGTERM')).toBe(0);
  }, 60_000);
});
