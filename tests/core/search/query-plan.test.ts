import { describe, expect, it } from 'vitest';
import { compileLexicon, PLAN_OPTIONS, planQuery } from '../../../src/core/search/query-plan.js';
import { indexTokenize, isMisspeltStopWord, tokenize } from '../../../src/core/search/terms.js';
import type { Lexicon } from '../../../src/core/types.js';

const lexicon: Lexicon = {
  abbreviations: [
    { short: 'k8s', full: 'kubernetes' },
    { short: 'psp', full: 'pod security policy' },
    { short: 'opa', full: 'open policy agent' },
    { short: 'tsdb', full: 'time series database' },
    { short: 'rbac', full: 'role based access control' },
    { short: 'rdy', full: 'ready' },
  ],
  related: [
    { term: 'sidecar', related: ['service mesh'] },
    { term: 'request across services', related: ['distributed tracing'] },
    { term: 'read more', related: ['blog'] },
    { term: 'istio', related: ['service mesh'] },
    { term: 'role based access control', related: ['authorization'] },
  ],
  paraphrases: [{ term: 'anniversary', means: ['birthday'] }],
  kinds: [{ kind: 'time series database', members: ['prometheus', 'm3'] }],
  intents: {
    overview: ['highlights', 'tl;dr', 'in a few words', 'takeaways', 'key takeaways'],
    trip: ['who went', 'who attended', 'why send', 'goal of the trip', 'hoping to get out of'],
    verdict: ['verdict'],
    reading: ['read more'],
    event: ['when was'],
    others: ['other talks', 'what else did'],
  },
  conclusionHeadings: ['wrap up'],
  conclusionOpeners: ['all in all'],
  readingHeadings: ['more detail'],
  questionWords: ['why', 'is', 'what about'],
  pointingWords: ['it', 'they'],
  frameWords: ['adopt', 'ready', 'plan'],
  eventWords: ['conference'],
  otherEditions: ['first', 'next'],
  howTo: ['how do i', 'how do we', 'how to'],
  stepVerbs: ['write', 'change'],
  amounts: ['how much', 'how many'],
  except: ['besides', 'apart from'],
  comparison: ['vs', 'compared to', 'or'],
  pairs: ['between'],
  scene: ['i', 'we', 'my'],
  overviewSizes: ['quick', 'brief'],
  overviewUses: ['newsletter', 'standup'],
  replyLengths: ['sentences', 'bullets', 'bullet points', 'line', 'minute', 'minutes'],
  instructions: ['step by step'],
  details: ['exactly', 'how does work'],
  nameAsks: ['name of', 'what called'],
  people: {
    asks: ['who gave'],
    roles: ['speaker', 'colleague', 'host', 'author'],
    naming: ['who', 'which', 'name'],
  },
  facts: [
    { kind: 'price', words: ['price', 'pricing', 'licence'] },
    { kind: 'schedule', words: ['eta'], askedBy: ['when will', 'when did', 'whens'], unless: ['sense'] },
  ],
};
const plan = (q: string) => planQuery(q, compileLexicon(lexicon));
const terms = (q: string) => plan(q).own.flatMap((g) => g.terms.map((t) => t.term));

