/**
 * The builtin writer's word banks. Templates name slots in braces: story elements from the prompt
 * ({hero} {place} {thing} {threat} {ally} {goal} {role}), genre words ({lore} {marvel} {tool} {sense})
 * and tone words ({adj} {feeling} {light} {weather} {manner}). A template is used only when every
 * slot it names has a value.
 */

export type Genre = 'fantasy' | 'scifi' | 'mystery' | 'horror' | 'romance' | 'comedy' | 'adventure' | 'general';
export type Tone = 'dark' | 'warm' | 'whimsical' | 'tense' | 'neutral';

/** The kinds of paragraph a story is built from; `middle` repeats to fill the length asked for. */
export type Beat = 'opening' | 'incident' | 'middle' | 'setback' | 'climax' | 'cost' | 'resolution' | 'epilogue';

export const GENRE_KEYWORDS: [Genre, RegExp][] = [
  ['scifi', /sci|space|future|cyber|robot|dystop|alien|starship|android|galax/i],
  ['fantasy', /fantas|magic|fairy|myth|legend|sword|wizard|witch|dragon|elf|sorcer/i],
  ['mystery', /myster|detective|crime|noir|whodunit|police|murder|thriller|sleuth/i],
  ['horror', /horror|ghost|gothic|scary|haunt|terror|creep|monster|zombie/i],
  ['romance', /romance|romantic|love|dating|wedding/i],
  ['comedy', /comed|humou?r|funny|satir|farce|comic|parody/i],
  ['adventure', /adventur|quest|action|pirate|explor|western|treasure|expedition/i],
];

export const TONE_KEYWORDS: [Tone, RegExp][] = [
  ['dark', /dark|grim|bleak|sad|tragic|melanchol|gloom|sinister|ominous|bitter/i],
  ['warm', /hope|uplift|warm|cozy|cosy|gentle|heartwarm|sweet|optimis|tender|kind/i],
  ['whimsical', /whims|playful|funny|humou?r|light|silly|quirky|absurd|comic|cheer/i],
  ['tense', /tense|suspens|gritty|urgent|thrill|intense|taut|dramatic|fast/i],
];

export interface GenreWords {
  lore: string[];
  marvel: string[];
  threat: string[];
  tool: string[];
  place: string[];
  sense: string[];
  names: string[];
  goal: string[];
  role: string[];
}

