/**
 * Reads the people, places, things and goal out of a prompt's free text with plain heuristics:
 * capitalised runs are names, what follows a determiner is a key noun phrase, "must ..." or
 * "wants to ..." is the goal. No model, no dictionary beyond the small word lists below.
 */
export interface PromptElements {
  /** Names of people (or creatures), in order of first mention. */
  characters: string[];
  /** Named places, in order of first mention. */
  places: string[];
  /** An unnamed setting such as "the old lighthouse", when the prompt gives one. */
  setting: string | null;
  /** What the main character is, when the prompt says: "lighthouse keeper" in "a lighthouse keeper named Ada". */
  role: string | null;
  /** Key noun phrases without their determiner ("stranded whale", "storm"), in order. */
  things: string[];
  /** An infinitive phrase without "to": "get the whale back to sea before the storm". */
  goal: string | null;
}

// Capitalised at the start of a sentence for grammar's sake, not because they are names.
const NOT_NAMES = new Set(
  `a an the this that these those there here then when while after before as at in on of for from to by with without
   into onto over under once one two three every each some no none all any his her their its our my your we you they he
   she it i me him them us if but and or so yet because although though since until unless where what who whom which why
   how suddenly meanwhile later soon now today tonight tomorrow yesterday years year long far deep somewhere nobody
   everyone someone something nothing everybody somebody anybody anyone perhaps maybe just only even still also not never
   always sometimes often finally eventually instead write tell story chapter prologue epilogue please imagine`.split(/\s+/),
);

// Words that end a noun phrase: prepositions, conjunctions, pronouns and common verbs.
const PHRASE_STOPS = new Set(
  `a an the this that these those of in on at to from by with without into onto over under near across through around
   beyond behind before after during until while when where who whom which whose that and or but so yet nor for as than
   is are was were be been being has have had do does did will would shall should can could may might must not never also
   only just very too it its he she they them him her his their we you i me us our my your there here named called
   finds found discovers discovered wants wanted needs needed tries tried learns learned meets met loses lost steals stole
   makes made takes took gets got goes went comes came sees saw knows knew hides hid keeps kept runs ran falls fell leaves
   left returns returned arrives arrived begins began starts started fights fought saves saved helps helped becomes became
   hears heard receives received wakes woke sets searches searched follows followed opens opened breaks broke builds built
   writes wrote brings brought holds held lives lived works worked guards guarded protects protected hunts hunted inherits
   inherited crashes crashed washes washed appears appeared threatens threatened refuses refused decides decided agrees
   agreed says said tells told asks asked calls escapes escaped uncovers uncovered investigates investigated chases chased
   rescues rescued travels travelled traveled sails sailed flies flew wins won owns owned plans planned promises promised
   loves loved hates hated fears feared dreams dreamed dreamt stops stopped waits waited lies lay sits sat stands stood
   grows grew shows showed turns turned tries becomes seems seemed looks looked feels felt thinks thought believes believed
   realises realizes realised realized gives gave sends sent leads led kills killed dies died`.split(/\s+/),
);

const LOCATION_PREPOSITIONS = new Set(
  'in at near across beneath under inside outside into towards toward through around beyond on above below within upon'.split(' '),
);

const PLACE_WORDS = new Set(
  `city town village port harbour harbor mount mountain mountains lake river station island isle kingdom forest wood woods
   street road valley bay castle tower academy empire republic planet moon sea ocean desert hills hill county province
   bridge market square abbey temple palace fort colony base moor marsh coast falls glen heights ship starship freighter
   vessel boat schooner steamer liner airship`.split(/\s+/),
);

// Vague heads that make poor key nouns.
const VAGUE_NOUNS = new Set('way time thing things day days night one ones lot kind sort end part place people world life story'.split(' '));

const DETERMINERS = new Set('a an the her his their its my our this that some every'.split(' '));

const GOAL_PATTERN =
  /\b(?:must|needs? to|wants? to|has to|have to|had to|tries to|tried to|sets? out to|hopes? to|vows? to|swears? to|is determined to|decides? to|plans? to|struggles? to|races? to|longs? to|in order to|so (?:that )?(?:she|he|they) can)\s+([^.;!?]+)/i;
const PURPOSE_PATTERN = /\bto ((?:find|save|stop|escape|rescue|deliver|win|reach|solve|uncover|protect|steal|return|break|prove|bring)\b[^.;!?]*)/i;

interface Token {
  word: string;
  /** Index in the sentence's word list. */
  position: number;
  /** Only spaces between this token and the previous one (no comma, dash or quote). */
  joined: boolean;
}