describe('planQuery', () => {
  it('marks the words said only in a clause about the asker that sets the scene for one that asks', () => {
    const scene = (q: string) =>
      plan(q)
        .own.flatMap((g) => g.terms)
        .filter((t) => t.scene)
        .map((t) => t.term);
    expect(scene("give me the gist, i'm in a rush")).toEqual(['rush']);
    expect(scene('so we are on elk and it costs a fortune - anything about loki?')).toEqual([
      'elk',
      'cost',
      'fortun',
    ]);
    // A word the asking clause says too is asked about.
    expect(scene('we run loki, is loki any good?')).toEqual(['run']);
    // What the asker wants it for, to the end of its clause.
    expect(scene('recap the conference for my exec update')).toEqual(['exec', 'updat']);
    // …or, asking for an overview, "for" and a use of one: a document, an occasion, its readers.
    expect(scene('highlights of the trip for the quarterly newsletter')).toEqual(['quarter', 'newslett']);
    expect(scene('key takeaways for the standup')).toEqual(['standup']);
    // …and who it goes to: "to" and a scene word.
    expect(scene('key takeaways i could pass up to my directors')).toEqual(['director']);
    // Not in a question asking something else: "for the newsletter" may be what it asks about.
    expect(scene('which talks for the newsletter')).toEqual([]);
    expect(scene('which talks went to my directors')).toEqual([]);
    // The asker saying who they are: a clause that ends in "here" and asks nothing.
    expect(scene('new joiner here, why did we go to kubecon?')).toEqual(['new', 'joiner']);
    expect(scene('is anyone here, why did we go to kubecon?')).toEqual([]);
    // One clause; a clause that opens with a question word; another that asks nothing.
    expect(scene("i'm in a rush")).toEqual([]);
    expect(scene('did we go, what about loki')).toEqual([]);
    expect(scene('i want to know about istio, thanks')).toEqual([]);
    // "me" in "give me" is no clause about the asker.
    expect(scene('give me the gist of istio, in short')).toEqual([]);
  });

  it('reads an abbreviation as its full words, at full weight', () => {
    const { expansions } = plan('psp problems');
    expect(expansions[0]).toMatchObject({
      origin: 'abbreviation',
      weight: PLAN_OPTIONS.abbreviationWeight,
      from: ['psp'],
    });
    expect(expansions[0]?.terms.map((t) => t.term)).toEqual(['pod', 'secur', 'polici']);
    // Two letters and an "s" are too often a word of their own ("cis benchmarks").
    const withCi = compileLexicon({
      ...lexicon,
      abbreviations: [...lexicon.abbreviations, { short: 'ci', full: 'continuous integration' }],
    });
    expect(planQuery('cis benchmarks', withCi).expansions).toEqual([]);
    // Its plural too: "PSPs" are pod security policies.
    expect(plan('are PSPs gone').expansions[0]).toMatchObject({ origin: 'abbreviation', from: ['psp'] });
    expect(plan('are PSPs gone').expansions[0]?.terms.map((t) => t.term)).toEqual(['pod', 'secur', 'polici']);
  });

  it('reads a full form written out, in order, as its abbreviation too, at full weight', () => {
    const short = (q: string) =>
      plan(q).expansions.filter((g) => g.origin === 'abbreviation' && g.terms[0]?.term === 'psp');
    expect(short('when did pod security policy come in')).toMatchObject([
      { weight: PLAN_OPTIONS.abbreviationWeight, from: ['pod', 'secur', 'polici'], covers: true },
    ]);
    // Its words apart are no name; and its own abbreviation does not bring itself back.
    expect(short('a security policy for every pod')).toEqual([]);
    expect(short('psp problems')).toEqual([]);
    // The words the full form stands for keep their weight: the notes may say either.
    expect(plan('open policy agent').own.every((g) => g.weight === 1)).toBe(true);
  });

  it('brings in a lexicon phrase only when the question has its words that are no terms, function words aside', () => {
    const withPaths = compileLexicon({
      ...lexicon,
      paraphrases: [
        { term: 'call path', means: ['distributed tracing'] },
        { term: 'traffic between services', means: ['service mesh'] },
      ],
    });
    const means = (q: string) =>
      planQuery(q, withPaths).expansions.map((g) => g.terms.map((t) => t.term).join(' '));
    // "call" is a word questions are wrapped in ("what is it called"), so no term: still needed.
    expect(means('follow the call path across services')).toEqual(['distribut trace']);
    expect(means('the write path for metrics')).toEqual([]);
    // "between" only builds the phrase: "service to service traffic" says the same.
    expect(means('service to service traffic')).toEqual(['servic mesh']);
  });

  it('reads an abbreviation of a frame word as a frame word ("prod": production)', () => {
    expect(plan('is loki rdy').expansions[0]?.terms[0]).toMatchObject({ term: 'readi', frame: true });
  });

  it('gives an abbreviation’s everyday full words the abbreviation’s own specificity', () => {
    const [full] = plan('opa').expansions;
    const own = plan('open policy agent').own.flatMap((g) => g.terms);
    expect(own.find((t) => t.term === 'open')?.rarity).toBeLessThan(1);
    expect(full?.terms.every((t) => t.rarity === 1)).toBe(true);
    // Shorthand for one everyday word is that word: "rdy" is as everyday as "ready".
    const [ready] = plan('rdy').expansions;
    expect(ready?.terms[0]?.rarity).toBe(plan('ready').own[0]?.terms[0]?.rarity);
    expect(ready?.terms[0]?.rarity).toBeLessThan(1);
  });

  it('reads what points at what a text says as no subject, in any form ("covers", "mentions")', () => {
    expect(terms('what it covers on loki')).toEqual(['loki']);
    expect(terms('does it mentions loki or nah')).toEqual(['loki']);
    expect(terms('anything discussing loki')).toEqual(['loki']);
  });

  it('reads "right" stressing when as an intensifier ("right now"), not as the word a section says', () => {
    expect(terms('is loki ready right now')).not.toContain('right');
    expect(terms('roll it out right away')).not.toContain('right');
    expect(terms('a blog post in its own right')).toContain('right');
  });

  it('reads an abbreviation’s plural as the abbreviation, as the notes write it ("PSPs": psp)', () => {
    expect(terms('are PSPs gone')).toEqual(['psp']);
    expect(plan('are PSPs gone').expansions[0]?.from).toEqual(['psp']);
  });

  it('knows one-word entries as subjects of the field, not the first word of a phrase ("read more")', () => {
    const field = (q: string) => plan(q).own[0]?.terms[0]?.field;
    expect(field('istio')).toBe(true);
    expect(field('read')).toBe(false);
  });

  it('adds related phrases at less weight than the question’s own words, more for a longer entry', () => {
    const one = plan('what is a sidecar').expansions[0];
    // "request across services": "across" is a function word, so two terms.
    const two = plan('following one request across services').expansions[0];
    expect(one?.weight).toBe(PLAN_OPTIONS.relatedWeight);
    expect(two?.weight).toBeGreaterThan(one?.weight ?? 1);
    expect(two?.weight).toBeLessThan(1);
    expect(two?.from).toEqual(['request', 'servic']);
  });

  it('recognises intents, words apart, and takes them out of the subject', () => {
    expect(plan('what were the highlights?').intents.overview).toBe(true);
    expect(plan('tl;dr').intents.overview).toBe(true);
    const trip = plan('who from our side went to barcelona');
    expect(trip.intents.trip).toBe(true);
    expect(trip.own.map((g) => g.terms[0]?.word)).toEqual(['side', 'barcelona']);
    // In any inflection: two forms of one word share a base.
    for (const q of ['who is attending', 'who attends', 'why are we sending people'])
      expect(plan(q).intents.trip, q).toBe(true);
    expect(plan('who is the sender').intents.trip).toBe(false);
    // Without the phrase's article, or with another word in its place ("in a few words", "goal of the trip").
    expect(plan('what he learned, in few words').intents.overview).toBe(true);
    expect(plan('what was goal of this trip').intents.trip).toBe(true);
    // The words a trip phrase is spread around are recorded: they are asked in their own right.
    expect([...plan('why did istio send people').withinTrip]).toEqual(['did', 'istio']);
    expect([...plan('why send people to istio').withinTrip]).toEqual([]);
    // So are the words right before an event word: they say which event.
    expect([...plan('why send people to a big istio conference').beforeEvent]).toEqual(['istio']);
    // Misspelt by one edit, when the word is long enough and not English: still the intent.
    for (const q of ['hihglights from kubecon?', 'hihglights', 'verdcit on linkerd'])
      expect(Object.values(plan(q).intents), q).toContain(true);
    expect(plan('hihglights from kubecon?').own.map((g) => g.terms[0]?.word)).toEqual(['kubecon']);
    // Two slips in a long word ("hilights"), not more, nor a word English has ("lights").
    expect(plan('hilights').intents.overview).toBe(true);
    expect(plan('higlites').intents.overview).toBe(false);
    expect(plan('lights').intents.overview).toBe(false);
    // A shorter intent word with two neighbouring letters swapped ("sned": send), not another slip ("snd").
    expect(plan('why sned people').intents.trip).toBe(true);
    expect(plan('why snd people').intents.trip).toBe(false);
    const reading = plan('where can i read more about loki');
    expect(reading.intents.reading).toBe(true);
    expect(reading.own.map((g) => g.terms[0]?.word)).toEqual(['loki']);
  });

  it('reads a reply counted in lines or bullets as an overview named, and a size before a name as part of it', () => {
    for (const q of ['loki in 3 bullets', 'the trip as two bullet points', 'in a line, what happened?']) {
      const { intents } = plan(q);
      expect([intents.overview, intents.namedOverview], q).toEqual([true, true]);
    }
    // A count must say how many; "in bullets" and "in the line" count nothing.
    for (const q of ['notes in bullets', 'waiting in the line'])
      expect(plan(q).intents.overview, q).toBe(false);
    // The length's words are not the subject; what it is of comes before it.
    expect(terms('loki in 3 bullets')).toEqual(['loki']);
    expect(plan('loki in 3 bullets').intents.overviewNeighbours).toEqual(['loki']);
    // "for" after it says what for ("for a slide"), but a word after another name still says what of.
    expect(plan('the trip in 3 bullets for a slide').intents.overviewNeighbours).toEqual(['trip']);
    expect(plan('highlights for lunch').intents.overviewNeighbours).toEqual(['lunch']);
    // "a QUICK tl;dr": a size says how long, not what of.
    expect(plan('a quick tl;dr of the trip').intents.overviewNeighbours).toEqual(['a', 'trip']);
    expect(terms('a quick tl;dr of the trip')).toEqual(['trip']);
  });

  it('reads a qualifier the lexicon gives an overview name, or a counted length before it, as part of the name', () => {
    // "key" qualifies "takeaways" in the lexicon ("key takeaways"), so it qualifies "highlights" too.
    expect(plan('key highlights from the trip').intents.overviewNeighbours).toEqual(['trip']);
    expect(terms('key highlights from the trip')).toEqual(['trip']);
    // A length made one word with its count: "a 2-minute tl;dr".
    expect(plan('a 2-minute tl;dr for my boss').intents.overviewNeighbours).toEqual(['a', 'boss']);
    // Any other word before the name still says what of.
    expect(plan('lunch highlights').intents.overviewNeighbours).toEqual(['lunch']);
    // "In a minute" is soon, not how long; "in 2 minutes" is how long.
    expect(plan('back in a minute').intents.overview).toBe(false);
    expect(plan('the trip in 2 minutes').intents.namedOverview).toBe(true);
  });

  it('reads the form an overview is asked in as framing it ("on a slide")', () => {
    const frame = (q: string) =>
      plan(q).own.flatMap((g) => g.terms.filter((t) => t.frame).map((t) => t.word));
    expect(frame('highlights to put on one line')).toEqual(['line']);
    // Without an overview asked for, the same word is a subject: "the line from the loki talk".
    expect(frame('the line from the loki talk')).toEqual([]);
  });

  it('keeps a version number whole when an intent is taken out of the question', () => {
    expect(terms('highlights of 1.0')).toEqual(terms('1.0'));
    expect(terms('1.0')).toEqual(['1.0']);
  });

  it('reads a paraphrase as the phrase it means, as its own kind of expansion', () => {
    expect(plan('anniversary party').expansions).toContainEqual(
      expect.objectContaining({
        origin: 'paraphrase',
        from: ['anniversari'],
        weight: PLAN_OPTIONS.paraphraseWeight,
      }),
    );
    expect(plan('sidecar').expansions[0]?.origin).toBe('related');
  });

  it('reads a kind as its members, one way, its words in its order', () => {
    const members = (q: string) =>
      plan(q)
        .expansions.filter((g) => g.origin === 'kind')
        .map((g) => g.terms.map((t) => t.term).join(' '));
    expect(members('which time series database')).toEqual(['prometheus', 'm3']);
    expect(plan('which time series database').expansions[0]).toMatchObject({
      weight: PLAN_OPTIONS.kindWeight,
      covers: true,
    });
    // Through an abbreviation of the kind: it is the same kind, so finding a member covers it.
    expect(plan('tsdb').expansions.filter((g) => g.origin === 'kind')).toEqual([
      expect.objectContaining({ from: ['tsdb'], covers: true }),
      expect.objectContaining({ from: ['tsdb'], covers: true }),
    ]);
    // A member does not bring in its kind, and the kind's words in another order are not the kind.
    expect(members('m3 retention')).toEqual([]);
    expect(members('a database of series over time')).toEqual([]);
    expect(members('time series in one database')).toEqual([]);
  });

  it('does not let a neighbour two steps away cover a word (rbac → role based access control → authorization)', () => {
    const neighbour = plan('rbac').expansions.find((g) => g.origin === 'related');
    expect(neighbour).toMatchObject({ from: ['rbac'], covers: false });
  });

  it('names concepts by what a paraphrase means, not by its describing words', () => {
    expect(plan('anniversary party').concepts).toEqual([]);
    expect(
      planQuery(
        'collect logs',
        compileLexicon({ ...lexicon, paraphrases: [{ term: 'collect logs', means: ['log aggregation'] }] }),
      ).concepts,
    ).toEqual([]);
  });

  it('sets aside what an except word is followed by, to the end of its clause', () => {
    expect(terms('other talks besides istio and linkerd')).toEqual(terms('other talks'));
    expect(plan('highlights apart from the mesh').intents.overview).toBe(true);
    expect(terms('besides istio, which meshes were tried')).toEqual(terms('meshes tried'));
    expect(terms('so apart from istio what about linkerd')).toEqual(terms('so linkerd'));
  });

  it('reads the action a request for instructions asks about, unless it frames the question', () => {
    expect(plan('how do i enable mtls').action).toBe('enabl');
    // After any adverbs: "how do i ACTUALLY enable", not "how do i apply".
    expect(plan('how do i actually enable mtls').action).toBe('enabl');
    expect(plan('how do we easily enable mtls').action).toBe('enabl');
    expect(plan('how do we apply it').action).toBe('appli');
    expect(plan('how do we supply logs').action).toBe('suppli');
    expect(plan('how do i actually set up loki?').instructions).toEqual([['set', 'up']]);
    expect(plan('How to migrate from psp?').action).toBe('migrat');
    expect(plan('how do we plan to trace requests').action).toBeUndefined();
    expect(plan('enable mtls how do i').action).toBeUndefined();
    expect(plan('how do i').action).toBeUndefined();
  });

  it('reads what an amount is asked of: the words after an amount phrase, up to a small word', () => {
    expect(plan('how much disk does prometheus use').counted).toEqual(['disk']);
    expect(plan('so how many github stars?').counted).toEqual(['github', 'star']);
    expect(plan('how many of us went').counted).toEqual([]);
    // Frame words are what the notes are, not what is measured.
    expect(plan('how many plans were there').counted).toEqual([]);
    expect(plan('how big is the disk').counted).toEqual([]);
  });

  it('reads the subjects a comparison sets against each other, when both sides name something', () => {
    const sides = (q: string) => plan(q).compared?.map((t) => t.term);
    expect(sides('istio vs zipkin')).toEqual(['istio', 'zipkin']);
    expect(sides('is istio ready compared to the linkerd proxy?')).toEqual(['istio', 'linkerd']);
    expect(sides('istio vs')).toBeUndefined();
    expect(sides('should we adopt vs wait')).toBeUndefined();
    // A subject against a time or a choice, everyday words, is no comparison of two subjects.
    expect(sides('kubernetes today vs when it launched')).toBeUndefined();
    expect(sides('jaeger and zipkin')).toBeUndefined();
    expect(sides('istio or zipkin?')).toEqual(['istio', 'zipkin']);
    // A pair word opens both sides, joined by "and" or "or".
    expect(sides('the difference between istio and zipkin')).toEqual(['istio', 'zipkin']);
    expect(sides('did they pick between istio, linkerd and zipkin')).toEqual(['istio', 'zipkin']);
    expect(sides('the split between the platform team and product engineers')).toBeUndefined();
    // "or" between everyday words is no choice between subjects.
    expect(sides('is loki ready or not')).toBeUndefined();
    // A word read as a misspelt function word is skipped ("thier"), but kept as a side the index takes if
    // the notes have it: a name one letter from a function word ("thanos", "thanks").
    expect(sides('istio vs thier zipkin')).toEqual(['istio', 'zipkin']);
    const ifTheirs = (q: string) => plan(q).comparedIfTheirs?.map((t) => t.term);
    expect(ifTheirs('istio vs thier zipkin')).toEqual(['istio', 'thier']);
    expect([
      sides('istio or thanos for long-term metrics?'),
      ifTheirs('istio or thanos for long-term metrics?'),
    ]).toEqual([undefined, ['istio', 'thano']]);
    expect(ifTheirs('thanos vs zipkin')).toEqual(['thano', 'zipkin']);
    expect(ifTheirs('istio vs zipkin')).toBeUndefined();
    // The last word of a name of several words the lexicon knows is a name, though English ("time series DATABASE").
    expect(sides('time series database vs istio')).toEqual(['databas', 'istio']);
  });

  it('records the instruction phrases a question has, in any inflection, with their small words', () => {
    expect(plan('step by step install of gatekeeper').instructions).toEqual([['step', 'by', 'step']]);
    // An everyday verb and "up" after a how-to phrase is the action asked about; elsewhere it is not.
    expect(plan('how do i set up loki?').instructions).toEqual([['set', 'up']]);
    expect(plan('how do we scale up prometheus').instructions).toEqual([]);
    expect(plan('how do we scale up prometheus').action).toBe('scale');
    // A step verb names the step however everyday, even a frame word ("write" of "write-up").
    expect(plan('how do i write a policy').action).toBe('write');
    expect(plan('how to change the retention').action).toBe('chang');
    expect(plan('how do i choose a mesh').action).toBeUndefined();
    expect(plan('anyone setting up loki?').instructions).toEqual([]);
    expect(plan('loki').instructions).toEqual([]);
  });

  it('knows a question that asks who someone is from its phrase, or from a role with a naming word', () => {
    for (const q of [
      'who gave the loki talk',
      "what's the name of the colleague who went",
      'which speaker did the timeline',
      'who were the speakers',
      "what was the speaker's name",
      // One word between may say which ones.
      'what was the name of the istio speaker',
      'who were the linkerd speakers',
    ])
      expect(plan(q).asksPerson, q).toBe(true);
    for (const q of [
      'who went to kubecon',
      'did the speakers feel salesy',
      'who is the main contributor to istio',
      'what did the colleague think of loki',
      // A verb between the naming word and the role asks something else of the role.
      'istio or linkerd, which did the colleague lean towards',
      'which way did the speaker vote',
      'which mesh did the author prefer',
      'what is the name of the tool the speaker used',
      // So does a role word used as a verb after the word saying which.
      'which city hosted the 2019 conference',
      'which team authored the report',
    ])
      expect(plan(q).asksPerson, q).toBe(false);
  });

  it('knows a question asking what something is called, its words in order', () => {
    for (const q of ['what was the merged project called', 'the name of the new project'])
      expect(plan(q).asksName, q).toBe(true);
    for (const q of ['why is it called project 7', 'called it what', 'what name'])
      expect(plan(q).asksName, q).toBe(false);
  });

  it('knows a question asking for more of its subject than that it came up, its words in order', () => {
    for (const q of ['what were the failure scenarios exactly', 'how does the autoscaler actually work'])
      expect(plan(q).details, q).toBe(true);
    for (const q of ['any talks on failure scenarios', 'does it work', 'how does it scale'])
      expect(plan(q).details, q).toBe(false);
  });

  it('records the kinds of fact a question asks for, in any inflection, and not from what it sets aside', () => {
    const kinds = (q: string) => plan(q).facts.map((kind) => kind.terms);
    expect(kinds('datadog pricing')).toEqual([['price', 'licenc']]);
    expect(kinds('what do licences look like')).toHaveLength(1);
    expect(kinds('istio vs linkerd')).toEqual([]);
    expect(kinds('anything besides the price of datadog')).toEqual([]);
  });

  it('records a kind of fact asked by the phrase opening the question, unless a word says it asks something else', () => {
    const kinds = (q: string) => plan(q).facts.map((kind) => kind.terms);
    expect(kinds('when will loki ship')).toEqual([['eta']]);
    expect(kinds('When did Loki go stable?')).toEqual([['eta']]);
    // As typed, too: "whens" is read as "when".
    expect(kinds('whens loki shipping')).toEqual([['eta']]);
    // In which circumstances, not on what date.
    expect(kinds('when will it make sense to adopt loki')).toEqual([]);
    // Only opening the question: "when" in a clause asks for no date.
    expect(kinds('what breaks when will loki ship')).toEqual([]);
  });

  it('knows every form of a frame word as a frame word', () => {
    const frame = (q: string) => plan(q).own.map((g) => g.terms[0]?.frame);
    expect(frame('gatekeeper adopted')).toEqual([false, true]);
    expect(frame('gatekeeper planning')).toEqual([false, true]);
    // Only inflections: a derived word with the same stem is its own word.
    expect(frame('gatekeeper readiness')).toEqual([false, false]);
  });

  it('reads a long frame word two slips off as that word, unless English has the word as typed', () => {
    const withConference = compileLexicon({ ...lexicon, frameWords: [...lexicon.frameWords, 'conference'] });
    const frame = (q: string) => planQuery(q, withConference).own.map((g) => g.terms[0]?.frame);
    expect(frame('loki conferanse')).toEqual([false, true]);
    expect(frame('loki confluence')).toEqual([false, false]);
  });

  it('reads frame words as the subject when the question has nothing else', () => {
    const frame = (q: string) => plan(q).own.map((g) => g.terms[0]?.frame);
    expect(frame('should we adopt gatekeeper')).toEqual([true, false]);
    expect(frame('ready to adopt?')).toEqual([false, false]);
  });

  it('folds accents and case', () => {
    expect(terms('Sérvice MÉSH')).toEqual(terms('service mesh'));
  });

  it('flags frame words and tells follow-ups by their question words and pointing words', () => {
    expect(
      plan('should we adopt gatekeeper').own.find((g) => g.terms[0]?.word === 'adopt')?.terms[0]?.frame,
    ).toBe(true);
    expect(plan('is it ready?')).toMatchObject({ questionLike: true, pointing: true });
    expect(plan('thanks, great')).toMatchObject({ questionLike: false, pointing: false });
  });
});

