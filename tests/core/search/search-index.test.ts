import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildIndex,
  CONFIDENCE,
  matchQuality as quality,
  type SearchIndex,
  sideBySide,
} from '../../../src/core/search/search-index.js';
import { editDistance, inflectionBase, processTerm, respellings } from '../../../src/core/search/terms.js';
import { reportIndex } from '../../helpers.js';

/** The same knowledge indexed again with one more line at the end of the section whose heading includes `heading`. */
function withLine(index: SearchIndex, heading: string, line: string): SearchIndex {
  const { knowledge } = index;
  const sections = new Map(
    [...knowledge.sections].map(([id, s]) => [
      id,
      s.heading.includes(heading) ? { ...s, text: `${s.text}\n${line}` } : s,
    ]),
  );
  return buildIndex({ ...knowledge, sections });
}

/** The top hit's heading when the search is confident, else "declined". */
function headingOrDeclined(index: SearchIndex, q: string): string | undefined {
  const outcome = index.search(q);
  return outcome.confident ? outcome.hits[0]?.section.heading : 'declined';
}

describe('a misspelt everyday word the notes lack', () => {
  it('counts as that word, not as a name the notes lack', async () => {
    const index = await reportIndex();
    const answer = (q: string) => headingOrDeclined(index, q);
    // "worth" is an everyday word the notes don't use; "wroth" (and "worht") would be names they lack.
    expect(answer('is linkerd worth a try?')).toBe('Service Meshes');
    expect(answer('is linkerd wroth a try?')).toBe('Service Meshes');
    expect(answer('is linkerd worht a try?')).toBe('Service Meshes');
    expect(index.search('is linkerd worht a try?').unknownNames).toBe(0);
  });

  it('is no misspelling when the lexicon has the word: "mesos" is not "mess"', async () => {
    const index = await reportIndex();
    expect(headingOrDeclined(index, 'did mesos lose the orchestration wars to kubernetes?')).toBe('declined');
  });
});

describe('prepositions and conjunctions', () => {
  it('are grammar, not a subject the notes lack', async () => {
    const index = await reportIndex();
    expect(processTerm('via')).toBeNull();
    const without = index.search('gatekeeper for policy enforcement').unknown;
    for (const w of ['via', 'regarding', 'whether', 'despite', 'amongst', 'whilst', 'per'])
      expect(index.search(`gatekeeper ${w} policy enforcement`).unknown, w).toBe(without);
    // Counted as missing, "unlike" outweighed the one word the question shares with the section.
    expect(headingOrDeclined(index, 'are prometheus servers unlike other pods in size')).toBe(
      '1. Prometheus at Scale',
    );
    // Words that say where or when still count: "behind" is the notes' word ("behind ... Linux").
    expect(processTerm('behind')).not.toBeNull();
  });
});

describe('chat shorthand', () => {
  it('frames a message; it is no name the notes lack', async () => {
    const index = await reportIndex();
    const plain = index.search('is loki worth trying');
    for (const w of ['ngl', 'fwiw', 'wdyt', 'tbf', 'lemme know', 'gonna', 'etc'])
      expect(index.search(`${w} is loki worth trying`).unknown, w).toBe(plain.unknown);
    expect(headingOrDeclined(index, 'ngl is loki worth trying')).toBe('2. The Logging Problem');
    expect(headingOrDeclined(index, 'fwiw what did they make of linkerd')).toBe('Service Meshes');
  });
});

describe('a pair of subjects ("between X and Y")', () => {
  it('is answered only by a section naming both', async () => {
    const index = await reportIndex();
    expect(headingOrDeclined(index, "what's the difference between jaeger and zipkin for tracing?")).toBe(
      'declined',
    );
    expect(headingOrDeclined(index, 'how do they choose between linkerd and istio')).toBe('Service Meshes');
  });
});

describe('compounds', () => {
  it('finds a hyphenated compound of the notes written as one word', async () => {
    const index = await reportIndex();
    const answer = (q: string) => headingOrDeclined(index, q);
    for (const q of ['standout themes', 'any standout talks'])
      expect(answer(q), q).toBe('Any Stand-out Themes?');
    expect(answer('backwardscompatible')).toBe('3. Distributed Tracing');
    // The question's own hyphenated words are its words, as before.
    expect(answer('stand-out themes')).toBe('Any Stand-out Themes?');
  });
});

describe('ranking', () => {
  it('puts a section about the topic the question names before one matching its everyday words', async () => {
    const index = await reportIndex();
    const top = (q: string) => index.search(q).hits[0]?.section.heading;
    // "rough", "time" and "production" are all in the history section; istio names service meshes.
    expect(top('did anyone else have a rough time with istio in production?')).toBe('Service Meshes');
    expect(top('rough timeline of kubernetes')).toBe('This Kubernetes Thing Might Catch On');
    // "mesh" alone names service meshes (an alias in knowledge/topics.yml).
    expect(top('is there finally a common API that all the mesh products agree on?')).toBe('Service Meshes');
  });
});

describe('names said in pieces', () => {
  it('joins a name dictation split in two, or spelt out a letter at a time', async () => {
    const index = await reportIndex();
    const answer = (q: string) => headingOrDeclined(index, q);
    expect(index.search('why did they go to cube con').terms).toContain('cubecon');
    expect(answer('what is s m i')).toBe('Service Meshes');
    // An "a" or "i" beside the letters is a word of the sentence; capitals join as lower case.
    expect(index.search('do we need a s m i').terms).toEqual(['smi']);
    expect(index.search('is it a c n c f project').terms).toEqual(['cncf', 'project']);
    expect(index.search('Cube Con keynotes').terms).toEqual(index.search('cube con keynotes').terms);
    // Two words the notes both have stay apart; a word with a short one beside it is not a split name.
    expect(index.search('service mesh').terms).toEqual(['servic', 'mesh']);
    expect(index.search('backwards compatible').terms).toEqual(['backward', 'compat']);
    // One of them no English word, joined into a word the sections say as written; not a link's address.
    expect(index.search('where was kube con').terms).toEqual(['kubecon']);
    expect(index.search('smi spec').terms).toEqual(['smi', 'spec']);
    for (const q of ['jaeger vs zipkin', 'datadog pricing', 'opentracing vs opencensus'])
      for (const t of index.search(q).terms)
        expect(t.length, `${q}: ${t}`).toBeLessThanOrEqual(Math.max(...q.split(' ').map((w) => w.length)));
  });

  it('reads a word of the notes with a number run on as the word and the number ("kubecon19")', async () => {
    const index = await reportIndex();
    expect(index.search('key takeaways kubecon19').terms).toEqual(
      index.search('key takeaways kubecon 19').terms,
    );
    expect(index.search('kubecon2019 highlights').terms).toEqual(['kubecon', '2019']);
    expect(headingOrDeclined(index, 'istio1.1 upgrade problems')).toBe('declined');
    // A name the notes have with its number stays whole; a word the notes lack is not cut.
    expect(index.search('m3 at uber').terms).toEqual(['m3', 'uber']);
    expect(index.search('what is abc123').terms).toEqual(['abc123']);
    // One digit is part of a name ("cloud9"); a number is not cut from what follows it ("abc1.2x").
    expect(index.search('what about cloud9').terms).toEqual(['cloud9']);
    expect(index.search('kubecon1.2x').terms).not.toContain('kubecon');
  });

  it('reads a CamelCase name the notes have whole, as it is written in lower case ("KubeCon")', async () => {
    const index = await reportIndex();
    // Its parts ("kube" begins "kubernetes") made the capitalised question the confident one.
    expect(index.search('Where and when is the next KubeCon Europe?').terms).toEqual(
      index.search('where and when is the next kubecon europe?').terms,
    );
    expect(headingOrDeclined(index, 'Where and when is the next KubeCon Europe?')).toBe(
      headingOrDeclined(index, 'where and when is the next kubecon europe?'),
    );
    expect(index.search('what about OpenTelemetry').terms).toEqual(['opentelemetri']);
    // A name the notes lack whole is still read in its parts.
    expect(index.search('PodSecurityPolicies and NetworkPolicy').terms).toEqual(
      expect.arrayContaining(['network', 'polici']),
    );
  });
});