export const GENRE_WORDS: Record<Genre, GenreWords> = {
  fantasy: {
    lore: ['the old runes', 'a half-remembered spell', 'the songs of the first kings', 'a map drawn in silver ink'],
    marvel: ['a lantern that burned without oil', 'a door that had not been there the day before', 'a crow that spoke in riddles'],
    threat: ['an old curse', 'the dragon under the hill', 'the winter that would not end'],
    tool: ['a borrowed sword', 'a charm of river stones', 'a staff of ash wood'],
    place: ['the valley', 'the old keep', 'the edge of the kingdom'],
    sense: ['the air tasted of iron and old magic', 'the trees leaned closer to listen', 'the stars seemed nearer than they should'],
    names: ['Wren', 'Tobias', 'Maelis', 'Orrin'],
    goal: ['break the curse before the last leaf fell', 'carry the message across the mountains'],
    role: ['hedge-witch', 'apprentice cartographer'],
  },
  scifi: {
    lore: ["the ship's logs", 'a corrupted transmission', "the station's archive", 'a sensor trace nobody could explain'],
    marvel: ['a signal repeating in prime numbers', 'a hull breach that had sealed itself', 'lights moving against the stars'],
    threat: ['the failing reactor', 'a rogue intelligence', 'the approaching swarm'],
    tool: ['a patched-together scanner', 'a cutting laser', 'an old service drone'],
    place: ['the orbital station', 'the colony ship', 'the research outpost'],
    sense: ['the recyclers hummed', 'the stars wheeled slowly past the viewport', 'the air smelled of hot metal'],
    names: ['Oduya', 'Kestrel', 'Ivo', 'Sable'],
    goal: ['get everyone home alive', 'find out who had sent the signal'],
    role: ['systems engineer', 'relief pilot'],
  },
  mystery: {
    lore: ["the coroner's notes", 'a torn railway ticket', 'a ledger with a missing page'],
    marvel: ['a clock stopped at ten past three', 'muddy footprints that led nowhere', 'a letter with no stamp'],
    threat: ['whoever had done it', 'the killer', 'a lie someone had kept for twenty years'],
    tool: ['a battered notebook', 'a borrowed key', 'a magnifying glass'],
    place: ['the town', 'the old hotel', 'the harbour office'],
    sense: ['rain tapped at the windows', 'every face in the room had something to hide', 'the radiators ticked in the silence'],
    names: ['Inspector Hale', 'Dora Finch', 'Mr Abernethy', 'Clem'],
    goal: ['find out what really happened', 'prove the wrong person was in prison'],
    role: ['private detective', 'junior constable'],
  },
  horror: {
    lore: ['a diary found in a dead hand', 'the parish records', 'scratches on the cellar door'],
    marvel: ['footsteps in an empty corridor', 'a doll that was never in the same place twice', 'a voice on the line with no one there'],
    threat: ['the thing in the walls', 'something that wore a familiar face', 'the hunger under the house'],
    tool: ['a failing torch', 'a box of damp matches', 'a rusted crowbar'],
    place: ['the house', 'the village', 'the closed hospital wing'],
    sense: ['the silence had weight', 'the cold came from inside the walls', 'the dark seemed to breathe'],
    names: ['Agnes', 'Pell', 'Corin', 'Mrs Vane'],
    goal: ['get out before the night was over', 'find out what had happened to the last family'],
    role: ['caretaker', 'night nurse'],
  },
  romance: {
    lore: ['an unsent letter', 'a shared playlist', 'an old photograph'],
    marvel: ['a chance meeting in the rain', 'a note left in a library book', 'a wrong number that kept calling back'],
    threat: ['their own stubborn pride', 'an old misunderstanding', 'the job offer across the ocean'],
    tool: ['a spare umbrella', 'two theatre tickets', 'a bunch of late-summer flowers'],
    place: ['the city', 'the little café on the corner', 'the seaside town'],
    sense: ['the evening smelled of rain and coffee', 'laughter drifted from the open doors', 'the streetlights came on one by one'],
    names: ['Jonah', 'Amara', 'Leo', 'Tess'],
    goal: ['say the true thing before it was too late', 'decide whether to stay'],
    role: ['bookshop owner', 'violin teacher'],
  },
  comedy: {
    lore: ['a badly translated instruction manual', 'the rules of the village bake-off', 'a sign that said DO NOT PRESS'],
    marvel: ['a goat wearing a hat', 'a wedding cake in the wrong van', 'a parrot that knew too many secrets'],
    threat: ['the health inspector', "Aunt Margery's opinions", 'a deadline nobody had written down'],
    tool: ['a roll of duct tape', 'a rubber chicken', 'a very confident plan'],
    place: ['the village hall', 'the office', 'the seaside hotel'],
    sense: ['everything was about to go wrong in the most ordinary way', 'somewhere a dog barked as if it knew', 'the kettle whistled like a warning'],
    names: ['Gerald', 'Poppy', 'Mr Pettigrew', 'Bea'],
    goal: ['fix everything before anyone noticed', 'win the prize without cheating very much'],
    role: ['assistant manager', 'substitute mascot'],
  },
  adventure: {
    lore: ['a weathered map', 'the tales of the old sailors', 'coordinates scratched inside a compass lid'],
    marvel: ['a rope bridge over a gorge', 'ruins swallowed by jungle', 'a ship where no ship should be'],
    threat: ['the rival expedition', 'the coming storm', 'the mountain itself'],
    tool: ['a coil of rope', 'a dented compass', 'a battered rucksack'],
    place: ['the mountains', 'the coast', 'the jungle'],
    sense: ['the wind carried the smell of distant rain', 'the path ahead climbed into the clouds', 'gulls wheeled over the cliffs'],
    names: ['Rafe', 'Nadia', 'Okoro', 'Lin'],
    goal: ['reach the summit before the pass closed', 'bring back what the map promised'],
    role: ['guide', 'ship’s navigator'],
  },
  general: {
    lore: ['an old letter', 'the family stories', 'the notebook in the kitchen drawer'],
    marvel: ['a light left on in an empty house', 'a stranger who knew a name they should not', 'a parcel with no sender'],
    threat: ['the weight of the past', 'the coming winter', 'a choice that could not be undone'],
    tool: ['a spare key', 'a bicycle with one good brake', 'a thermos of strong tea'],
    place: ['the town', 'the house by the river', 'the city'],
    sense: ['the afternoon light lay long across the floor', 'the street was quieter than it should have been', 'the river kept moving as it always had'],
    names: ['Ruth', 'Sami', 'Eleanor', 'Theo'],
    goal: ['set things right', 'find out the truth about the family'],
    role: ['schoolteacher', 'night-shift baker'],
  },
};