describe('chat typing', () => {
  it('reads a misspelt function word as framing, not as a subject the notes lack', () => {
    const shuold = plan('shuold we adopt istio').own.find((g) => g.terms[0]?.word === 'shuold');
    expect(shuold?.terms[0]?.frame).toBe(true);
    expect(isMisspeltStopWord('waht')).toBe(true);
    // Phrases read it as meant: "who wnet" is "who went".
    expect(plan('who wnet').intents.trip).toBe(true);
    // A name one edit from nothing English is not a typo of a function word; nor is a real word.
    expect(isMisspeltStopWord('istio')).toBe(false);
    expect(isMisspeltStopWord('loki')).toBe(false);
    expect(isMisspeltStopWord('what')).toBe(false);
  });

  it('drops chat shorthand and apostrophe-less contractions like the words they stand for', () => {
    expect(terms('im worried about lock in pls')).toEqual(terms('worried about lock in'));
    expect(terms('whats the verdict on loki btw')).toEqual(terms('the verdict on loki'));
    expect(terms('wat did ppl think abt loki tho')).toEqual(terms('what did think about loki'));
    // An -ing word whose "g" was dropped reads as the word; a word that is English as typed stays.
    expect(plan('what were they hopin to get out of it').intents.trip).toBe(true);
    expect(terms("lookin' at loki, doin a talk")).toEqual(terms('looking at loki, doing a talk'));
    expect(terms('thin')).not.toEqual(terms('thing'));
    expect(terms('a prometheus mixin')).toEqual(['prometheus', 'mixin']);
    // Courtesy, in English or not, asks for nothing; nor does one's schedule, nor whose word it is.
    expect(terms('tell me about loki kindly, danke')).toEqual(terms('tell me about loki'));
    expect(terms('hiya, loki any good? cheers')).toEqual(terms('loki any good?'));
    expect(terms('back from pto, loki tldr asap ta')).toEqual(terms('back from, loki tldr'));
    expect(terms('according to the notes is loki ready')).toEqual(terms('to the notes is loki ready'));
  });
});

