import { describe, expect, it } from 'vitest';
import { answerQuestion, overviewAnswer } from '../../../src/core/answers/answer.js';
import { renderAnswer } from '../../../src/core/answers/blocks.js';
import { messageViolations } from '../../../src/core/answers/limits.js';
import { buildIndex } from '../../../src/core/search/search-index.js';
import type { Answer, Knowledge } from '../../../src/core/types.js';
import { loadKnowledge } from '../../../src/runtime/knowledge-files.js';
import { KNOWLEDGE_DIR, reportIndex } from '../../helpers.js';

const ask = async (q: string, context?: string) =>
  answerQuestion(await reportIndex(), q, context === undefined ? {} : { context });
const top = (a: Answer) => a.results[0]?.heading;

/** The report's index without the sections whose heading `drop` picks (from the knowledge and its note). */
async function reportWithout(drop: (heading: string) => boolean) {
  const one = await loadKnowledge(KNOWLEDGE_DIR);
  const sections = new Map([...one.sections].filter(([, s]) => !drop(s.heading)));
  const notes = one.notes.map((n) => ({ ...n, sections: n.sections.filter((s) => !drop(s.heading)) }));
  return buildIndex({ ...one, sections, notes });
}

/** The answer-quality issue's examples (each answered as the issue describes; the held-back sets are the measure). */
describe('questions the way people ask them', () => {
  it.each([
    ['what did the team think of istio?', 'Service Meshes'],
    ['is loki ready for production?', '2. The Logging Problem'],
    ['should we adopt gatekeeper', 'Wrap Up'],
    ['help me with istio', 'Service Meshes'],
    ['kubecon keynote', 'This Kubernetes Thing Might Catch On'],
    ['when was kubernetes 1.0 released?', 'This Kubernetes Thing Might Catch On'],
    ['psp', 'Service Meshes'],
    ['k8s history', 'This Kubernetes Thing Might Catch On'],
    ['otel', '3. Distributed Tracing'],
    ['prometheus at scle', '1. Prometheus at Scale'],
    ['sérvice mésh', 'Service Meshes'],
    ['linkred vs istio', 'Service Meshes'],
    ['pod security policy', 'Service Meshes'],
    ['who went to the conference?', 'Reflections on a trip to KubeCon/CloudNativeCon 2019'],
    ['following one request across services', '3. Distributed Tracing'],
    ['time series database', '1. Prometheus at Scale'],
    // The community is a theme of the report, discussed at length there, and only mentioned elsewhere.
    ['how was the community vibe', 'Any Stand-out Themes?'],
    // The trip: what the team hoped to bring back, the event's own page (which the introduction links),
    // how much the team leans on what the introduction says it uses.
    [
      'what did they hope to bring back from barcelona',
      'Reflections on a trip to KubeCon/CloudNativeCon 2019',
    ],
    [
      "where's the official website for the conference",
      'Reflections on a trip to KubeCon/CloudNativeCon 2019',
    ],
    ['how heavily does the team lean on kubernetes', 'Reflections on a trip to KubeCon/CloudNativeCon 2019'],
    // Stories of how things broke are the failure scenarios talks tell.
    ['kubernetes horror stories?', 'Wrap Up'],
    // What software leans on is no trip question: the introduction says what the team uses.
    ['what does kubernetes lean on', 'This Kubernetes Thing Might Catch On'],
  ])('answers %j from %s', async (q, heading) => {
    const answer = await ask(q);
    expect(answer.kind).toBe('sections');
    expect(top(answer)).toBe(heading);
  });

  it.each([
    'where is the team’s next offsite?',
    'helm charts for our deployments',
    'knative',
    'CNI plugins',
    'etcd backups',
    'hashicorp vault secrets',
    'what is the wifi password',
    'kubecon north america san diego highlights',
    // A proxy that meshes use, never named in the notes: a neighbour of service meshes, not a name for them.
    'what about envoy?',
  ])('declines %j: a near miss or chatter is not answered off-topic', async (q) => {
    expect((await ask(q)).declined).toBe(true);
  });

  it.each([
    'what were the highlights?',
    'takeaways',
    'summary',
    'tl;dr',
    'what did you learn',
    // Corporate words for lessons, a summary asked to be short, what came of the trip.
    'any key learnings from barcelona?',
    'can i get a quick summary',
    // A count says how to answer, not what about ("3", not the "3." of "3. Distributed Tracing").
    '3 bullet points on the trip',
    'what came out of kubecon',
    'which takeaways should we act on',
    'what tech should we look into',
    // tl;dr spelled out, "in short", what one needs to know.
    "too long didn't read version of the writeup",
    'the kubecon report in short?',
    'what should i know from the barcelona writeup',
    'kubecon in brief',
    // Whoever learnt it.
    'what did the author learn',
    'what did he learn at kubecon',
    // An adverb saying how long is no subject.
    'what are the main points, quickly',
    'sum up the trip briefly',
    // An emoji shortcode is a mood, not a subject.
    'give me the gist :sweat_smile:',
  ])('gives %j the overview', async (q) => {
    const answer = await ask(q);
    expect(answer.kind).toBe('overview');
    expect(answer.declined).toBe(false);
  });

  it('gives a request for the whole trip’s recommendations the overview, and one about a subject its sections', async () => {
    for (const q of ['any action items for us?', 'what are the next steps', 'recommendations?'])
      expect((await ask(q)).kind, q).toBe('overview');
    // The main lessons or things learned, asked of the whole trip.
    for (const q of [
      'main lessons from kubecon 19',
      'what were the main things you learned',
      'top 5 things from kubecon',
    ])
      expect((await ask(q)).kind, q).toBe('overview');
    expect(top(await ask('what do you recommend for logging'))).toBe('2. The Logging Problem');
    expect(top(await ask('what did the team learn about loki'))).toBe('2. The Logging Problem');
    // What to take away from the trip, for the team that wrote it up; not a take-away near the office.
    expect((await ask('what should the platform team take away from the conference')).kind).toBe('overview');
    expect(top(await ask('what did the platform team think of istio'))).toBe('Service Meshes');
    expect((await ask("what's the best take away near the office")).declined).toBe(true);
    // One that names a subject asks for that subject's section: none compares these two, so no overview.
    expect((await ask('jaeger vs zipkin recommendation?')).declined).toBe(true);
    // A name said in a clause about the asker is still the subject.
    expect(top(await ask('our team uses linkerd, any recommendations?'))).toBe('Service Meshes');
    // The asker's words and a kind of fact asked for name no subject: "for my EXEC update", "the tl;dr VERSION".
    expect((await ask('can someone recap the whole conference for my exec update')).kind).toBe('overview');
    // An everyday word the notes lack says what the overview is of, in other words: it names no subject.
    expect((await ask('quick summary of the conference findings')).kind).toBe('overview');
  });

  it('answers a question that describes a covered subject in everyday words (paraphrases)', async () => {
    for (const [q, heading] of [
      ['are we running on multiple clouds', 'Any Stand-out Themes?'],
      ['collect logs from all pods', '2. The Logging Problem'],
      // "log aggregation" is logging: the notes' word for it.
      ["is grafana's log aggregation any good", '2. The Logging Problem'],
      // Following a request is tracing; an app is an application (a clipped word, like prod).
      ['how do we follow one request from service to service', '3. Distributed Tracing'],
      ['searching our app output is a pain', '2. The Logging Problem'],
      // One provider or cloud, or spreading over several, is the multi-cloud and lock-in question.
      ['is it risky to depend on one cloud provider', 'Any Stand-out Themes?'],
      ['should we spread our services over two providers', 'Any Stand-out Themes?'],
      // Salesy is the notes' "sales-pitch-y".
      ['were the talks salesy', 'Any Stand-out Themes?'],
      // The expo hall's stands are the notes' "booths".
      ['what was the expo hall like', '2. The Logging Problem'],
      // The words a paraphrase stands for weigh less beside it: "stands" is no "Stand-out", "scaling" no
      // "Prometheus at Scale", once the question is read as booths, or autoscaling.
      ['which vendor stands were crowded', '2. The Logging Problem'],
      ['any talks on scaling pods up and down automatically?', 'Wrap Up'],
      ['crowds in the exhibition hall', '2. The Logging Problem'],
    ] as const)
      expect(top(await ask(q)), q).toBe(heading);
  });

  it('declines chatter that happens to contain a broad, trip or verdict phrase', async () => {
    for (const q of [
      'what should we do for lunch',
      'action items from the retro',
      'was the hotel worth it',
      'final verdict on helm',
      "what's the purpose of the trip to the dentist",
    ])
      expect((await ask(q)).declined, q).toBe(true);
  });

  it('reads a clause about the asker as the scene, not what is asked, and still declines what the question asks', async () => {
    expect((await ask("give me the gist of the report, i'm in a rush")).kind).toBe('overview');
    // "Just" opens a clause about what the asker has just done, its "I" left out; before a question word
    // it only stresses the question.
    expect((await ask('just joined - give me a quick overview of the trip report')).kind).toBe('overview');
    expect(top(await ask('just what was said about logging, in 3 bullets'))).toBe('2. The Logging Problem');
    // How short it should be asks for the overview too, or for a subject's section.
    expect((await ask('the conference in a few words please')).kind).toBe('overview');
    expect(top(await ask('loki in one sentence'))).toBe('2. The Logging Problem');
    expect((await ask("i'm a director and never read it - what did we learn at kubecon overall")).kind).toBe(
      'overview',
    );
    expect(top(await ask('our elasticsearch bill is huge, what did they say about loki'))).toBe(
      '2. The Logging Problem',
    );
    // So is a clause chat opens with its verb, leaving out "I'm": "TRYING to justify the budget".
    expect(top(await ask('trying to justify the budget, why did we go to kubecon?'))).toBe(
      'Reflections on a trip to KubeCon/CloudNativeCon 2019',
    );
    for (const q of [
      "i'm hungry, what should we do for lunch",
      'trying to find a dentist, any tips?',
      'we use helm for everything, any talks on it?',
      "i'm off sick today, can someone take my on-call shift?",
      'our jira board is a mess, any tips?',
    ])
      expect((await ask(q)).declined, q).toBe(true);
  });

  it('answers an overview named in one word whatever everyday words say what it is for', async () => {
    for (const q of ['give me a quick recap of the conference for a slide', 'my boss wants the gist'])
      expect((await ask(q)).kind, q).toBe('overview');
    // A word after the name says what of, unless a linking verb comes between: "the gist IS fine".
    expect((await ask('did they come back with recommendations? the gist is fine')).kind).toBe('overview');
    for (const q of ['any recommendations to eat?', 'recommendations - lunch'])
      expect((await ask(q)).declined, q).toBe(true);
    // A reply counted in bullets or lines names it too; so does a size before a name ("a ROUGH recap"), and
    // the people the asker answers to are the scene ("for MANAGEMENT").
    for (const q of [
      'takeaways for management as three bullet points',
      'a brief rundown of the trip for our wiki',
      'the report in 3 sentences for a slide',
      'a rough recap of kubecon please',
    ])
      expect((await ask(q)).kind, q).toBe('overview');
    expect(top(await ask('loki in 3 bullets'))).toBe('2. The Logging Problem');
    // So does what it is for: a document, an occasion, its readers ("for the NEWSLETTER").
    for (const q of [
      'summarise the conference for the internal newsletter',
      'tl;dr of the trip? need it for roadmap planning',
    ])
      expect((await ask(q)).kind, q).toBe('overview');
    // What the trip brought back, in other words: "the big picture", what "came out of" it, the areas covered.
    for (const q of [
      "what's the big picture from barcelona",
      'did anything useful come out of that conference',
      'which areas covered in the report matter to us',
    ])
      expect((await ask(q)).kind, q).toBe('overview');
    expect(top(await ask('anything good come out of the loki talk?'))).toBe('2. The Logging Problem');
    for (const q of ['hotels in barcelona in 3 bullets', 'in one line, what should we do for lunch'])
      expect((await ask(q)).declined, q).toBe(true);
    // A preposition of extent leads to what it is of: "conclusions ACROSS the whole report".
    expect((await ask('main conclusions across the whole report')).kind).toBe('overview');
    // A phrase that names it ("action items", "exec summary") is such a name; a question asking for it is not.
    for (const q of ['action items across all the talks', 'exec summary of the kubecon report pls'])
      expect((await ask(q)).kind, q).toBe('overview');
    // Not when such a word says what of ("RESTAURANT recommendations"), nor with a name the notes lack.
    for (const q of [
      'barcelona restaurant recommendations',
      'Recommendations for Lunch in Barcelona',
      'summary of the food',
      'recap of the helm talks for a slide',
    ])
      expect((await ask(q)).declined, q).toBe(true);
  });

  it('declines a request for hands-on steps the notes never name, and answers one for a judgement', async () => {
    expect((await ask('how do i write an opa policy for our clusters')).declined).toBe(true);
    expect((await ask('steps to install istio on gke')).declined).toBe(true);
    // The trip's next steps are its recommendations, not instructions.
    expect((await ask('what are the next steps to take')).kind).toBe('overview');
    expect(top(await ask('how do i choose between istio and linkerd'))).toBe('Service Meshes');
  });

  it('answers what a question asks besides what it sets aside', async () => {
    expect(top(await ask('so apart from istio what did they think of linkerd'))).toBe('Service Meshes');
    expect(top(await ask('ok besides the mesh stuff, how was tracing?'))).toBe('3. Distributed Tracing');
    expect(top(await ask('what other sessions did he go to besides mesh and observability?'))).toBe(
      'Wrap Up',
    );
    // "Beyond" and "on top of" set aside as "besides" does, when something is left to ask.
    expect(top(await ask('other sessions beyond mesh and observability?'))).toBe('Wrap Up');
    expect(top(await ask("what's beyond prometheus for long term storage"))).toBe('1. Prometheus at Scale');
    expect(top(await ask('on top of the logging stuff, how was tracing?'))).toBe('3. Distributed Tracing');
  });

  it('answers a recommendation about a kind of thing the notes cover with its section, not the overview', async () => {
    expect(top(await ask('what policy engine did they recommend'))).toBe('Wrap Up');
    // A practice is a kind too: policy as code is done with Open Policy Agent and Gatekeeper, which the
    // notes have, though they never write "code".
    expect(top(await ask('policy as code talks?'))).toBe('Wrap Up');
    // A frame word mistyped is still a frame word, not a missing subject.
    expect(top(await ask('gatekeeper recomendation'))).toBe('Wrap Up');
    // A long one two slips off too: a double letter missed and another doubled.
    expect(top(await ask('which would you reccomend for logs?'))).toBe('2. The Logging Problem');
    // A judging word's opposite judges too: "immature" frames the question as "mature" does.
    expect(top(await ask('is loki too immature to bet on'))).toBe('2. The Logging Problem');
  });

  it('answers a verdict question with the note’s conclusion, and a verdict on a subject with its section', async () => {
    for (const q of ['final verdict?', 'so was it worth going in the end?', 'bottom line on the conference'])
      expect(top(await ask(q)), q).toBe('Wrap Up');
    // Its excerpt is the summing-up, not the section's first passage (a last round of other tracks).
    expect((await ask('final verdict?')).results[0]?.excerpt).toMatch(
      /^All-in-all, it was a really fantastic/,
    );
    // A concluding section's usual heading asks for it as well.
    for (const q of ['closing thoughts on kubecon', 'any closing thoughts?'])
      expect(top(await ask(q)), q).toBe('Wrap Up');
    // Not a request for reading: slides are something to read ("link to the slides").
    expect((await ask('link to the slides')).declined).toBe(true);
    // The length or form the verdict should take frames it, as it does an overview.
    for (const q of [
      'was the conference worth it, one sentence verdict',
      'did they enjoy it in the end? one-line verdict for a quote',
    ])
      expect(top(await ask(q)), q).toBe('Wrap Up');
    expect(top(await ask('linkerd verdict'))).toBe('Service Meshes');
    expect(top(await ask('linkerd verdict in one sentence'))).toBe('Service Meshes');
    // Concluding, justifying and making sense judge a subject as a verdict does.
    expect(top(await ask('did they conclude linkerd is the way to go?'))).toBe('Service Meshes');
    expect(top(await ask('when is multi-cloud justified, and does it make sense for us'))).toBe(
      'Any Stand-out Themes?',
    );
  });

  it('answers a request for further reading with the note’s further-reading section, and one on a subject with its section', async () => {
    for (const q of [
      'where can i learn more?',
      'got any links to the longer write-ups',
      'further reading pls',
      // Indefinite words ("somewhere", "anyone") point at no subject the notes could lack.
      'is there a longer write-up somewhere',
      // Reading and "stuff" frame a question about the notes, as "anything" does.
      'is the writeup worth reading',
      'any deep dive on the barcelona stuff',
      // Everyday words that describe the reading, not a subject to read about.
      'link to the longer posts pls',
      "link to the author's personal blog",
      'is there a longer write up with more depth',
      // The author's other writing asks for it too.
      'did he write more posts on kubecon',
      'does the author have a personal website',
      // Said as "more writing", "more than this write-up", "written elsewhere".
      'is there any more writing from him on all this?',
      'is there more than just this write-up?',
      'has he written elsewhere on these topics',
    ])
      expect(top(await ask(q)), q).toBe('More Detail on Some of These Topics');
    expect(top(await ask('where can i read more about loki'))).toBe('2. The Logging Problem');
    // Reading about something the notes mention but have nothing more on is not a request for their links.
    expect((await ask('more info on the party')).declined).toBe(true);
    // A note without a further-reading section has none to give: declined, not some other section.
    const without = await reportWithout((heading) => heading.startsWith('More Detail'));
    expect(answerQuestion(without, 'where can i learn more?').declined).toBe(true);
  });

  it('answers what else the author went to with the section that mentions other talks', async () => {
    for (const q of [
      'what other talks did they go to',
      'what other tracks did you go to',
      // What an except word sets aside is not asked about; attending frames a question.
      'what other sessions did they attend besides mesh and observability',
      'what else did they go to apart from the service mesh talks',
      // Sitting in on a talk is attending it.
      'what other tracks did he sit in on',
    ])
      expect(top(await ask(q)), q).toBe('Wrap Up');
    // Other talks on a subject are that subject's section; so are its workshops and demos (the parts of
    // a conference frame a question, like talks: the notes need not say "workshop").
    expect(top(await ask('any other talks on loki'))).toBe('2. The Logging Problem');
    expect(top(await ask('were there any workshops on istio'))).toBe('Service Meshes');
    expect(top(await ask('did they see any demos of thanos'))).toBe('1. Prometheus at Scale');
    // A note whose sections never mention other talks has none to give: declined.
    const without = await reportWithout((heading) => heading === 'Wrap Up');
    expect(answerQuestion(without, 'what other talks did they go to').declined).toBe(true);
  });

  it('answers a trip question whose other words are everyday ones with the trip, not with a section', async () => {
    for (const q of [
      'why did we send people to KubeCon in the first place',
      // The notes' own names (event, location) are not a subject either.
      'why did we send people to KubeCon Barcelona in the first place?',
      // An abbreviation of the notes' names ("eu" for Europe) is one of their names.
      'which city was kubecon eu 2019 in',
      // A rare word one slip from a function word is that word misspelt: "wich" (a surname) is "which".
      'wich city was kubecon in',
      // So is their place, though no section says "Spain".
      'why did we send people to spain',
      // Asking what the trip was for.
      'what was the purpose of the trip?',
      'reason for the trip?',
      'why did we attend kubecon',
      'what was the goal of attending',
      // Where and when the event was held.
      'where was the conference held?',
      'when did it take place',
      // The idioms of a trip's purpose and of who went, and chat shorthand ("ppl", "conf").
      'why did the platform team go to kubecon?',
      // The notes' author ("JL&P platform engineering") is who went, not what the trip was about.
      'why did the platform team go to kubecon in the first place',
      'what did we hope to get out of the trip',
      'how many of us went to barcelona',
      'how many people from our side went to kubecon',
      // How many the team sent, or how many of its own went (not how many people attended).
      'how many engineers did we send to barcelona',
      'how many of ours made it to kubecon',
      // What justified sending them, as the reason or the point of it does.
      'what was the justification for sending people to kubecon',
      'whats the point of sending ppl to the conf',
      // When the trip was, how long ago, its background, and whether anyone besides the author went.
      'how long ago was the kubecon trip?',
      "what's the background to the trip?",
      'did anyone else go, or just the author?',
      // What the team that went uses, as its introduction says it ("a big user of Kubernetes here").
      'are we using kubernetes a lot?',
      'do we run kubernetes ourselves?',
      // An adverb says how, never what about.
      'how heavily are we using kubernetes',
      // How much the team relies on it, in other verbs.
      'do we rely on kubernetes a lot',
      'how dependent are we on k8s',
      // Going by its other verbs: flying, travelling, sending.
      'why did they fly to barcelona?',
      'what was the point of travelling to kubecon?',
      'did we send anyone to kubecon?',
      // The author abbreviated ("platform eng": JL&P platform engineering) is who went too.
      'why did platform eng go to kubecon?',
      // Its name typed without the ampersand ("JL&P").
      'who from jlp actually went to kubecon',
      // The asker saying who they are sets the scene.
      'engineering manager here: who went to barcelona?',
      // A word right before an event word says which event, not what about.
      'why did we send two people to a container conference?',
    ])
      expect(top(await ask(q)), q).toBe('Reflections on a trip to KubeCon/CloudNativeCon 2019');
    // What the introduction doesn't name is a subject of its own; so is what a trip phrase is spread
    // around ("how OLD was KUBERNETES at the time of the conference" has "how was the conference").
    expect(top(await ask('are we using istio'))).toBe('Service Meshes');
    expect(top(await ask('can we rely on loki in production'))).toBe('2. The Logging Problem');
    // Relying, said of something other than "us", asks something else.
    for (const q of ['what does it depend on', 'do the speakers rely on demos'])
      expect((await ask(q)).declined, q).toBe(true);
    expect((await ask('why is travel so expensive')).declined).toBe(true);
    // A trip question asking a fact the introduction doesn't give (a price) is no trip question; a year
    // is given by the note's date.
    for (const q of ['where was it held and what was the price', 'who went, and what was the pricing'])
      expect((await ask(q)).declined, q).toBe(true);
    expect(top(await ask('where was it held'))).toBe('Reflections on a trip to KubeCon/CloudNativeCon 2019');
    expect(top(await ask('why did we send people to the container talks'))).toBe(
      'This Kubernetes Thing Might Catch On',
    );
    expect(top(await ask('how old was kubernetes at the time of the conference'))).toBe(
      'This Kubernetes Thing Might Catch On',
    );
    // How many attended the conference is a number the notes don't give, not who of us went.
    expect((await ask('how many people attended kubecon barcelona')).declined).toBe(true);
    // Nor does it count or date what it doesn't name: how many clusters, which istio version we run.
    for (const q of ['how many clusters do we run in prod?', 'what istio version do we run in prod'])
      expect((await ask(q)).declined, q).toBe(true);
    expect(top(await ask('who went to the service mesh talks?'))).toBe('Service Meshes');
    expect(top(await ask('we held off on istio, was that right?'))).toBe('Service Meshes');
    // Only where or when an event was held: not data held, not a cloud host.
    expect(top(await ask('how long is our data held'))).toBe('1. Prometheus at Scale');
    expect(top(await ask('should we just stick with one cloud host'))).toBe('Any Stand-out Themes?');
  });

  it('answers when or where the event was with the trip, only when the question names nothing else', async () => {
    for (const q of [
      'when was kubecon barcelona',
      'where was kubecon eu 2019',
      'when was the barcelona trip',
      'kubecon dates',
      'what month was kubecon',
      // A frame word misspelt where its stem reads the same ("conferance": confer) is that word.
      'which month was the conferance',
      'conferance dates',
      // A word that only hedges ("exactly", "mainly") is no subject the notes lack.
      'when was the barcelona trip, exactly?',
      'where exactly was kubecon eu 2019?',
      // An edition is the event, as a conference is.
      'where was the 2019 edition held?',
    ])
      expect(top(await ask(q)), q).toBe('Reflections on a trip to KubeCon/CloudNativeCon 2019');
    expect(top(await ask('when was kubernetes 1.0 released?'))).toBe('This Kubernetes Thing Might Catch On');
    // A question that only names the notes asks for them.
    for (const q of ['kubecon barcelona', 'kubecon eu 2019']) expect((await ask(q)).kind, q).toBe('overview');
    expect((await ask('where can i read more')).kind).not.toBe('overview');
    for (const q of ['when is the next kubecon', 'when did we upgrade our clusters'])
      expect((await ask(q)).declined, q).toBe(true);
    // Another edition of the event is not the one the notes went to, even asked as a trip question.
    for (const q of [
      'where will the next kubecon be held?',
      'where did the inaugural conference take place',
      'when was the first edition of kubecon',
    ])
      expect((await ask(q)).declined, q).toBe(true);
    expect(top(await ask('the first kubecon: when was it, going by the timeline?'))).toBe(
      'This Kubernetes Thing Might Catch On',
    );
    expect(top(await ask('when was the party'))).not.toBe(
      'Reflections on a trip to KubeCon/CloudNativeCon 2019',
    );
  });

  it('declines to say who someone is when the notes name no one, even when the trip is asked about', async () => {
    // The introduction says "myself and a colleague": who went, but not the colleague's name.
    for (const q of [
      "what's the name of the colleague who went with you",
      'who was the colleague that went too',
    ])
      expect((await ask(q)).declined, q).toBe(true);
    expect(top(await ask('who went to the conference?'))).toBe(
      'Reflections on a trip to KubeCon/CloudNativeCon 2019',
    );
    // The history section names its keynote speaker.
    expect(top(await ask('who gave the keynote on the history of kubernetes?'))).toBe(
      'This Kubernetes Thing Might Catch On',
    );
    // Who built or created a thing asks for a maker too: the notes name none for M3 or Loki (only in links).
    for (const q of ['who built m3', 'who created loki originally?'])
      expect((await ask(q)).declined, q).toBe(true);
    expect(top(await ask('who created kubernetes'))).toBe('This Kubernetes Thing Might Catch On');
    // Who runs a thing asks who uses it, which a company's talk answers.
    expect(top(await ask('who runs istio in production'))).toBe('Service Meshes');
  });

  it('answers a question made only of frame words from those words ("the author’s own blog")', async () => {
    expect(top(await ask('does the author have his own blog'))).toBe('More Detail on Some of These Topics');
  });

  it('still answers a broad word about a named subject with that subject', async () => {
    expect(top(await ask('summary of the service mesh talks'))).toBe('Service Meshes');
  });
});