export interface ToneWords {
  adj: string[];
  feeling: string[];
  light: string[];
  weather: string[];
  manner: string[];
  openers: string[];
  tails: string[];
  /** Paragraph length in sentences: tense stories move in short bursts. */
  sentencesPerParagraph: [number, number];
}

export const TONE_WORDS: Record<Tone, ToneWords> = {
  dark: {
    adj: ['cold', 'hollow', 'grey', 'bitter', 'ruined'],
    feeling: ['dread', 'grief', 'a dull, patient fear'],
    light: ['the last of the daylight', 'a thin, sickly light'],
    weather: ['the sleet', 'a wind that never stopped'],
    manner: ['slowly', 'grimly', 'without much hope'],
    openers: ['In the grey hours before dawn', 'As the days grew shorter', 'Long after the others had given up', 'That night', 'When the lamps failed', 'In the week that followed', 'Under a low sky'],
    tails: ['and the feeling that it was already too late would not leave', 'while {weather} scoured the empty streets', 'and {feeling} followed like a shadow', 'though no one would thank {hero} for it', 'and somewhere a bell rang that no one had touched'],
    sentencesPerParagraph: [3, 4],
  },
  warm: {
    adj: ['gentle', 'golden', 'warm', 'bright', 'kind'],
    feeling: ['hope', 'a quiet courage', 'unexpected joy'],
    light: ['the morning sun', 'the lamplight', 'the first light'],
    weather: ['a soft breeze', 'the spring rain'],
    manner: ['gently', 'patiently', 'with a small smile'],
    openers: ['With the first light', 'Over cups of tea', "After a good night's sleep", 'By the afternoon', 'On the way back', 'When the bread came out of the oven', 'As the evening settled'],
    tails: ['and for the first time in a long while there was {feeling}', 'while {weather} softened the edges of {place}', 'and {ally} laughed, which helped more than it should have', 'and the neighbours waved from their doorways', 'and it felt, briefly, like the world was on their side'],
    sentencesPerParagraph: [3, 5],
  },
  whimsical: {
    adj: ['peculiar', 'bright', 'ridiculous', 'wonderful', 'wobbly'],
    feeling: ['glee', 'a fizzing curiosity', 'utter bewilderment'],
    light: ['a candy-coloured light', 'the twinkle of fairy lights'],
    weather: ['a mischievous wind', 'a sudden shower of hail'],
    manner: ['merrily', 'with great ceremony', 'on tiptoe'],
    openers: ['Shortly after lunch', 'Somewhat unexpectedly', 'After a brief detour for cake', 'On Tuesday, which is always a risky day', 'Against all sensible advice', 'At precisely the wrong moment', 'In a burst of optimism'],
    tails: ['which was, on reflection, a very {adj} way to spend an afternoon', 'while {weather} did its best to join in', 'and a passing cat looked thoroughly unimpressed', 'and nobody asked any questions, which was a mistake', 'to a small round of applause from nobody in particular'],
    sentencesPerParagraph: [3, 4],
  },
  tense: {
    adj: ['sharp', 'narrow', 'restless', 'brittle', 'urgent'],
    feeling: ['a tight knot of fear', 'adrenaline', 'a racing pulse'],
    light: ['the harsh light', 'a flickering bulb'],
    weather: ['the rising wind', 'the rain'],
    manner: ['quickly', 'without a sound', 'breathlessly'],
    openers: ['Within the hour', 'Seconds later', 'Before anyone could stop it', 'At once', 'With the clock running', 'Just before midnight', 'Without a word'],
    tails: ['and every second counted', 'while {threat} drew closer', 'and there was no time to look back', 'and the footsteps behind did not stop', 'before the chance was gone'],
    sentencesPerParagraph: [2, 2],
  },
  neutral: {
    adj: ['quiet', 'old', 'familiar', 'strange', 'ordinary'],
    feeling: ['curiosity', 'unease', 'determination'],
    light: ['the afternoon light', 'the lamplight'],
    weather: ['the wind', 'a light rain'],
    manner: ['carefully', 'steadily', 'at last'],
    openers: ['The next morning', 'By noon', 'Later that day', 'On the second day', 'When evening came', 'A week later', 'Early on Sunday'],
    tails: ['and {sense}', 'though nothing about it was simple', 'while {weather} moved over {place}', 'and the day went on around them as if nothing had happened', 'which raised more questions than it answered'],
    sentencesPerParagraph: [3, 4],
  },
};