describe('the confidence rule', () => {
  it.each([
    'kafka',
    'banana',
    'react hooks',
    'mongodb sharding',
    'which api gateway should we use',
    'helm chart best practices',
    'blue green deployments',
    // A product of the field the notes lack, next to one they cover: a near miss, not the covered one.
    'nomad vs kubernetes?',
    'should we use falco with gatekeeper',
    '???',
    '',
  ])('declines %j instead of answering with an unrelated section', async (query) => {
    const outcome = (await reportIndex()).search(query);
    expect(outcome.confident).toBe(false);
  });

  it.each([
    ['istoi', 'Service Meshes'],
    ['obervability', 'Observability'],
    ['promethues', '1. Prometheus at Scale'],
    ['OpenTelemetry', '3. Distributed Tracing'],
  ])('forgives typos and knows synonyms: %j finds %s', async (query, heading) => {
    const outcome = (await reportIndex()).search(query);
    expect(outcome.confident).toBe(true);
    expect(outcome.hits[0]?.section.heading).toBe(heading);
  });

  it('reads a heading without its list number, and a count as a detail, not a subject the notes lack', async () => {
    const index = await reportIndex();
    // "3. Distributed Tracing" is about tracing: "3" is no word of it.
    expect(index.search('3').hits).toEqual([]);
    expect(index.search('top 5 takeaways').unknown).toBe(0);
    // A year or a release the notes lack is a near miss.
    expect(index.search('kubecon 2021').unknown).toBeGreaterThan(0);
  });

  it('counts a misspelt name as found, not as partly missing', async () => {
    const outcome = (await reportIndex()).search('our promethues setup');
    expect(outcome.unknown).toBeLessThanOrEqual(0.6);
    expect(outcome.confident).toBe(true);
  });

  it('looks a word the notes have up as it is first, not for typos ("content" is not "convent")', async () => {
    const index = await reportIndex();
    expect(new Set(index.search('content').hits.flatMap((h) => h.matchedTerms))).toEqual(
      new Set(['content']),
    );
  });

  it('never reads a word the notes have, or a word of the field, as a typo of another', async () => {
    const index = await reportIndex();
    // "cloud" is the notes' word, in either pass: not "close" (the tracing section's) nor "crowd".
    const cloud = index.search('cloud providers');
    expect(cloud.hits.flatMap((h) => h.matchedTerms)).not.toContain('close');
    expect(cloud.hits[0]?.section.heading).not.toBe('3. Distributed Tracing');
    // "stateful", a word the lexicon knows, is a subject the notes lack, not "stand" or "stale".
    const stateful = index.search('stateful');
    expect(stateful.confident).toBe(false);
    expect(stateful.hits.flatMap((h) => h.matchedTerms)).not.toContain('stand');
  });

  it('weighs a rare word that names the subject above an everyday word the notes also use', async () => {
    const outcome = (await reportIndex()).search('what does the team think of loki');
    expect(outcome.hits[0]?.section.heading).toBe('2. The Logging Problem');
  });

  it('does not let an everyday word the notes lack sink a question that names its subject', async () => {
    for (const q of ['is loki mature', 'should we adopt gatekeeper', 'linkerd verdict'])
      expect((await reportIndex()).search(q).confident, q).toBe(true);
  });

  it('does not let an inflected everyday word the notes lack sink a question that names its subject', async () => {
    const index = await reportIndex();
    for (const q of ['is thanos the cheapest option', 'linkerd was simplest']) {
      const outcome = index.search(q);
      expect(outcome.unmatched, q).toHaveLength(1);
      expect(outcome.confident, q).toBe(true);
    }
  });

  it('counts a rare word the notes lack against the answer', async () => {
    const outcome = (await reportIndex()).search('kubernetes on knative');
    expect(outcome.unknown).toBeGreaterThan(0.5);
    expect(outcome.confident).toBe(false);
  });

  it('counts a subject the lexicon knows but the notes lack as a near miss, more than a stray word', async () => {
    const index = await reportIndex();
    const field = index.search('rbac for our clusters');
    const stray = index.search('zxqv for our clusters');
    expect(field.plan.own[0]?.terms[0]?.field).toBe(true);
    expect(field.unknown).toBeGreaterThan(stray.unknown);
    expect(field.confident).toBe(false);
  });

  it('answers from the full form of an abbreviation over a section that shares only its everyday word', async () => {
    const outcome = (await reportIndex()).search('opa worth adopting?');
    expect(outcome.hits[0]?.section.heading).toBe('Wrap Up');
  });

  it('reads a gut feeling as an opinion, and swag as what the notes call stickers', async () => {
    const index = await reportIndex();
    expect(headingOrDeclined(index, "what's the author's gut feeling on which mesh we'll land on")).toBe(
      'Service Meshes',
    );
    expect(
      headingOrDeclined(index, 'were the crowded booths genuine interest or just people after swag?'),
    ).toBe('2. The Logging Problem');
    expect(headingOrDeclined(index, 'my gut says helm is fine')).toBe('declined');
  });

  it('reads a chronology and a container scheduler in the notes’ words (timeline, orchestration)', async () => {
    const index = await reportIndex();
    expect(
      headingOrDeclined(
        index,
        'Who delivered the keynote recounting the chronology of the Kubernetes project?',
      ),
    ).toBe('This Kubernetes Thing Might Catch On');
    // A container scheduler is what the notes call container orchestration.
    expect(
      headingOrDeclined(
        index,
        "what's the lineage of the container scheduler we run on, where did it come from?",
      ),
    ).toBe('This Kubernetes Thing Might Catch On');
  });

  it('reads chat shorthand for time as the everyday word it is ("yr": year)', async () => {
    const index = await reportIndex();
    expect(headingOrDeclined(index, 'what yr did CRDs come in')).toBe('This Kubernetes Thing Might Catch On');
    expect(headingOrDeclined(index, 'budget for kubecon next yr?')).toBe('declined');
  });

  it('reads a word for an overview’s length as framing only an overview question ("brief")', async () => {
    const index = await reportIndex();
    // The notes say "The announcement was brief": outside an overview question, "brief" is a word.
    const frame = (q: string, word: string) =>
      index
        .search(q)
        .plan.own.flatMap((g) => g.terms)
        .find((t) => t.word === word)?.frame;
    expect(frame('was the announcement brief', 'brief')).toBe(false);
    expect(frame('summarise the loki talk briefly', 'briefly')).toBe(true);
  });

  it('reads a word pointing at a part of the notes as framing the question, not as its subject', async () => {
    const index = await reportIndex();
    expect(headingOrDeclined(index, 'dump the logging section')).toBe('2. The Logging Problem');
    expect(headingOrDeclined(index, 'paste the tracing paragraph')).toBe('3. Distributed Tracing');
    expect(headingOrDeclined(index, 'what section is about the weather')).toBe('declined');
  });

  it('answers a full form written out from a section that has only its abbreviation', async () => {
    const index = await reportIndex();
    for (const q of [
      'when was the cloud native computing foundation formed',
      'In which year was the Cloud Native Computing Foundation established?',
    ])
      expect(headingOrDeclined(index, q), q).toBe('This Kubernetes Thing Might Catch On');
    // A full form the notes write out is still found as written.
    expect(headingOrDeclined(index, 'what did they say about open policy agent')).toBe('Wrap Up');
  });

  it('reads a request for a quote or a tagline as asking what the notes say, not for a subject they lack', async () => {
    const index = await reportIndex();
    for (const q of ["what was loki's tagline that the author liked", 'any quotable line on loki?'])
      expect(headingOrDeclined(index, q), q).toBe('2. The Logging Problem');
  });

  it('reads chat shorthand for an everyday word the notes spell out ("orgs": organisations)', async () => {
    const index = await reportIndex();
    for (const q of [
      'what challenges do other orgs have that we have too',
      'did other orgs start where we did',
    ])
      expect(headingOrDeclined(index, q), q).toBe('Any Stand-out Themes?');
    // "PRs" are pull requests; a single "PR" is as often a colleague's own change.
    expect(headingOrDeclined(index, 'where does k8s rank on github for PRs')).toBe(
      'This Kubernetes Thing Might Catch On',
    );
    expect(headingOrDeclined(index, 'can someone review my PR pls')).toBe('declined');
  });

  it('does not count an everyday word as a near-miss subject because a lexicon phrase starts with it', async () => {
    const outcome = (await reportIndex()).search('where can I read more on these topics?');
    expect(outcome.confident).toBe(true);
    expect(outcome.hits[0]?.section.heading).toBe('More Detail on Some of These Topics');
  });

  it('matches numbers exactly: 2019 is not 2018, 1.15 is not 1.14', async () => {
    const index = await reportIndex();
    for (const [q, other] of [
      ['2019', '2018'],
      ['1.15', '1.14'],
    ] as const) {
      const outcome = index.search(q);
      expect(outcome.hits.flatMap((h) => h.matchedTerms)).not.toContain(other);
    }
    expect(quality({ term: '2019', english: false }, '2018')).toBe(0);
    expect(quality({ term: '2019', english: false }, '20190')).toBe(0);
  });

  it('counts a year or release the notes lack as the subject of a near miss, a count as a detail', async () => {
    const index = await reportIndex();
    for (const q of ['when is kubecon 2020?', "what's new in kubernetes 1.15"])
      expect(index.search(q).confident, q).toBe(false);
    for (const q of [
      'when was kubernetes 1.0 released?',
      'kubecon 2019 service mesh',
      'top 3 service mesh lessons',
    ])
      expect(index.search(q).confident, q).toBe(true);
  });

  it('answers a request for instructions only from a section that names the action', async () => {
    const index = await reportIndex();
    expect(index.search('how do we scale prometheus?').confident).toBe(true);
    expect(index.search('how do i enable mtls in istio').confident).toBe(false);
    expect(index.search('how do i configure thanos retention').confident).toBe(false);
    expect(index.search('thanos retention').confident).toBe(true);
  });

  it('answers a question asking for an amount only from a section that names what is measured', async () => {
    const index = await reportIndex();
    // The report names thanos and prometheus, but never RAM or memory.
    for (const q of ['how much ram do our thanos nodes need', 'how much memory prometheus uses'])
      expect(index.search(q).confident, q).toBe(false);
    // It names pull requests; what follows them, a small word, a frame word, a number or a name of the
    // notes is not what is measured.
    for (const q of [
      'how many pull requests does kubernetes get',
      'how many pull requests kubernetes gets',
      'how many kubecon 2019 talks on loki',
      'how many of us went to the loki talks',
      'how many talks on thanos were there',
      // "holding data for 45 days": a count next to what is counted.
      'how many days of data does prometheus keep',
    ])
      expect(index.search(q).confident, q).toBe(true);
    // Named is not counted: a sentence must give a number of it ("number 2 on Pull Requests"), not a year
    // ("2016 - Kubernetes SIGs came into being"); nor is a number of something else in the sentence one.
    for (const q of [
      'how many SIGs does kubernetes have',
      'how many service meshes are there',
      'how many github stars does kubernetes have',
    ])
      expect(index.search(q).confident, q).toBe(false);
  });

  it('answers a question asking for a kind of fact (a price) only from a section that gives one', async () => {
    const index = await reportIndex();
    // The report names datadog and thanos, but never a price.
    for (const q of [
      'datadog pricing',
      'what is the price of thanos',
      'any pricing info for m3',
      // A cost is a price: what running a product costs is a figure the notes don't give.
      'what would cortex cost us per month',
      'thanos vs m3 running costs',
    ])
      expect(index.search(q).confident, q).toBe(false);
    // …unless the question asks whether it is worth it: a verdict, not a price.
    for (const q of [
      'datadog',
      'thanos',
      'is thanos the cheapest option',
      'is multi cloud worth the cost',
      'is istio worth the cost?',
    ])
      expect(index.search(q).confident, q).toBe(true);
    // So is a licence: the notes never give one.
    expect(index.search('is thanos apache licensed').confident).toBe(false);
    // And a benchmark: the notes compare Thanos and Cortex in words, never in measurements.
    expect(index.search('thanos benchmark numbers vs cortex').confident).toBe(false);
    // And a schedule: only a section that dates things (a year) says when something ships.
    for (const q of ['when is the istio operator going GA', 'gatekeeper rollout timeline', 'loki roadmap'])
      expect(index.search(q).confident, q).toBe(false);
    // A question opening "when will", "when is"… asks for a date whatever its words; "when does it make
    // sense" asks in which circumstances.
    for (const q of [
      'when will linkerd be rolled out here?',
      'when is the loki switch happening',
      'since when do we run istio on gke',
    ])
      expect(index.search(q).confident, q).toBe(false);
    for (const q of [
      'when does going multi-cloud make sense',
      'when do we need a service mesh',
      'when is istio better than linkerd',
    ])
      expect(index.search(q).confident, q).toBe(true);
    expect(index.search('when does going multi-cloud make sense').hits[0]?.section.heading).toBe(
      'Any Stand-out Themes?',
    );
    // "what time series database": a name, not a time.
    expect(index.search('what time series database did they recommend').plan.facts).toEqual([]);
    for (const q of [
      'when did kubernetes go GA',
      'k8s history timeline',
      'when did cgroups arrive in linux',
    ]) {
      const { confident, hits } = index.search(q);
      expect([confident, hits[0]?.section.heading], q).toEqual([
        true,
        'This Kubernetes Thing Might Catch On',
      ]);
    }
    // And retention: given by a duration, as the Prometheus section's "45 days"; the logging one has none.
    for (const q of [
      'how long loki keeps the logs, retention',
      "what's the retention on our elasticsearch logs?",
    ])
      expect(index.search(q).confident, q).toBe(false);
    expect(index.search('prometheus retention').hits[0]?.section.heading).toBe('1. Prometheus at Scale');
    expect(index.search('prometheus retention').confident).toBe(true);
    const kept = new Map(
      [...index.knowledge.sections].map(([id, s]) => [
        id,
        s.heading.includes('Logging') ? { ...s, text: `${s.text}\nWe keep logs for 2 yrs.` } : s,
      ]),
    );
    expect(buildIndex({ ...index.knowledge, sections: kept }).search('loki retention').confident).toBe(true);
    // Words that ask for a fact as often as they mean something else are no facts.
    for (const q of [
      'prometheus storage settings',
      'setting up istio with psp',
      'kubernetes history memory lane',
      // "Roadmap" is as often ours (a plan) as a product's schedule.
      'istio or linkerd for our roadmap?',
    ])
      expect(index.search(q).plan.facts, q).toEqual([]);
    // The same question is answered once a section names a price.
    const outcome = withLine(index, 'Logging', "Datadog's pricing is per host.").search('datadog pricing');
    expect(outcome.confident).toBe(true);
    expect(outcome.hits[0]?.section.heading).toBe('2. The Logging Problem');
    // A schedule is given by a year too: a section that dates the operator says when it ships.
    const dated = withLine(index, 'Service Meshes', 'The Istio operator is due in 2020.');
    expect(dated.search('when is the istio operator going GA').confident).toBe(true);
  });

  it('answers who someone is only from a section that names a person', async () => {
    const index = await reportIndex();
    // The mesh and logging sections link their talks but never name a speaker; the history section
    // names Janet Kuo. Capitalised words that are no one ("Star Trek", "Elastic Stack") are no names.
    for (const q of [
      'who gave the linkerd talk',
      'who was the speaker on smi',
      'who presented the loki talk?',
      'whos the speaker for the thanos talk',
      'who maintains thanos',
      // Who announced, introduced or showed something asks for a person too.
      'who demoed linkerd',
      'who introduced the opentracing and opencensus merge',
    ])
      expect(index.search(q).confident, q).toBe(false);
    for (const q of [
      'who gave the kubernetes history keynote',
      'which speaker did the kubernetes timeline',
      'who announced the kubernetes timeline in the keynote',
    ]) {
      const outcome = index.search(q);
      expect(outcome.confident, q).toBe(true);
      expect(outcome.hits[0]?.section.heading, q).toBe('This Kubernetes Thing Might Catch On');
    }
    expect(index.search('what did the linkerd talk say').confident).toBe(true);
    const withText = (extra: string) => withMeshText(index, extra).search('who gave the linkerd talk');
    expect(withText('The Linkerd talk was by Oliver Gould.').confident).toBe(true);
    expect(withText('We watched it with Pull Requests and Star Trek open.').confident).toBe(false);
  });

  it('answers a version question only from a section that names a version number', async () => {
    const index = await reportIndex();
    // The history section gives one (v1.14, 1.0); the mesh section names istio and GKE, never a version.
    for (const q of [
      'what istio version are we on',
      'which gke version do we use',
      'latest version of linkerd',
    ])
      expect(index.search(q).confident, q).toBe(false);
    for (const q of [
      'what kubernetes version was current then',
      'k8s version at the time of the conference',
      // The word itself is the fact rule's to judge: a version number gives it.
      'latest k8s version mentioned',
    ]) {
      const outcome = index.search(q);
      expect(outcome.confident, q).toBe(true);
      expect(outcome.hits[0]?.section.heading, q).toBe('This Kubernetes Thing Might Catch On');
    }
    // A section gives it once it names a version number, not a year or a count.
    const withText = (extra: string) => withMeshText(index, extra).search('what istio version are we on');
    expect(withText('We run Istio 1.1.7 on GKE.').confident).toBe(true);
    expect(withText('We have run Istio on GKE since 2018, on 3 clusters.').confident).toBe(false);
  });

  it('answers a request for steps only from a section that has them', async () => {
    const index = await reportIndex();
    // The report names linkerd, gatekeeper and thanos, but never how to install or set them up.
    for (const q of ['step by step install of linkerd', 'gatekeeper tutorial', 'how do we set up thanos'])
      expect(index.search(q).confident, q).toBe(false);
    // Installing or setting up, not asked how: experience, plans, a current set-up.
    for (const q of ['linkerd', 'any trouble installing istio?', 'our current prometheus set up'])
      expect(index.search(q).confident, q).toBe(true);
    // Nor a working example to copy, either way round: the report names Rego and Thanos, never shows one.
    for (const q of ['an example rego policy for gatekeeper', 'thanos sidecar config example'])
      expect(index.search(q).confident, q).toBe(false);
    const guide = withLine(index, 'Service Meshes', 'A step by step guide: run its CLI.');
    expect(guide.search('step by step install of linkerd').confident).toBe(true);
  });

  it('answers what something is called only from a section that names something the question does not', async () => {
    const index = await reportIndex();
    // The tracing section says OpenTracing and OpenCensus are joining together, never what as.
    for (const q of [
      'what is the opentracing + opencensus merger called now',
      'name of the project open tracing and open census became?',
    ])
      expect(index.search(q).confident, q).toBe(false);
    // A section naming another thing answers: Borg, M3, Loki.
    expect(headingOrDeclined(index, 'what was the google system before kubernetes called')).toBe(
      'This Kubernetes Thing Might Catch On',
    );
    expect(headingOrDeclined(index, "what's the name of uber's metrics platform")).toBe(
      '1. Prometheus at Scale',
    );
    // Asked of a name, not for one.
    expect(headingOrDeclined(index, 'why is it called project 7')).toBe(
      'This Kubernetes Thing Might Catch On',
    );
    // Not a name: the first word of a sentence ("We", "So"), or "I'm".
    const opening = withLine(index, 'Distributed Tracing', 'Together they make up one project.');
    expect(opening.search('what is the opentracing + opencensus merger called now').confident).toBe(false);
    const named = withLine(index, 'Distributed Tracing', 'The merged project is OpenTelemetry.');
    expect(headingOrDeclined(named, 'what is the opentracing + opencensus merger called now')).toBe(
      '3. Distributed Tracing',
    );
  });

  it('answers a request for details only from a section that says more of the subject than its name', async () => {
    const index = await reportIndex();
    // The wrap-up lists these talks among others and says nothing more of them.
    for (const q of [
      'what were the weird failure scenarios exactly',
      'key points from the dynamic pod autoscaling session?',
      'how does multi-cluster ingress work',
      'what did the custom deployment controller talk conclude',
      'any gotchas with dynamic pod autoscaling?',
      'limitations of the custom deployment controller',
    ])
      expect(index.search(q).confident, q).toBe(false);
    // A sentence's first part is what the rest is said of: "2016 - Kubernetes SIGs came into being, …".
    expect(headingOrDeclined(index, 'what exactly happened in 2016')).toBe(
      'This Kubernetes Thing Might Catch On',
    );
    // "Any specific sessions on…" asks whether there were any.
    expect(headingOrDeclined(index, 'were there any specific sessions on pod autoscaling')).toBe('Wrap Up');
    // That they came up is what it says: asked that, it answers.
    for (const q of [
      'anything on pod autoscaling?',
      'was there a multi-cluster ingress session',
      'failure scenarios',
    ])
      expect(headingOrDeclined(index, q), q).toBe('Wrap Up');
    // An item with more to it says something of it; a subject said of elsewhere too is not only listed.
    expect(headingOrDeclined(index, 'did they recommend gatekeeper')).toBe('Wrap Up');
    expect(headingOrDeclined(index, 'what exactly did they say about loki')).toBe('2. The Logging Problem');
    // A sentence of its own about the subject is more than its name.
    const said = withLine(index, 'Wrap Up', 'The failure scenarios were mostly etcd running out of disk.');
    expect(said.search('what were the failure scenarios exactly').confident).toBe(true);
  });

  it('answers a comparison only from a section that names both of its subjects', async () => {
    const index = await reportIndex();
    // The tracing section is about jaeger and zipkin's topic but names neither; the logging one never
    // names fluentd. A side written short counts by its full words (ELK: elasticsearch…), a typo as a typo.
    // A side named in several words the lexicon knows ("fluent bit") is a name, though "fluent" is English.
    for (const q of [
      'jaeger vs zipkin',
      'jaeger versus zipkin',
      // A choice between two names is a comparison too.
      'jaeger or zipkin, which did they pick?',
      'loki compared to splunk',
      'fluentd vs fluent bit',
      // The history section has "star" and "start", no typo for the English "swarm".
      'docker swarm vs kubernetes',
    ])
      expect(index.search(q).confident, q).toBe(false);
    for (const q of [
      'linkerd vs istio',
      'linkred vs istio',
      'ELK vs loki',
      'loki versus elastic',
      'elastic stack vs loki',
      'should we go with istio or linkerd?',
    ])
      expect(index.search(q).confident, q).toBe(true);
    expect(index.search('jaeger').confident).toBe(true);
    // A misspelt small word beside a comparison word is no side: both names are still compared.
    for (const q of ['linkerd vs wich zipkin', 'loki vs thier jaeger'])
      expect(index.search(q).confident, q).toBe(false);
    // A side one letter from a function word ("thanos", "thanks") is the name the notes have.
    for (const q of ['cortex or thanos for long-term metrics?', 'm3 vs thanos for retention']) {
      const found = index.search(q);
      expect(found.confident, q).toBe(true);
      expect(found.hits[0]?.section.heading, q).toBe('1. Prometheus at Scale');
    }
    // Names joined by "&" that the notes don't have as one are read apart; theirs stay whole.
    expect(index.search('istio&linkerd - which one?').hits[0]?.section.heading).toBe('Service Meshes');
    expect(index.search('what did 1&1 talk about').hits[0]?.section.heading).toBe('Service Meshes');
    expect(index.search('kubernetes today vs when it launched?').confident).toBe(true);
    // The same question is answered once a section names both.
    const both = withLine(index, 'Tracing', 'Jaeger and Zipkin both store traces.');
    expect(both.search('jaeger vs zipkin').confident).toBe(true);
  });

  it('knows the words of a paraphrase the notes have, but not a neighbour’s', async () => {
    const index = await reportIndex();
    // "anniversary" means birthday (a paraphrase), which the notes have: nothing is missing.
    expect(index.search('kubernetes anniversary party').unknown).toBe(0);
    // "dashboards" is a neighbour of grafana and monitoring, not the same thing: the notes still lack it.
    expect(index.search('grafana dashboards').unknown).toBeGreaterThan(0.5);
    // What a team prioritises is its "area of focus", in the notes' words.
    for (const q of ['did they prioritise observability', 'why prioritize o11y sessions']) {
      const { confident, hits } = index.search(q);
      expect([confident, hits[0]?.section.heading], q).toEqual([true, 'Observability']);
    }
    // A call chain, or a call's path hop by hop, is what distributed tracing follows.
    for (const q of [
      'how have our call chains changed recently',
      'hop by hop visibility through our microservice calls',
    ]) {
      const { confident, hits } = index.search(q);
      expect([confident, hits[0]?.section.heading], q).toEqual([true, '3. Distributed Tracing']);
    }
    // The expo is its booths, and a platform's guardrails its policies, even beside the notes' own words.
    for (const [q, heading] of [
      ['which logging vendor booths were busiest at the expo', '2. The Logging Problem'],
      ['was datadog at the expo', '2. The Logging Problem'],
      ['did they look at a policy engine for admission control guardrails?', 'Wrap Up'],
    ] as const) {
      const { confident, hits } = index.search(q);
      expect([confident, hits[0]?.section.heading], q).toEqual([true, heading]);
    }
  });

  it('knows a kind of thing when the notes cover one of its members, but not a member from its kind', async () => {
    const index = await reportIndex();
    // The report covers prometheus and m3: a time series database (tsdb) is known, and answered there.
    const kind = index.search('long-term tsdb for prometheus');
    expect(kind.unknown).toBe(0);
    expect(kind.confident).toBe(true);
    expect(kind.hits[0]?.section.heading).toBe('1. Prometheus at Scale');
    expect(index.search('which policy engine should we use').hits[0]?.section.heading).toBe('Wrap Up');
    // Its name with an abbreviation in it is the same name: a time series DB is a time series database.
    const short = index.search('which time series db did they look at');
    expect([short.confident, short.hits[0]?.section.heading]).toEqual([true, '1. Prometheus at Scale']);
    // A member of a kind the notes cover is still its own subject ("influxdb" is a tsdb, not prometheus).
    expect(index.search('influxdb retention').confident).toBe(false);
    // A kind is known from a member the notes are about (a topic), not one named in passing (docker, once),
    // nor a topic alias their words never use (jaeger, zipkin: tracing aliases).
    expect(index.search('what container runtime does gke use by default').confident).toBe(false);
    expect(index.search('which tracing backend should we use').confident).toBe(false);
  });

  it('matches an abbreviation’s full words as a whole name', async () => {
    const index = await reportIndex();
    // "google kubernetes engine": the section that names it, not the one with most "google" and "kubernetes".
    expect(index.search('gke issues').hits[0]?.section.heading).toBe('Service Meshes');
    // "amazon web services" is not the "services" of a service mesh.
    expect(index.search('which policy engine does aws recommend').confident).toBe(false);
  });

  it('counts everyday words the notes lack for less once a paraphrase has found the subject', async () => {
    const index = await reportIndex();
    const described = index.search('some way of following one request as it hops across multiple services');
    expect(described.hits[0]?.section.heading).toBe('3. Distributed Tracing');
    expect(described.confident).toBe(true);
    // A name the notes lack still counts fully.
    expect(index.search('following a request across services with skywalking').confident).toBe(false);
  });

  it('does not answer with everyday words alone, however many match', async () => {
    const index = await reportIndex();
    const chatter = index.search('whats the time in new york right now');
    expect(chatter.hits.length).toBeGreaterThan(0);
    expect(chatter.confident).toBe(false);
    // A topic the question names with everyday words is a subject.
    expect(index.search('Seven of Nine').confident).toBe(true);
  });

  it('counts a known word of a concept the notes lack as half known, not unknown', async () => {
    const index = await reportIndex();
    const outcome = index.search('service discovery');
    expect(outcome.plan.concepts).toContainEqual(['servic', 'discoveri']);
    expect(outcome.unmatched).toEqual(['discovery']);
    // "service" is in the notes, but not as part of "service discovery": it is half known.
    const whole = index.search('discovery');
    expect(outcome.unknown).toBeGreaterThan(whole.unknown);
  });

  it('matches a multi-word concept of the field only as a whole ("api gateway" is not "native APIs")', async () => {
    const outcome = (await reportIndex()).search('api gateway');
    expect(outcome.plan.concepts).toContainEqual(['api', 'gateway']);
    expect(outcome.confident).toBe(false);
    expect(outcome.hits[0]?.section.heading).not.toBe('This Kubernetes Thing Might Catch On');
  });

  it('answers with the parent section when it answers nearly as well as its part (the whole is asked about)', async () => {
    const index = await reportIndex();
    // "monitoring" is the topic of Observability and of each of its three parts alike.
    expect(index.search('what did they think about monitoring').hits[0]?.section.heading).toBe(
      'Observability',
    );
    // A part named by the question's own words stays first.
    expect(index.search('monitoring with prometheus').hits[0]?.section.heading).toBe(
      '1. Prometheus at Scale',
    );
    // Without the parent's text, its evidence falls short and the part answers.
    const sections = new Map(
      [...index.knowledge.sections].map(([id, s]) => [
        id,
        s.heading === 'Observability' ? { ...s, topics: [], text: 'Three angles:' } : s,
      ]),
    );
    const without = buildIndex({ ...index.knowledge, sections });
    expect(without.search('what did they think about monitoring').hits[0]?.section.heading).not.toBe(
      'Observability',
    );
  });

  it('knows the topic a misspelt alias names ("comunity", "monitering")', async () => {
    const index = await reportIndex();
    expect(index.search('comunity vibe at kubecon').topics).toEqual(['community']);
    expect(index.search('monitering + debugging tooling').topics).toContain('observability');
    expect(index.search('thanus retention').topics).toContain('prometheus');
    // Not a word English has ("racing" is no typo of tracing), nor a slip of its first letter.
    expect(index.search('racing bikes').topics).toEqual([]);
    expect(index.search('trecing').topics).toContain('tracing');
    expect(index.search('gracing').topics).toEqual([]);
  });

  it('finds a subject named by a topic alias however common the word ("monitoring")', async () => {
    const outcome = (await reportIndex()).search('monitoring');
    expect(outcome.confident).toBe(true);
    expect(outcome.hits[0]?.section.topics).toContain('observability');
  });
});

