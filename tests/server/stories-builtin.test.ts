import { describe, expect, it } from 'vitest';
import {
  BuiltinGenerator,
  composeStory,
  detectGenre,
  detectTone,
  wordDeltas,
} from '../../server/src/modules/stories/generators/builtin/builtin-generator.js';
import { extractElements } from '../../server/src/modules/stories/generators/builtin/prompt-elements.js';
import type { StoryRequest } from '../../server/src/modules/stories/generators/story-generator.js';
import { chatCompletionsUrl, chatMessages } from '../../server/src/modules/stories/generators/openai-generator.js';

const whale: StoryRequest = {
  title: 'The Whale at Port Elin',
  content: 'A lighthouse keeper named Ada finds a stranded whale near the village of Port Elin and must get it back to sea before the storm arrives.',
  genre: 'fantasy',
  tone: 'hopeful',
  maxWords: 300,
  seed: 'seed-1',
};
const radio: StoryRequest = {
  title: 'Dead Air',
  content: 'Detective Ruiz investigates the disappearance of a radio host in Chicago. The only clue is a cassette tape left in the studio.',
  genre: 'noir mystery',
  tone: 'dark',
  maxWords: 300,
  seed: 'seed-1',
};
const cargo: StoryRequest = {
  title: 'Cargo',
  content: 'On the freighter Calypso, engineer Juno Park discovers a stowaway robot in the cargo hold and has to hide it from Captain Varga.',
  genre: 'science fiction',
  tone: 'whimsical',
  maxWords: 300,
  seed: 'seed-1',
};

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('prompt elements', () => {
  it('finds characters, places, the role, key nouns and the goal', () => {
    const elements = extractElements(whale.content);
    expect(elements.characters).toEqual(['Ada']);
    expect(elements.places).toEqual(['Port Elin']);
    expect(elements.role).toBe('lighthouse keeper');
    expect(elements.things).toContain('stranded whale');
    expect(elements.things).toContain('storm');
    expect(elements.goal).toBe('get it back to sea before the storm arrives');
  });

  it('tells sentence-initial words from names and ships from people', () => {
    const elements = extractElements(cargo.content);
    expect(elements.characters).toEqual(['Juno Park', 'Captain Varga']);
    expect(elements.places).toEqual(['Calypso']);
    expect(elements.things).toContain('stowaway robot');
    expect(extractElements('The old man lives alone. Suddenly a letter arrives.').characters).toEqual([]);
  });
});

describe('builtin story writer', () => {
  const stories = [whale, radio, cargo].map((request) => composeStory(request));

  it('writes visibly different stories for different prompts, each with its key nouns', () => {
    expect(new Set(stories).size).toBe(3);
    const [first, second, third] = stories as [string, string, string];
    for (const noun of ['Ada', 'Port Elin', 'whale', 'storm']) expect(first).toContain(noun);
    for (const noun of ['Detective Ruiz', 'Chicago', 'radio host']) expect(second).toContain(noun);
    for (const noun of ['Juno Park', 'Calypso', 'stowaway robot', 'Captain Varga']) expect(third).toContain(noun);
    // Not one template with names pasted in: the sentences themselves differ.
    const sentences = (text: string) => new Set(text.replace(/Ada|Detective Ruiz|Juno Park|Port Elin|Chicago|Calypso/g, 'X').split(/(?<=[.!?])\s+/));
    const shared = [...sentences(first)].filter((sentence) => sentences(second).has(sentence));
    expect(shared.length).toBeLessThan(2);
  });

  it('writes several paragraphs of prose', () => {
    for (const story of stories) {
      expect(story.split('\n\n').length).toBeGreaterThanOrEqual(4);
      expect(story).not.toMatch(/\{|\}|undefined|lorem/i);
    }
  });

  it('is deterministic for a seed and varies with it', () => {
    expect(composeStory(whale)).toBe(stories[0]);
    expect(composeStory({ ...whale, seed: 'seed-2' })).not.toBe(stories[0]);
  });

  it('changes vocabulary and structure with genre and tone', () => {
    const content = 'Mara, a courier, must deliver a sealed package to her brother in Northgate before dawn.';
    const fantasy = composeStory({ ...whale, content, genre: 'fantasy', tone: 'hopeful' });
    const scifi = composeStory({ ...whale, content, genre: 'sci-fi', tone: 'tense' });
    expect(fantasy).not.toBe(scifi);
    expect(fantasy).toMatch(/spell|rune|magic|charm|curse/);
    expect(scifi).toMatch(/station|sensor|signal|airlock|relay|grid|diagnostics|reactor/);
    // Tense stories move in short paragraphs.
    const longest = (text: string) => Math.max(...text.split('\n\n').map((p) => p.split(/(?<=[.!?])\s+/).length));
    expect(longest(scifi)).toBeLessThan(longest(fantasy));
    for (const story of [fantasy, scifi]) for (const noun of ['Mara', 'Northgate', 'package']) expect(story).toContain(noun);
    expect(detectGenre('Space opera', '')).toBe('scifi');
    expect(detectGenre(null, 'A dragon guards the pass.')).toBe('fantasy');
    expect(detectTone('bleak')).toBe('dark');
    expect(detectTone(null)).toBe('neutral');
  });

  it('respects maxWords approximately', () => {
    for (const maxWords of [50, 150, 500, 2000]) {
      const count = words(composeStory({ ...radio, maxWords }));
      expect(count).toBeLessThanOrEqual(Math.ceil(maxWords * 1.5));
      expect(count).toBeGreaterThanOrEqual(Math.floor(maxWords * 0.7));
    }
  });

  it('never writes the same sentence twice, even at 2000 words', () => {
    for (const request of [whale, radio, cargo]) {
      for (const seed of ['one', 'two', 'three']) {
        const sentences = composeStory({ ...request, seed, maxWords: 2000 }).split(/(?<=[.!?])\s+/);
        expect(new Set(sentences).size, `${request.title} / ${seed}`).toBe(sentences.length);
      }
    }
  });

  it('streams the story word by word and stops when aborted', async () => {
    const generator = new BuiltinGenerator({ wordDelayMs: 0 });
    const deltas: string[] = [];
    for await (const delta of generator.write(whale, new AbortController().signal)) deltas.push(delta);
    expect(deltas.join('')).toBe(stories[0]);
    expect(deltas.length).toBe(words(stories[0]!));
    expect(wordDeltas('One two\n\nthree')).toEqual(['One', ' two', '\n\nthree']);

    const abort = new AbortController();
    const partial: string[] = [];
    await expect(async () => {
      for await (const delta of new BuiltinGenerator({ wordDelayMs: 1 }).write(whale, abort.signal)) {
        partial.push(delta);
        if (partial.length === 5) abort.abort();
      }
    }).rejects.toThrow();
    expect(partial).toHaveLength(5);
  });
});

describe('openai request shape', () => {
  it('builds the chat-completions URL without doubling /v1', () => {
    expect(chatCompletionsUrl('http://host:1')).toBe('http://host:1/v1/chat/completions');
    expect(chatCompletionsUrl('http://host:1/v1')).toBe('http://host:1/v1/chat/completions');
    expect(chatCompletionsUrl('https://host/openai/v1/')).toBe('https://host/openai/v1/chat/completions');
  });

  it('asks for about maxWords words with a system and a user message', () => {
    const [system, user] = chatMessages({ ...whale, maxWords: 420 });
    expect(system!.role).toBe('system');
    expect(user!.role).toBe('user');
    expect(system!.content).toContain('about 420 words');
    expect(user!.content).toContain(whale.content);
    expect(user!.content).toContain('Genre: fantasy');
  });
});