type Templates = Partial<Record<Beat, string[]>>;

/** Sentences any story may use. */
export const COMMON_TEMPLATES: Templates = {
  opening: [
    '{light} fell across {place}, and {hero} had long ago stopped expecting anything to change there.',
    'Nobody in {place} paid much attention to {hero}, which suited {hero} perfectly well.',
    '{hero} had lived in {place} long enough to know every {adj} corner of it, or so it seemed.',
    'It began on an evening like any other in {place}, when {sense}.',
    'For years {hero} had worked as the {role} of {place}, keeping to the same {adj} routines.',
    '{hero} was the kind of {role} who noticed small things: the {adj} light, a door left open, the way {sense}.',
  ],
  incident: [
    'Then came the {thing}, and nothing in {place} would be ordinary again.',
    'It was {hero} who found the {thing}, just as {light} was fading.',
    'When the {thing} appeared, {hero} felt {feeling} and could not have said why.',
    'The news spread fast: the {thing}, here, in {place}, and {threat} close behind.',
    '{hero} understood at once what it meant: someone had to {goal}, and there was no one else.',
    'There was no time to argue; if {hero} did not {goal}, {threat} would decide the matter instead.',
  ],
  middle: [
    '{hero} went looking for answers in {lore}',
    '{hero} asked {ally} for help, and {ally} agreed on one condition',
    '{hero} retraced every step from the day the {thing} had appeared',
    '{hero} and {ally} argued about what to do next',
    '{hero} found that {lore} said more than anyone had realised',
    '{hero} studied the {thing} {manner}, trying to understand what it wanted',
    '{hero} went back to the {thing2} and looked at it again, more carefully this time',
    'somebody in {place} had been lying, and {hero} began to suspect who',
    '{hero} wrote down everything known so far, which did not take long',
    '{ally} brought news from the far side of {place}',
    '{hero} slept badly and dreamed of {threat}',
    '{hero} walked the length of {place} twice, thinking',
    'a small kindness from a stranger changed the shape of the day',
    '{hero} found the first real answer hidden in plain sight, next to the {thing2}',
  ],
  setback: [
    'It went wrong all at once: {threat} reached {place} sooner than anyone had feared.',
    '{hero} lost {tool} in the chaos, and with it the easy way out.',
    '{ally} left without a word, and {hero} faced the rest alone.',
    'For a while it seemed that {hero} would fail to {goal}, and that no one would even notice.',
  ],
  climax: [
    'In the end it came down to {hero}, the {thing} and {threat}, face to face in the {adj} heart of {place}.',
    '{hero} took a breath, remembered everything {ally} had said, and stepped forward to {goal}.',
    'There was one chance left, and {hero} took it {manner}.',
  ],
};