describe('match quality', () => {
  const term = (t: string, english = false) => ({ term: t, english });

  it('counts exact matches fully, prefixes and typos partly, and unrelated words not at all', () => {
    expect(quality(term('mesh'), 'mesh')).toBe(1);
    expect(quality(term('prom'), 'prometheu')).toBe(CONFIDENCE.prefixQuality);
    expect(quality(term('istoi'), 'istio')).toBeGreaterThan(0.6);
    expect(quality(term('istoi'), 'istio')).toBeLessThan(CONFIDENCE.prefixQuality);
    expect(quality(term('kafka'), 'mesh')).toBe(0);
  });

  it('trusts a typo less when the typed word is itself English ("helm" is not "hell")', () => {
    expect(quality(term('helm', true), 'hell')).toBeLessThan(quality(term('istoi'), 'istio') / 2);
  });

  it('counts each further stray everyday word of a chatty question for less, names in full', async () => {
    const index = await reportIndex();
    // The two rarest count in full: "executive director" is something the notes don't have.
    expect(index.search('whos the cncf executive director').confident).toBe(false);
    const chatty = index.search(
      'quick one while i grab a coffee: did anybody catch what happened with opencensus',
    );
    expect(chatty.confident).toBe(true);
    expect(chatty.hits[0]?.section.heading).toBe('3. Distributed Tracing');
    // Chatter made of everyday words is still declined, and so is a name the notes lack.
    for (const q of [
      'any good restaurants near the venue',
      'quick one while i grab a coffee: what about skywalking',
    ])
      expect(index.search(q).confident, q).toBe(false);
  });

  it('reads a word the notes have as written as theirs, not as a misspelt function word', async () => {
    const index = await reportIndex();
    // "thanos" is one letter from the chat word "thanks", but it is the notes' own word.
    const thanos = index.search('thanos vs mimir').plan.own.flatMap((g) => g.terms)[0];
    expect(thanos).toMatchObject({ word: 'thanos', frame: false });
    // A misspelt function word the notes don't have still frames the question.
    const shuold = index.search('shuold we adopt gatekeeper').plan.own.flatMap((g) => g.terms)[0];
    expect(shuold).toMatchObject({ word: 'shuold', frame: true });
  });

  it('respells a word whose typo hides its suffix from the stemmer', () => {
    const any = () => true;
    // "deploymnt" is 3 edits from the stem "deploy": a typo match of the unstemmed word cannot reach it.
    expect(editDistance('deploymnt', 'deploy', 2)).toBe(3);
    expect(respellings('deploymnt', any)).toContain('deploy');
    expect(respellings('contrller', any)).toContain('control');
    expect(respellings('deploymetn', any)).toContain('deploy');
    // A letter left out early in a long word with a suffix: "obsrvability" is 4 edits from "observ".
    expect(respellings('obsrvability', any)).toContain('observ');
    // In a word longer than any usual one, near its end only.
    expect(respellings('obsrvabilityobservability', any)).not.toContain('observabilityobservability');
    // A key pressed twice, anywhere: "logginng" is logging.
    expect(respellings('logginng', any)).toContain('log');
    expect(respellings('servvice', any)).toContain('servic');
    // Another letter too many or mistyped is not tried: "backend" is not "backed", "flagger" not "flagged".
    expect(respellings('backend', any)).not.toContain('back');
    expect(respellings('flagger', any)).not.toContain('flag');
    expect(respellings('deploymnt', (spelling) => spelling === 'deployment')).toEqual(['deploy']);
    expect(respellings('deploymnt', () => false)).toEqual([]);
  });

  it('respells only to a word the notes write, not to one that merely shares its stem', async () => {
    const index = await reportIndex();
    // "stateful" with an R left out is "starteful", which the stemmer cuts to start, a stem of the
    // notes ("started"); no one writes "starteful", so stateful is a name the notes lack, not a typo.
    const stateful = index.search('stateful sets').plan.own.flatMap((g) => g.terms)[0];
    expect(stateful?.respelt ?? []).not.toContain('start');
    for (const q of ['stateful sets', 'running stateful services on kubernetes'])
      expect(index.search(q).confident, q).toBe(false);
    // A slip of a word they do write is still respelt to it.
    expect(index.search('custom deploymnt controller talk').confident).toBe(true);
  });

  it('reads an adverb that only hedges or stresses as framing, not as a subject the notes lack', async () => {
    const index = await reportIndex();
    expect(headingOrDeclined(index, 'is loki essentially ready for prod')).toBe('2. The Logging Problem');
    expect(headingOrDeclined(index, 'specifically what did 1&1 struggle with')).toBe('Service Meshes');
    expect(headingOrDeclined(index, 'arguably the best talk on tracing?')).toBe('3. Distributed Tracing');
    // And those that say where a claim comes from.
    expect(headingOrDeclined(index, "presumably gatekeeper is what we'd use?")).toBe('Wrap Up');
  });

  it('reads "how much weight" as how much trust, not an amount to count', async () => {
    const index = await reportIndex();
    // So are how confident one is, and whether one can act on it.
    expect(headingOrDeclined(index, 'any actionable advice on logging')).toBe('2. The Logging Problem');
    expect(headingOrDeclined(index, 'how much weight should we give the linkerd talk')).toBe(
      'Service Meshes',
    );
  });

  it('answers a question about a part from the part, not a subsection sharing an intensifier ("right now")', async () => {
    const index = await reportIndex();
    // The Prometheus subsection says "in its own right"; "right now" asks when, like "now".
    expect(headingOrDeclined(index, 'what does the team think of observability right now')).toBe(
      'Observability',
    );
  });

  it('reads "scalable" as the notes\' "scale", one stem with "scalability"', async () => {
    const index = await reportIndex();
    expect(headingOrDeclined(index, 'scalability of our metrics stack')).toBe('1. Prometheus at Scale');
    expect(headingOrDeclined(index, 'horizontally scalable metrics storage')).toBe('1. Prometheus at Scale');
    // A name the notes lack is still missing.
    expect(headingOrDeclined(index, 'is helm scalable')).toBe('declined');
  });

  it('reads a standpoint as a view, framing what is asked', async () => {
    const index = await reportIndex();
    expect(headingOrDeclined(index, 'from a security standpoint, is gatekeeper worth it')).toBe('Wrap Up');
    expect(headingOrDeclined(index, 'from my pov, is linkerd better')).toBe('Service Meshes');
  });

  it('reads a priority as a plan, framing what is asked', async () => {
    const index = await reportIndex();
    expect(headingOrDeclined(index, 'what should our priorities be for logging')).toBe(
      '2. The Logging Problem',
    );
    expect(headingOrDeclined(index, 'where does gatekeeper fit in our priorities')).toBe('Wrap Up');
    // What the plan is for is still the subject: a name the notes lack is still missing.
    expect(headingOrDeclined(index, 'is argo cd a priority')).toBe('declined');
  });

  it('reads "workloads" as whatever runs, not as a subject the notes lack', async () => {
    const index = await reportIndex();
    // The notes never say "workload": the question is about running on several clouds.
    for (const q of [
      'does anyone really run workloads across several cloud providers?',
      'should our workloads live on several clouds',
    ]) {
      const outcome = index.search(q);
      expect(outcome.confident, q).toBe(true);
      expect(outcome.hits[0]?.section.heading, q).toBe('Any Stand-out Themes?');
    }
    // What is said of the workloads is still the subject: a name the notes lack is still missing.
    for (const q of [
      'gpu workloads on kubernetes',
      'batch workloads on spot instances',
      'stateful workloads on k8s',
    ])
      expect(index.search(q).confident, q).toBe(false);
  });

  it('finds two words side by side, a few letters of ending and two short words between aside', () => {
    expect(sideBySide('by far the biggests pods we run', 'biggest', 'pods')).toBe(true);
    expect(sideBySide('Kubernetes becomes a platform for building platforms', 'platform', 'build')).toBe(
      true,
    );
    expect(sideBySide('Our Promethei are the BIGGEST of all PODS', 'biggest', 'pods')).toBe(true);
    // Apart, or a longer word that only starts like one of them.
    expect(sideBySide('the biggest thing we saw was pods', 'biggest', 'pods')).toBe(false);
    expect(sideBySide('a platformless build', 'platform', 'build')).toBe(false);
    expect(sideBySide('xplatform building', 'platform', 'build')).toBe(false);
    expect(sideBySide('platform, build', 'platform', '')).toBe(false);
  });

  it('ranks first the section that has two neighbouring words of the question side by side', async () => {
    const index = await reportIndex();
    // Wrap Up has "pod autoscaling" and "Multi-Cluster"; Prometheus at Scale says "the biggests pods we run".
    const outcome = index.search('which are the biggest pods we run in our clusters');
    expect(outcome.hits[0]?.section.heading).toBe('1. Prometheus at Scale');
    // Not two everyday words: "what areas are we looking at" is a way of asking.
    expect(index.search('o11y - what areas are we looking at?').hits[0]?.section.heading).toBe(
      'Observability',
    );
    // The order only: a pair does not make an answer of a question about something else.
    expect(index.search('budget for observability tooling next FY?').confident).toBe(false);
  });

  it('never respells a number: "1.41" is no misspelt 1.14', async () => {
    const index = await reportIndex();
    for (const q of ['kubernetes 1.41 features', 'what happened to borg in 2030'])
      expect(index.search(q).confident, q).toBe(false);
  });

  it('respells a short word with two letters swapped ("lgos": logs)', async () => {
    const outcome = (await reportIndex()).search('grafana lgos');
    expect(outcome.confident).toBe(true);
    expect(outcome.hits[0]?.section.heading).toBe('2. The Logging Problem');
  });

  it('finds a misspelt word through its respelling, as a typo', async () => {
    const index = await reportIndex();
    const outcome = index.search('custom deploymnt controller talk');
    expect(outcome.confident).toBe(true);
    expect(outcome.hits[0]?.section.heading).toBe('Wrap Up');
    expect(outcome.hits[0]?.matchedTerms).toContain('deploy');
    // Respelt to a word of the notes, English or not.
    expect(index.search('observabilty').hits[0]?.section.heading).toBe('Observability');
    const respelt = { term: 'deploymnt', english: false, respelt: ['deploy'] };
    expect(quality(respelt, 'deploy')).toBeLessThan(1);
    expect(quality(respelt, 'deploy')).toBeGreaterThanOrEqual(CONFIDENCE.typoFoundQuality);
  });

  it('respells a slip that the stemmer or the word list takes for another word', async () => {
    const index = await reportIndex();
    // "loging" stems to "loge", a short English word; "loggin" is in the word list's far end. Both are a
    // letter short of "logging": one edit in the word as typed, found as a typo however short its stem.
    for (const q of ['loging', 'loggin', 'loggin tools']) {
      const outcome = index.search(q);
      expect(outcome.confident, q).toBe(true);
      expect(outcome.hits[0]?.section.heading, q).toBe('2. The Logging Problem');
    }
    expect(
      quality({ term: 'loge', word: 'loging', english: true, respelt: ['log'] }, 'log'),
    ).toBeGreaterThanOrEqual(CONFIDENCE.typoFoundQuality);
    // A rare word is respelt only to a spelling the notes have: "app" has none, and stays what it is.
    const app = index.search('how long do we keep app metrics').plan.own.flatMap((g) => g.terms);
    expect(app.find((t) => t.word === 'app')?.respelt).toBeUndefined();
    expect(index.search('how long do we keep app metrics').confident).toBe(true);
  });

  it('reads a word apart from its inflection, not from its derivation', () => {
    for (const [word, base] of [
      ['providing', 'provid'],
      ['provides', 'provid'],
      ['provide', 'provid'],
      ['logging', 'log'],
      ['policies', 'policy'],
      ['clusters', 'cluster'],
      ["istio's", 'istio'],
      ['status', 'status'],
    ] as const)
      expect(inflectionBase(word), word).toBe(base);
    expect(inflectionBase('provider')).not.toBe(inflectionBase('providing'));
    expect(inflectionBase('operator')).not.toBe(inflectionBase('operations'));
    // A plural, then -ing: "settings" is the plural of "setting", of "set".
    expect(inflectionBase('settings')).toBe(inflectionBase('set'));
  });

  it('weighs a word the notes have only in a form derived differently less ("provider" is not "providing")', async () => {
    const index = await reportIndex();
    const term = (q: string, word: string) =>
      index
        .search(q)
        .plan.own.flatMap((g) => g.terms)
        .find((t) => t.word === word);
    // The report says "providing" and "provide", never "provider".
    expect(term('which cloud provider', 'provider')?.derived).toBe(true);
    expect(term('who is providing tooling', 'providing')?.derived).toBeUndefined();
    // Only agent nouns: a noun of the action names what the verb does ("graduation": graduated).
    expect(term('kubernetes graduation', 'graduation')?.derived).toBeUndefined();
    // A word found through a topic's aliases only is not written differently: no section writes its stem.
    const { knowledge } = index;
    const topics = knowledge.topics.map((t) =>
      t.id === 'prometheus' ? { ...t, aliases: [...t.aliases, 'exporter'] } : t,
    );
    const aliased = buildIndex({ ...knowledge, topics }).search('which exporter');
    expect(
      aliased.plan.own.flatMap((g) => g.terms).find((t) => t.word === 'exporter')?.derived,
    ).toBeUndefined();
    // The same stem, so still found; but no longer the strongest evidence for the tracing section.
    const outcome = index.search('when does running across more than one cloud provider make sense');
    expect(outcome.hits[0]?.section.heading).not.toBe('3. Distributed Tracing');
    expect(outcome.unmatched).not.toContain('provider');
  });

  it('stems without running different words together (Porter2, not Porter)', () => {
    // Porter read all of these pairs as one stem: "community" found "communication".
    for (const [a, b] of [
      ['community', 'communication'],
      ['general', 'generation'],
      ['news', 'new'],
    ] as const)
      expect(processTerm(a), `${a} / ${b}`).not.toBe(processTerm(b));
    expect(processTerm('meshes')).toBe(processTerm('mesh'));
    expect(processTerm('communities')).toBe(processTerm('community'));
  });

  it('reads an ordinal in digits as its word, in notes and questions alike', async () => {
    expect(processTerm('1st')).toBe(processTerm('first'));
    expect(processTerm('3RD')).toBe(processTerm('third'));
    // A higher one is more often part of a date ("21st May"), and a plain number stays itself.
    expect(processTerm('21st')).toBe('21st');
    expect(processTerm('2019')).toBe('2019');
    const index = withLine(await reportIndex(), 'Wrap Up', 'The 2nd day had a long queue for coffee.');
    const hit = index.search('coffee on the second day').hits[0];
    expect(hit?.section.heading).toBe('Wrap Up');
    expect(hit?.matchedTerms).toContain(processTerm('second'));
  });

  it('counts a swap of two letters as one edit', () => {
    expect(editDistance('istoi', 'istio', 2)).toBe(1);
    expect(editDistance('linkred', 'linkerd', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
  });
});

/** The report's index with a line added to the *Service Meshes* section's text. */
function withMeshText(index: SearchIndex, extra: string): SearchIndex {
  const sections = new Map(
    [...index.knowledge.sections].map(([id, s]) => [
      id,
      s.heading === 'Service Meshes' ? { ...s, text: `${s.text}\n${extra}` } : s,
    ]),
  );
  return buildIndex({ ...index.knowledge, sections });
}

describe('a saved index', () => {
  it('searches exactly as the index it was saved from, for every question of the project set', async () => {
    const built = await reportIndex();
    const saved = built.serialize();
    expect(JSON.parse(saved).index).toEqual([]); // the postings are saved as arrays, not MiniSearch's JSON
    const loaded = buildIndex(built.knowledge, saved);
    const { queries } = JSON.parse(
      readFileSync(new URL('../../eval/queries.json', import.meta.url), 'utf8'),
    ) as {
      queries: { q: string }[];
    };
    const outcome = (index: SearchIndex, q: string) => {
      const { confident, hits } = index.search(q);
      // Scores to 12 places: a sum's last bit can differ with the order it was added in, built or loaded alike.
      return { confident, hits: hits.map((h) => [h.section.id, h.score.toFixed(12)]) };
    };
    for (const { q } of queries) expect(outcome(loaded, q), q).toEqual(outcome(built, q));
    const terms = (json: string) => [...(JSON.parse(json).postings.terms as string[])].sort();
    expect(terms(loaded.serialize())).toEqual(terms(saved));
  });
});

describe('version numbers', () => {
  it('are exact: a version the notes never give is not answered by notes about another', async () => {
    const index = await reportIndex();
    const answer = (q: string) => headingOrDeclined(index, q);
    for (const q of ['what kubernetes 1.15 features were announced?', 'is kubernetes v1.16 stable'])
      expect(answer(q), q).toBe('declined');
    for (const q of ['what kubernetes 1.14 features were there?', 'when was kubernetes v1.0'])
      expect(answer(q), q).toBe('This Kubernetes Thing Might Catch On');
  });
});

describe("a person's talk", () => {
  it('is answered by a section that links a talk of theirs, not by one that only names them', async () => {
    const index = await reportIndex();
    const answer = (q: string) => headingOrDeclined(index, q);
    // The history section names Kelsey Hightower in an aside and links Janet Kuo's keynote.
    for (const q of ["what did kelsey hightower's keynote cover?", 'kelsey hightower talk'])
      expect(answer(q), q).toBe('declined');
    for (const q of ['janet kuo keynote', 'what did janet kuo talk about', 'what did kelsey hightower say'])
      expect(answer(q), q).toBe('This Kubernetes Thing Might Catch On');
  });
});