describe('follow-ups in a thread', () => {
  it.each([
    ['is it production ready?', 'what about loki', '2. The Logging Problem'],
    ['why?', 'should we adopt gatekeeper', 'Wrap Up'],
    ['and what did they think of it?', 'the prometheus scaling problem', '1. Prometheus at Scale'],
    // Everyday words the notes don't use ("wise") don't stop a follow-up being read with the thread.
    ['is that wise though?', 'are other companies doing multi-cloud', 'Any Stand-out Themes?'],
    ['and what version is it on now?', 'when was kubernetes 1.0', 'This Kubernetes Thing Might Catch On'],
  ])('reads %j with the earlier question %j', async (q, context, heading) => {
    const answer = await ask(q, context);
    expect(top(answer)).toBe(heading);
    expect(answer.readWith).toBe(context);
  });

  it('reads a follow-up that stands alone, alone', async () => {
    const answer = await ask('and linkerd?', 'what did the team think of loki?');
    expect(top(answer)).toBe('Service Meshes');
    expect(answer.readWith).toBeUndefined();
  });

  it('does not answer thanks with the earlier answer', async () => {
    expect((await ask('thanks!', 'what about loki')).declined).toBe(true);
  });

  it('does not read a follow-up that names something the notes lack with the thread', async () => {
    expect((await ask('did they cover knative?', 'service mesh talks')).declined).toBe(true);
    expect((await ask('is it on mtls?', 'service mesh talks')).declined).toBe(true);
  });

  it('asks a follow-up again, from its buttons, as it was read', async () => {
    const message = renderAnswer(await ask('is it production ready?', 'what about loki'), {
      controls: 'ephemeral',
    });
    expect(JSON.stringify(message.blocks)).toContain('what about loki is it production ready?');
  });
});