/** Sentences that only a story of that genre uses (on top of the common ones). */
export const GENRE_TEMPLATES: Record<Genre, Templates> = {
  fantasy: {
    opening: [
      'In {place} the old magic had grown thin, but it had not gone; on certain nights {sense}.',
      '{hero} kept a charm above the door, as everyone in {place} did, and never quite believed in it.',
    ],
    incident: [
      'The runes on the doorstep flared as the {thing} arrived, and {hero} knew the old stories had been true.',
      'A crow landed on the sill, spoke the name of {hero}, and then spoke of the {thing}.',
    ],
    middle: [
      '{hero} followed the song of {lore} deep into the woods beyond {place}',
      '{ally} taught {hero} the one spell that might hold {threat} back',
      '{hero} traded a memory for passage across the river',
      'the trees parted for {hero} and closed again behind',
    ],
    setback: ['The spell broke in the hands of {hero}, and the price of it was a name that could no longer be remembered.'],
    climax: [
      '{hero} spoke the last word of the old spell, and {threat} answered with fire.',
      'With {tool} raised, {hero} stood between {threat} and everything {place} had left.',
    ],
  },
  scifi: {
    opening: [
      'Seventeen days out from the nearest relay, {place} ran on routine, recycled air and the patience of {hero}.',
      'On the duty roster of {place}, {hero} was listed as essential, which mostly meant fixing what everyone else broke.',
    ],
    incident: [
      'At 03:12 station time the sensors flagged the {thing}, and {hero} was the only one awake to see it.',
      'The alert was small, a single amber line about the {thing}, but {hero} read it twice.',
    ],
    middle: [
      '{hero} rerouted power through the secondary grid',
      '{ally} decoded part of {lore}',
      '{hero} suited up and went outside to look at the {thing} with {tool}',
      'the diagnostics came back clean, which was the most worrying result possible',
    ],
    setback: ['Then the main bus failed, the lights went red, and {place} began to drift.'],
    climax: [
      '{hero} had ninety seconds to {goal}, and the countdown did not care about courage.',
      '{hero} overrode the lockout, pulled the manual release, and opened the airlock on {threat}.',
    ],
  },
  mystery: {
    opening: [
      '{place} prided itself on having no secrets, which is exactly how {hero} knew it was full of them.',
      '{hero} had read {lore} three times before admitting that something in it was wrong.',
    ],
    incident: [
      'The call came just after midnight: the {thing}, and a door locked from the inside.',
      '{hero} looked at the {thing} for a long time, because it was the one thing in the room that did not belong.',
    ],
    middle: [
      '{hero} questioned {ally}, who answered every question except the important one',
      '{hero} compared {lore} against the timetable and found twenty missing minutes',
      '{hero} found a second set of footprints near the {thing}',
      '{hero} followed the housekeeper to the station and watched who she met',
    ],
    setback: ['The lead collapsed: {ally} had an alibi, a good one, and {hero} was back at the beginning.'],
    climax: [
      '{hero} gathered everyone in the room where it had happened and laid {lore} on the table.',
      '"It was never about the {thing}," {hero} said quietly. "It was about who was afraid of it."',
    ],
  },
  horror: {
    opening: [
      'The first thing {hero} noticed about {place} was the silence; the second was that {sense}.',
      'Everyone said {place} was quiet now, and {hero} wanted very much to believe them.',
    ],
    incident: [
      'That night the {thing} was waiting at the end of the hall, exactly where nothing had been before.',
      'The scratching started the night the {thing} came, soft at first, then patient.',
    ],
    middle: [
      '{hero} heard the knocking again, closer this time',
      '{hero} found {lore} and read it by the light of {tool}',
      '{ally} refused to go down into the cellar, and {hero} did not blame them',
      '{hero} counted the doors in the corridor and got a different number every time',
    ],
    setback: ['When {hero} turned around, the door they had come through was gone.'],
    climax: ['{hero} went down into the dark with {tool}, because the only way out of {place} was through {threat}.'],
  },
  romance: {
    opening: [
      '{hero} had sworn off grand gestures, which was a difficult promise to keep in a place like {place}.',
      'On the busiest corner of {place}, {hero} lived a life of neat lists and early nights.',
    ],
    incident: [
      'Then {ally} walked in, laughing at something, and {hero} forgot what came next.',
      'It started with the {thing} and a stranger named {ally} who refused to apologise for it.',
    ],
    middle: [
      '{hero} and {ally} walked the long way home through {place}',
      '{ally} remembered exactly how {hero} liked their coffee',
      '{hero} rewrote the same message six times and sent none of them',
      'they talked until the café closed around them',
    ],
    setback: ['Then {hero} saw {ally} at the station with a suitcase, and every careful hope fell apart.'],
    climax: ['{hero} ran the length of the platform, for once not caring who was watching, and said the true thing at last.'],
  },
  comedy: {
    opening: [
      '{hero} had a plan for everything, which in {place} was a bit like having an umbrella for an earthquake.',
      'By nine o’clock {hero} had already lost two shoes, one argument and most of a carefully kept dignity.',
    ],
    incident: [
      'The trouble started with the {thing}, as trouble in {place} so often did.',
      'Nobody could explain the {thing}, least of all {hero}, who was somehow holding it.',
    ],
    middle: [
      '{hero} attempted to fix things with {tool}, which made them considerably worse',
      '{ally} suggested a disguise, and against all reason {hero} agreed',
      '{hero} explained the situation to three different people and got three different kinds of laugh',
      'the {thing} escaped again, this time into the town hall',
    ],
    setback: ['At exactly the wrong moment the mayor arrived, and so did {threat}.'],
    climax: ['In a triumph of bad planning, {hero}, {ally}, the {thing} and {tool} all arrived at once, and somehow it worked.'],
  },
  adventure: {
    opening: [
      '{hero} had always looked past the edge of {place} towards the horizon, and the horizon had always looked back.',
      'The maps of {place} ended where the real country began, and {hero} had spent years wondering what lay beyond.',
    ],
    incident: [
      'Then {hero} found {lore}, and in its margins a route to the {thing}.',
      'The message was three words long and ended with the {thing}; {hero} packed that night.',
    ],
    middle: [
      '{hero} and {ally} crossed the ridge with {tool} and not much else',
      '{hero} followed {lore} to a river that was not on any map',
      'the path gave way and {hero} caught a root just in time',
      '{ally} spotted smoke on the horizon, and they changed course',
    ],
    setback: ['The storm caught them in the open, and by morning half their supplies were gone.'],
    climax: ['{hero} climbed the last stretch with bleeding hands and reached the {thing} as {threat} closed in.'],
  },
  general: {
    opening: ['{hero} had meant to leave {place} years ago, and somehow never had.'],
    incident: ['A letter arrived about the {thing}, and {hero} read it standing up in the hallway.'],
    middle: ['{hero} sat with {ally} on the back step until the light went', 'the neighbours had opinions, and shared them'],
    climax: ['{hero} said what had needed saying for years, and the room went very still.'],
  },
};

