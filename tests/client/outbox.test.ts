import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describe, expect, it, vi } from 'vitest';
import { Outbox, type OutboxInputs, type OutboxSenders, tokenSubject } from '../../client/src/lib/outbox/outbox';
import { laggingStorages, memoryStorage } from './storages';

/** An access token as far as the outbox reads one: its subject. */
const tokenFor = (userId: string) => `header.${Buffer.from(JSON.stringify({ sub: userId })).toString('base64url')}.signature`;

const graphqlError = (code: string, fields?: Record<string, string>) =>
  new CombinedGraphQLErrors({ errors: [{ message: `failed with ${code}`, extensions: { code, ...(fields ? { fields } : {}) } }] });
const networkError = () => new TypeError('Failed to fetch');

interface Sent {
  kind: keyof OutboxInputs;
  input: unknown;
  clientMutationId: string;
  asUser: string | null;
}

/** A server that records what reached it; `answer` decides each response. */
function setUp(options: { answer?: (attempt: number) => Error | null; online?: boolean } = {}) {
  const sent: Sent[] = [];
  let signedInAs: string | null = 'alice';
  let online = options.online ?? true;
  const events = new EventTarget();
  const sender = (kind: keyof OutboxInputs) => async (input: unknown, clientMutationId: string) => {
    sent.push({ kind, input, clientMutationId, asUser: signedInAs });
    const failure = options.answer?.(sent.length);
    if (failure) throw failure;
    return { id: `created-${clientMutationId}` };
  };
  const senders: OutboxSenders = { tweet: sender('tweet'), task: sender('task'), prompt: sender('prompt') };
  const outbox = new Outbox({
    senders,
    accessToken: async () => (signedInAs ? tokenFor(signedInAs) : null),
    storage: memoryStorage(),
    isOnline: () => online,
    events: events as unknown as Window,
  });
  return {
    outbox,
    sent,
    signInAs: (userId: string | null) => {
      signedInAs = userId;
    },
    goOnline: () => {
      online = true;
      events.dispatchEvent(new Event('online'));
    },
  };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('Outbox', () => {
  it('keeps what one tab adds while another sends and forgets an older entry, though each tab sees the other late', async () => {
    // Tab A is offline and only queues; tab B is online and sends. Each reads its own copy of
    // localStorage, which learns of the other tab's writes 50 ms late (as Chromium's do).
    const [storageA, storageB] = laggingStorages(2, 50);
    const sent: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const send = async (input: unknown, clientMutationId: string) => {
      sent.push((input as { body: string }).body);
      if (sent.length === 1) await held;
      return { id: `created-${clientMutationId}` };
    };
    const tab = (storage: Storage, online: boolean) =>
      new Outbox({
        senders: { tweet: send, task: send, prompt: send },
        accessToken: async () => tokenFor('alice'),
        storage,
        isOnline: () => online,
        events: new EventTarget() as unknown as Window,
      });
    const tabA = tab(storageA, false);
    const tabB = tab(storageB, true);
    tabA.activate('alice');
    await tabA.enqueue('alice', 'tweet', { body: 'first' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    tabB.activate('alice');
    await vi.waitFor(() => expect(sent).toEqual(['first']));
    // While B's request is out, A queues another; B forgets "first" before its copy has "second".
    await tabA.enqueue('alice', 'tweet', { body: 'second' });
    release();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(tabA.entries('alice').map((entry) => (entry.input as { body: string }).body)).toEqual(['second']);
    tabB.wake();
    await vi.waitFor(() => expect(sent).toEqual(['first', 'second']));
    await vi.waitFor(() => expect(tabB.entries('alice')).toEqual([]));
  });

  it('moves entries stored as one list by an earlier version to a key each', () => {
    const storage = memoryStorage();
    const entry = { id: 'c0ffee00-0000-4000-8000-000000000001', kind: 'task', input: { title: 'Old list' }, userId: 'alice', queuedAt: '2026-12-01T10:00:00.000Z' };
    storage.setItem('chorus.outbox.alice', JSON.stringify([entry]));
    const send = async (_input: unknown, clientMutationId: string) => ({ id: `created-${clientMutationId}` });
    const outbox = new Outbox({ senders: { tweet: send, task: send, prompt: send }, accessToken: async () => tokenFor('alice'), storage, isOnline: () => false, events: new EventTarget() as unknown as Window });
    expect(outbox.entries('alice')).toMatchObject([{ id: entry.id, input: { title: 'Old list' } }]);
    expect(storage.getItem('chorus.outbox.alice')).toBeNull();
    expect(JSON.parse(storage.getItem(`chorus.outbox.alice/${entry.id}`)!)).toEqual(entry);
  });

  it('reads the user id from an access token', () => {
    expect(tokenSubject(tokenFor('3f2c'))).toBe('3f2c');
    expect(tokenSubject('not a token')).toBeNull();
  });

  it('sends an entry once and forgets it when the server created it', async () => {
    const { outbox, sent } = setUp();
    outbox.activate('alice');
    const outcome = await outbox.enqueue('alice', 'tweet', { body: 'Hello' });
    expect(outcome).toEqual({ status: 'sent', id: `created-${sent[0]!.clientMutationId}` });
    expect(sent).toHaveLength(1);
    expect(outbox.entries('alice')).toEqual([]);
  });

  it('keeps an entry typed offline and sends it when the browser is online again', async () => {
    const { outbox, sent, goOnline } = setUp({ online: false });
    outbox.activate('alice');
    expect(await outbox.enqueue('alice', 'task', { title: 'Buy stamps' })).toEqual({ status: 'waiting' });
    expect(sent).toHaveLength(0);
    expect(outbox.entries('alice')).toMatchObject([{ kind: 'task', input: { title: 'Buy stamps' }, sending: false }]);
    goOnline();
    await settled();
    expect(sent).toHaveLength(1);
    expect(outbox.entries('alice')).toEqual([]);
  });

  it('sends every attempt at one entry with the same clientMutationId, so a lost response makes no second object', async () => {
    const { outbox, sent } = setUp({ answer: (attempt) => (attempt === 1 ? networkError() : null) });
    outbox.activate('alice');
    expect(await outbox.enqueue('alice', 'tweet', { body: 'Once' })).toEqual({ status: 'waiting' });
    outbox.wake();
    await settled();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.clientMutationId).toBe(sent[0]!.clientMutationId);
    expect(outbox.entries('alice')).toEqual([]);
  });

  it("never sends one user's entries in another user's session", async () => {
    const { outbox, sent, signInAs, goOnline } = setUp({ online: false });
    outbox.activate('alice');
    await outbox.enqueue('alice', 'tweet', { body: "Alice's" });
    // Alice signs out; Bob signs in on the same browser before the network returns.
    signInAs('bob');
    outbox.activate('bob');
    goOnline();
    await settled();
    expect(sent).toHaveLength(0);
    expect(outbox.entries('bob')).toEqual([]);
    // Even asked to send Alice's with Bob's token (a session that changed hands unseen), it does not.
    outbox.activate('alice');
    await settled();
    expect(sent).toHaveLength(0);
    signInAs('alice');
    outbox.wake();
    await settled();
    expect(sent).toMatchObject([{ input: { body: "Alice's" }, asUser: 'alice' }]);
  });

  it('keeps a refused entry with the reason until Retry or Discard', async () => {
    let refuse = true;
    const { outbox, sent } = setUp({ answer: () => (refuse ? graphqlError('BAD_USER_INPUT', { title: 'must not be blank' }) : null) });
    outbox.activate('alice');
    const outcome = await outbox.enqueue('alice', 'task', { title: '\u200B' });
    expect(outcome).toMatchObject({ status: 'refused', fields: { title: 'must not be blank' } });
    const [entry] = outbox.entries('alice');
    expect(entry?.refusal).toEqual({ message: 'failed with BAD_USER_INPUT', fields: { title: 'must not be blank' } });
    // A refused entry is not sent again by itself.
    outbox.wake();
    await settled();
    expect(sent).toHaveLength(1);
    refuse = false;
    outbox.retry('alice', entry!.id);
    await settled();
    expect(sent).toHaveLength(2);
    expect(outbox.entries('alice')).toEqual([]);

    refuse = true;
    await outbox.enqueue('alice', 'task', { title: '\u200B' });
    outbox.discard('alice', outbox.entries('alice')[0]!.id);
    expect(outbox.entries('alice')).toEqual([]);
  });

  it('drops an entry whose object the server created and has since been deleted (NOT_FOUND)', async () => {
    const { outbox } = setUp({ answer: () => graphqlError('NOT_FOUND') });
    outbox.activate('alice');
    await outbox.enqueue('alice', 'prompt', { title: 'Gone', content: 'Since deleted' });
    expect(outbox.entries('alice')).toEqual([]);
  });

  it('waits and tries again after RATE_LIMITED', async () => {
    const { outbox, sent } = setUp({ answer: (attempt) => (attempt === 1 ? graphqlError('RATE_LIMITED') : null) });
    outbox.activate('alice');
    expect(await outbox.enqueue('alice', 'tweet', { body: 'Later' })).toEqual({ status: 'waiting' });
    expect(outbox.entries('alice')[0]?.refusal).toBeUndefined();
    outbox.wake();
    await settled();
    expect(sent).toHaveLength(2);
    expect(outbox.entries('alice')).toEqual([]);
  });
});