describe('dated answers', () => {
  it('says where and when the knowledge is from, in the answer and in its message', async () => {
    const answer = await ask('service mesh');
    expect(answer.results[0]?.source.when).toBe('KubeCon + CloudNativeCon Europe 2019, May 2019');
    expect(JSON.stringify(renderAnswer(answer).blocks)).toContain(
      '(KubeCon + CloudNativeCon Europe 2019, May 2019)',
    );
  });
});

describe('declines', () => {
  it('says the notes touch on a subject they name but do not answer, and have nothing on one they lack', async () => {
    const vague = await ask('policy');
    expect([vague.declined, vague.mentioned]).toEqual([true, true]);
    expect(renderAnswer(vague).text).toBe(
      'The team’s notes touch on “policy”, but nothing in them answers it clearly.',
    );
    // A word the notes lack, chatter of everyday words, or a typo: nothing about it.
    for (const q of ['helm charts', 'see you at standup', 'what time is it', 'linkred kafka', 'monitering']) {
      const answer = await ask(q);
      expect([answer.declined, answer.mentioned], q).toEqual([true, undefined]);
      expect(renderAnswer(answer).text, q).toContain('couldn’t find anything');
    }
  });

  it('says "did you mean" for a typo of a known word', async () => {
    // Alone, "linkred" is answered (a slip in a known word); beside a subject the notes lack it is not.
    expect((await ask('linkred')).declined).toBe(false);
    const answer = await ask('linkred kafka');
    expect(answer.didYouMean).toBe('Linkerd');
    expect(JSON.stringify(renderAnswer(answer).blocks)).toContain('Did you mean *Linkerd*?');
    // An everyday English word is what the asker meant, not a slip for a word of the notes.
    expect((await ask('helm chrat')).didYouMean).not.toBe('hell');
  });

  it('offers the corrected question as the first button of a private decline', async () => {
    const answer = await ask('linkred kafka');
    expect(answer.corrected).toBe('Linkerd kafka');
    const actions = renderAnswer(answer, { controls: 'ephemeral' }).blocks.find((b) => b.type === 'actions');
    const first = (actions?.elements as { action_id: string; value: string }[] | undefined)?.[0];
    expect(first?.action_id).toBe('ask_suggestion_typo');
    expect(JSON.parse(first?.value ?? '{}')).toEqual({ q: 'Linkerd kafka', i: 0 });
  });

  it('suggests the topics the question comes closest to, the same ones in the text and the buttons', async () => {
    const answer = await ask('fluent bit log shipping config');
    if (!answer.declined) return expect(answer.declined, 'expected a decline for this near miss').toBe(true);
    expect(answer.suggestions[0]).toBe('Logging');
    const message = renderAnswer(answer, { controls: 'ephemeral' });
    const buttons = message.blocks.flatMap((b) =>
      b.type === 'actions' ? (b.elements as { text: { text: string } }[]).map((e) => e.text.text) : [],
    );
    expect(buttons).toEqual(answer.suggestions);
    expect(JSON.stringify(message.blocks)).toContain(`Try asking about: ${answer.suggestions.join(', ')}`);
  });
});