/** How a story ends, and what the tone adds around the ending (its structure). */
export const TONE_TEMPLATES: Record<Tone, Templates> = {
  warm: {
    resolution: [
      'When it was over, {place} was still there, a little changed and a great deal kinder.',
      '{hero} and {ally} watched {light} come up over {place}, and neither of them needed to say anything.',
      'Years later people in {place} still told the story, and {hero} never once corrected the exaggerations.',
    ],
    epilogue: [
      'On the first warm day of the year, {ally} knocked on the door with {tool} and a new idea.',
      'It was, {hero} decided, a good place to belong.',
    ],
  },
  dark: {
    cost: [
      'The victory had a price, and {hero} paid it {manner}.',
      'Something of {hero} stayed behind in that place and never found the way home.',
    ],
    resolution: [
      '{hero} managed to {goal}, in the end, but the cost of it stayed in {place} like a stain.',
      'Afterwards {place} was quieter, and {hero} was never sure what had been lost along with {threat}.',
      'Some nights {hero} still heard it, faint and patient, and knew that it was only waiting.',
    ],
  },
  whimsical: {
    resolution: [
      'And that, more or less, is how {place} came to keep the {thing} as its official mascot.',
      '{hero} went home, made a cup of tea, and decided that tomorrow would be allowed to be boring.',
      'Nobody ever fully explained what had happened, which everyone agreed was the best part.',
    ],
    epilogue: ['(The cat, for the record, was fine.)', '(The {thing} was never mentioned at the council meeting again.)'],
  },
  tense: {
    resolution: [
      'It was over, barely, and {hero} sat in the sudden silence, waiting for a pulse that would not slow.',
      'By the time help came, {threat} was gone and {hero} was the only one who knew how close it had been.',
    ],
  },
  neutral: {
    resolution: [
      'Life in {place} went on, as it does, but {hero} kept {lore} close, just in case.',
      '{hero} had set out to {goal}, and somewhere along the way had become someone who could.',
      'In the quiet that followed, {hero} understood that {place} would never look the same again.',
    ],
  },
};

/** Short asides and beats the tone drops into the middle of a story. */
export const TONE_ASIDES: Partial<Record<Tone, string[]>> = {
  whimsical: ['(This was not, strictly speaking, allowed.)', '(Nobody had thought to bring a map.)', '(It was, admittedly, a very good hat.)'],
  tense: ['No time.', 'Then silence.', 'Not yet.', 'Closer now.'],
  dark: ['Nobody spoke of it afterwards.', 'The cold got in everywhere.'],
};

/** Words that suggest a key noun is the danger rather than the prize. */
export const THREAT_WORDS =
  /storm|dragon|war|fire|flood|curse|plague|virus|monster|killer|army|tide|winter|beast|ghost|demon|witch|pirates?|rival|enemy|wolves|wolf|sickness|famine|drought|eruption|volcano|swarm|invasion|hurricane|blizzard|debt|villain|tyrant|king|queen|empire|cult/i;
