import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { StoryGenerator, StoryRequest } from '../story-generator.js';
import { extractElements, type PromptElements } from './prompt-elements.js';
import {
  type Beat,
  COMMON_TEMPLATES,
  GENRE_KEYWORDS,
  GENRE_TEMPLATES,
  GENRE_WORDS,
  type Genre,
  THREAT_WORDS,
  TONE_ASIDES,
  TONE_KEYWORDS,
  TONE_TEMPLATES,
  TONE_WORDS,
  type Tone,
} from './story-vocabulary.js';

/** A small, fast, seedable PRNG (mulberry32) over a 32-bit hash of the seed: same seed, same story. */
export function seededRandom(seed: string): () => number {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function detectGenre(genre: string | null, content: string): Genre {
  for (const text of [genre, content]) {
    if (!text) continue;
    const found = GENRE_KEYWORDS.find(([, pattern]) => pattern.test(text));
    if (found) return found[0];
    if (text === genre) return 'general';
  }
  return 'general';
}

export function detectTone(tone: string | null): Tone {
  return (tone && TONE_KEYWORDS.find(([, pattern]) => pattern.test(tone))?.[0]) || 'neutral';
}

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Draws from a list without repeating until every item has been used (then reshuffles). */
class Deck<T> {
  private remaining: T[] = [];

  constructor(
    private readonly items: readonly T[],
    private readonly random: () => number,
  ) {}

  draw(): T {
    if (!this.remaining.length) {
      this.remaining = [...this.items];
      for (let i = this.remaining.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [this.remaining[i], this.remaining[j]] = [this.remaining[j]!, this.remaining[i]!];
      }
    }
    return this.remaining.pop()!;
  }
}

type Slots = Record<string, string | readonly string[] | undefined>;

/** Turns the prompt's elements into the fixed slots of one story (who, where, what, against what). */
function storySlots(elements: PromptElements, genre: Genre, tone: Tone, random: () => number): Slots {
  const words = GENRE_WORDS[genre];
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const named = elements.characters[0];
  const hero = named ?? (elements.role ? `the ${elements.role}` : pick(words.names));
  const ally = elements.characters[1] ?? words.names.find((name) => name !== hero && !elements.characters.includes(name)) ?? 'an old friend';
  const threatThing = elements.things.find((thing) => THREAT_WORDS.test(thing));
  const [thing, thing2] = elements.things.filter((candidate) => candidate !== threatThing && candidate !== elements.role);
  return {
    hero,
    // The role is only said separately when the hero has a name ("Ada, the lighthouse keeper").
    role: named ? (elements.role ?? pick(words.role)) : undefined,
    ally,
    place: elements.places[0] ?? elements.setting ?? pick(words.place),
    thing: thing ?? pick(words.marvel).replace(/^an? /, ''),
    thing2,
    threat: threatThing ? `the ${threatThing}` : pick(words.threat),
    goal: elements.goal ?? pick(words.goal),
    lore: words.lore,
    marvel: words.marvel,
    tool: words.tool,
    sense: words.sense,
    adj: TONE_WORDS[tone].adj,
    feeling: TONE_WORDS[tone].feeling,
    light: TONE_WORDS[tone].light,
    weather: TONE_WORDS[tone].weather,
    manner: TONE_WORDS[tone].manner,
  };
}

/** Writes one story: the beats of its genre and tone, each from templates filled with the prompt's elements. */
class StoryWriter {
  private readonly decks = new Map<string, Deck<string>>();
  /** Sentences already written: the same one twice reads as a glitch, so draw again (a few times). */
  private readonly written = new Set<string>();

  constructor(
    private readonly slots: Slots,
    private readonly genre: Genre,
    private readonly tone: Tone,
    private readonly random: () => number,
  ) {}

  private deck(key: string, items: readonly string[]): Deck<string> {
    let deck = this.decks.get(key);
    if (!deck) this.decks.set(key, (deck = new Deck(items, this.random)));
    return deck;
  }

  private usable(template: string): boolean {
    return [...template.matchAll(/\{(\w+)\}/g)].every(([, slot]) => this.slots[slot!] !== undefined);
  }

  fill(template: string): string {
    const filled = template.replace(/\{(\w+)\}/g, (_, slot: string) => {
      const value = this.slots[slot]!;
      return typeof value === 'string' ? value : this.deck(`slot:${slot}`, value).draw();
    });
    // A slot may hold a template of its own (a tone's tail names {weather}); one more pass fills it.
    const done = /\{\w+\}/.test(filled) ? this.fill(filled) : filled;
    return done.replace(/^(["(]?)(\p{Ll})/u, (_, quote: string, first: string) => quote + first.toUpperCase());
  }

  /**
   * A sentence for `beat`, the genre's own twice as likely. With `mentions`, only a template naming
   * all those slots will do (when there is one): how the prompt's people, place and things are
   * sure to appear even in the shortest story.
   */
  sentence(beat: Beat, mentions: string[] = []): string {
    return this.unwritten(() => this.draftSentence(beat, mentions));
  }

  private unwritten(draft: () => string): string {
    let sentence = draft();
    for (let attempt = 0; attempt < 12 && sentence && this.written.has(sentence); attempt++) sentence = draft();
    // Still a repeat: the pool is used up, and saying nothing reads better than saying it again.
    if (this.written.has(sentence)) return '';
    this.written.add(sentence);
    return sentence;
  }

  private draftSentence(beat: Beat, mentions: string[]): string {
    const own = (GENRE_TEMPLATES[this.genre][beat] ?? []).filter((t) => this.usable(t));
    const toned = (TONE_TEMPLATES[this.tone][beat] ?? []).filter((t) => this.usable(t));
    const common = (COMMON_TEMPLATES[beat] ?? []).filter((t) => this.usable(t));
    const pool = [...own, ...own, ...toned, ...common];
    const fitting = pool.filter((template) => mentions.every((slot) => template.includes(`{${slot}}`)));
    if (fitting.length && mentions.length) return this.fill(this.deck(`beat:${beat}:${mentions.join()}`, fitting).draw());
    if (!pool.length) return '';
    return this.fill(this.deck(`beat:${beat}`, pool).draw());
  }

  /** A middle sentence: a tone's opener, a genre's action, sometimes a tone's tail. */
  middle(): string {
    return this.unwritten(() => this.draftMiddle());
  }

  private draftMiddle(): string {
    const words = TONE_WORDS[this.tone];
    const actions = [...(GENRE_TEMPLATES[this.genre].middle ?? []), ...(COMMON_TEMPLATES.middle ?? [])].filter((t) => this.usable(t));
    const opener = this.deck('opener', words.openers).draw();
    const action = this.deck('action', actions).draw();
    const tail = this.random() < 0.6 ? `, ${this.deck('tail', words.tails).draw()}` : '';
    return this.fill(`${opener}, ${action}${tail}.`);
  }

  aside(): string | null {
    const asides = TONE_ASIDES[this.tone];
    if (!asides || this.random() >= 0.3) return null;
    const aside = this.deck('aside', asides).draw();
    if (this.written.has(aside)) return null;
    this.written.add(aside);
    return aside;
  }
}

/** The beats around the middle, by tone: dark stories pay a cost, warm and whimsical ones get an epilogue. */
function endingBeats(tone: Tone): Beat[] {
  if (tone === 'dark') return ['climax', 'cost', 'resolution'];
  if (tone === 'warm' || tone === 'whimsical') return ['climax', 'resolution', 'epilogue'];
  return ['climax', 'resolution'];
}

/**
 * Composes a whole story for the request: deterministic for a seed, about `maxWords` long, in
 * paragraphs separated by blank lines.
 */
export function composeStory(request: StoryRequest): string {
  const random = seededRandom(`${request.seed}:${request.title}:${request.content}`);
  const genre = detectGenre(request.genre, request.content);
  const tone = detectTone(request.tone);
  const elements = extractElements(request.content);
  const writer = new StoryWriter(storySlots(elements, genre, tone, random), genre, tone, random);
  const [minPer, maxPer] = TONE_WORDS[tone].sentencesPerParagraph;
  const budget = request.maxWords;
  const short = budget < 180;

  const opening = [writer.sentence('opening', ['hero', 'place']), ...(short ? [] : [writer.sentence('opening')])];
  const incident = [writer.sentence('incident', ['thing']), ...(short ? [] : [writer.sentence('incident', ['goal'])])];
  const ending = (budget < 90 ? (['resolution'] as Beat[]) : endingBeats(tone)).map((beat) =>
    beat === 'climax' && !short ? [writer.sentence(beat, ['hero']), writer.sentence(beat)] : [writer.sentence(beat, ['hero'])],
  );
  const setback = short ? [] : [writer.sentence('setback')];
  const fixed = [opening, incident, setback, ...ending].flat().filter(Boolean);
  let words = countWords(fixed.join(' '));

  // The middle grows until the length asked for is reached; long stories meet a setback half-way.
  const middle: string[][] = [];
  let paragraph: string[] = [];
  let size = minPer + Math.floor(random() * (maxPer - minPer + 1));
  for (let guard = 0; guard < 1000; guard++) {
    const next = middle.length && middle.length % 4 === 0 && paragraph.length === 0 ? writer.sentence('setback') : writer.middle();
    const nextWords = countWords(next);
    if (words + nextWords > budget) break;
    paragraph.push(next);
    words += nextWords;
    const aside = paragraph.length < size ? writer.aside() : null;
    if (aside && words + countWords(aside) <= budget) {
      paragraph.push(aside);
      words += countWords(aside);
    }
    if (paragraph.length >= size) {
      middle.push(paragraph);
      paragraph = [];
      size = minPer + Math.floor(random() * (maxPer - minPer + 1));
    }
  }
  if (paragraph.length) middle.push(paragraph);

  // Short stories keep their beginning and their ending together; long ones give each beat a paragraph.
  const beginning = short ? [[...opening, ...incident]] : [opening, incident];
  const [climax, ...after] = ending;
  const close = short || after.length > 2 ? [[...(climax ?? []), ...after.flat()]] : [climax ?? [], after.flat()];
  const paragraphs = [...beginning, ...middle, setback, ...close].filter((p) => p.some(Boolean));
  return paragraphs.map((p) => p.filter(Boolean).join(' ')).join('\n\n');
}

/** Splits text into deltas of one word each (with the space or paragraph break before it). */
export function wordDeltas(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

export interface BuiltinOptions {
  /** Pause between words, so the story arrives as if typed. */
  wordDelayMs: number;
}

/** The offline generator: composes the story from the prompt, then streams it word by word. */
export class BuiltinGenerator implements StoryGenerator {
  readonly provider = 'builtin';

  constructor(private readonly options: BuiltinOptions) {}

  async *write(request: StoryRequest, signal: AbortSignal): AsyncIterable<string> {
    const deltas = wordDeltas(composeStory(request));
    for (let i = 0; i < deltas.length; i++) {
      signal.throwIfAborted();
      if (this.options.wordDelayMs > 0 && i > 0) await sleep(this.options.wordDelayMs, undefined, { signal });
      else if (i % 50 === 49) await nextTurn(undefined, { signal });
      yield deltas[i]!;
    }
  }
}