describe('the overview', () => {
  it('shows one note’s themes and a button per section, inside Slack’s limits', async () => {
    const answer = await ask('highlights');
    const message = renderAnswer(answer);
    expect(messageViolations(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Themes: Service meshes');
    expect(text).toContain('"Service Meshes"');
    expect(text).toContain('tip_read_more_0');
  });

  it('lists the notes, newest first, when there are several', async () => {
    const one = await loadKnowledge(KNOWLEDGE_DIR);
    const other = {
      ...one.notes[0],
      id: 'other',
      title: 'KubeCon NA 2024 notes',
      date: '2024-11-12',
    } as Knowledge['notes'][number];
    const knowledge: Knowledge = { ...one, notes: [...one.notes, other] };
    const answer = overviewAnswer(knowledge, 'summary');
    expect(answer.overview?.map((n) => n.title)).toEqual(['KubeCon NA 2024 notes', one.notes[0]?.title]);
    const message = renderAnswer(answer);
    expect(messageViolations(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('open_overview_0');
    expect(buildIndex(knowledge).knowledge.notes).toHaveLength(2);
  });
});

describe('answers for scoring', () => {
  it('gives the same results without excerpts when asked (evaluate reads only the headings)', async () => {
    const index = await reportIndex();
    for (const q of ['service mesh', 'what did the team think of istio?', 'loki vs elk', 'highlights']) {
      const full = answerQuestion(index, q);
      const bare = answerQuestion(index, q, { excerpts: false });
      expect(
        bare.results.map((r) => r.heading),
        q,
      ).toEqual(full.results.map((r) => r.heading));
      expect({ ...bare, results: [] }, q).toEqual({ ...full, results: [] });
      // A section answer's excerpts are left out; an overview has its own, made as before.
      if (full.kind === 'sections') expect(bare.results.map((r) => r.excerpt).join(''), q).toBe('');
    }
    expect(answerQuestion(index, 'service mesh').results[0]?.excerpt).not.toBe('');
  });
});