describe('tokenize', () => {
  it('splits CamelCase words into their parts as well', () => {
    expect(tokenize('PodSecurityPolicy')).toEqual(['PodSecurityPolicy', 'Pod', 'Security', 'Policy']);
    expect(tokenize('k8s on GKE')).toEqual(['k8s', 'on', 'GKE']);
    // Names joined by an ampersand are one word; the index also reads letters so joined without it.
    expect(tokenize('the 1&1 talk at JL&P & co')).toEqual(['the', '1&1', 'talk', 'at', 'JL&P', 'co']);
    expect(indexTokenize('the 1&1 talk at JL&P & co')).toEqual([
      'the',
      '1&1',
      'talk',
      'at',
      'JL&P',
      'co',
      'JLP',
    ]);
    // Not two letters: Q&A is no "qa".
    expect(indexTokenize('a Q&A session')).toEqual(['a', 'Q&A', 'session']);
    // The same words whether or not an intent phrase was taken out of the question first.
    expect(plan('highlights of the 1&1 talk').own.map((g) => g.terms[0]?.word)).toEqual(['1&1', 'talk']);
  });

  it.each([
    ['a stand-out theme', ['standout']],
    ['end-to-end', ['endtoend']],
    ['e\u0301tat-major', ['e\u0301tatmajor']],
    ['multi\u2010cloud and non\u2011breaking', ['multicloud', 'nonbreaking']],
    ["don't-care", []],
    ['--flag', []],
    ['2019-05-20', []],
  ])('the index also reads the hyphenated compounds of %j as one word', (text, joined) => {
    expect(indexTokenize(text).slice(tokenize(text).length)).toEqual(joined);
  });

  it('reads a contraction as people type it without the apostrophe, straight or curly', () => {
    expect(tokenize("I don't know, isn’t it ready?")).toEqual(['I', 'dont', 'know', 'isnt', 'it', 'ready']);
    expect(tokenize("we're sure they'll say I'd")).toEqual(['we', 'sure', 'they', 'say', 'I']);
    // A possessive is not a contraction: the name and its "s", as before.
    expect(tokenize("istio's sidecar")).toEqual(['istio', 's', 'sidecar']);
    // A name with an apostrophe inside is not cut at it.
    expect(tokenize("O'Reilly")).toEqual(['O', 'Reilly']);
    // "don't" is the stop word "dont": nothing is asked of a "don".
    expect(terms("i don't get istio")).toEqual(['istio']);
  });

  it('reads a word English has but rarely uses, one slip from a function word, as that word ("wich")', () => {
    // "wich" is in the word list (a surname), far rarer than "which".
    const [wich] = plan('wich mesh did they prefer').own.flatMap((g) => g.terms);
    expect(wich).toMatchObject({ term: 'wich', misspelt: true, frame: true });
  });

  it('keeps version numbers whole', () => {
    expect(tokenize('v1.14 and 1.0')).toEqual(['1.14', 'and', '1.0']);
  });
});