function tokenise(sentence: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /[\p{L}][\p{L}\p{M}'’-]*/gu;
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(sentence))) {
    const between = sentence.slice(last, match.index);
    tokens.push({ word: match[0].replace(/['’]s$/, ''), position: tokens.length, joined: /^\s*$/.test(between) });
    last = match.index + match[0].length;
  }
  return tokens;
}

const isCapitalised = (word: string) => /^\p{Lu}/u.test(word) && !/^\p{Lu}+$/u.test(word.length > 1 ? word : 'x');
const lower = (word: string) => word.toLowerCase();

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

function addOnce(list: string[], value: string): void {
  if (!list.some((existing) => existing.toLowerCase() === value.toLowerCase())) list.push(value);
}

function clause(raw: string, maxWords: number): string {
  const cut = raw.split(/,\s*(?:but|while|although|though|and then)\b|\s+—\s+|\s+-\s+|\s*\(/)[0]!;
  return cut.trim().split(/\s+/).slice(0, maxWords).join(' ').replace(/[,:]$/, '');
}

export function extractElements(content: string): PromptElements {
  const characters: string[] = [];
  const places: string[] = [];
  const things: string[] = [];
  let role: string | null = null;
  let setting: string | null = null;

  for (const sentence of sentences(content)) {
    const tokens = tokenise(sentence);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      // A run of capitalised words ("Port Elin", "Captain Mara Vell"), allowing "of" inside ("Isle of Skye").
      const sentenceStart = token.position === 0;
      const notAName =
        NOT_NAMES.has(lower(token.word)) && (sentenceStart || !isCapitalised(tokens[i + 1]?.word ?? '') || !tokens[i + 1]!.joined);
      if (isCapitalised(token.word) && lower(token.word) !== 'i' && !notAName && !(sentenceStart && /(?:ing|ed|ly)$/.test(token.word))) {
        const run = [token.word];
        let j = i + 1;
        while (j < tokens.length && tokens[j]!.joined) {
          const next = tokens[j]!.word;
          if (isCapitalised(next)) run.push(next);
          else if (lower(next) === 'of' && isCapitalised(tokens[j + 1]?.word ?? '') && tokens[j + 1]!.joined) run.push(next);
          else break;
          j++;
        }
        const name = run.join(' ');
        const before = lower(tokens[i - 1]?.word ?? '');
        const isPlace =
          run.some((word) => PLACE_WORDS.has(lower(word))) || LOCATION_PREPOSITIONS.has(before) || PLACE_WORDS.has(before);
        if (before === 'named' || before === 'called') addOnce(characters, name);
        else if (isPlace) addOnce(places, name);
        else addOnce(characters, name);
        i = j - 1;
        continue;
      }
      // A noun phrase after a determiner: up to three lower-case words, stopping at function words and verbs.
      if (DETERMINERS.has(lower(token.word))) {
        const words: string[] = [];
        let j = i + 1;
        while (j < tokens.length && words.length < 3 && tokens[j]!.joined) {
          const next = tokens[j]!.word;
          if (isCapitalised(next) || PHRASE_STOPS.has(lower(next)) || /ly$/.test(next)) break;
          words.push(lower(next));
          j++;
        }
        if (!words.length || VAGUE_NOUNS.has(words[words.length - 1]!)) continue;
        const phrase = words.join(' ');
        const after = lower(tokens[j]?.word ?? '');
        const before = lower(tokens[i - 1]?.word ?? '');
        if ((after === 'named' || after === 'called') && !role) role = phrase;
        else if (LOCATION_PREPOSITIONS.has(before) && !setting) setting = `${lower(token.word) === 'a' || lower(token.word) === 'an' ? 'the' : lower(token.word)} ${phrase}`;
        else addOnce(things, phrase);
        i = j - 1;
      }
    }
  }

  // "Mara, a courier, ..." names the role too.
  const appositive = /(\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*)*),\s+(?:a|an|the)\s+(\p{Ll}[\p{L}-]*(?: \p{Ll}[\p{L}-]*)?),/u.exec(content);
  if (!role && appositive && characters.includes(appositive[1]!)) {
    role = appositive[2]!;
    const at = things.indexOf(role);
    if (at >= 0) things.splice(at, 1);
  }
  const goalMatch = GOAL_PATTERN.exec(content) ?? PURPOSE_PATTERN.exec(content);
  const goal = goalMatch ? clause(goalMatch[1]!, 16) : null;
  // Concrete things make better story objects than abstractions ("the disappearance"); keep those last.
  const abstract = (phrase: string) => /(?:ance|ence|tion|sion|ment|ness|ity|ship|ism)$/.test(phrase);
  const ranked = [...things.filter((t) => !abstract(t)), ...things.filter(abstract)];
  return { characters, places, setting, role, things: ranked.slice(0, 6), goal: goal || null };
}
