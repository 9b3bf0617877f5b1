import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, normalizeQuery, searchText } from '../../../src/core/answers/query.js';

describe('normalizeQuery', () => {
  it.each([
    ['<@U0BOT> what about loki?', 'what about loki?'],
    ['<!channel> istio <!here|here>', 'istio'],
    ['<!subteam^S123|@platform> tracing', 'tracing'],
    ['see <https://linkerd.io|Linkerd> and <https://x.io>', 'see Linkerd and https://x.io'],
    ['in <#C123|general> please', 'in general please'],
    ['a &lt; b &amp;&amp; c &gt; d', 'a < b && c > d'],
    ['  lots\n\tof \u200b  space  ', 'lots of space'],
    ['a\u0085b\u009bc \ud83d', 'a b c'],
    ['', ''],
  ])('reads %j as %j', (raw, expected) => {
    expect(normalizeQuery(raw)).toEqual({ query: expected, truncated: false });
  });

  it('caps huge questions at a word boundary and says so', () => {
    const { query, truncated } = normalizeQuery('service mesh '.repeat(5000));
    expect(truncated).toBe(true);
    expect(query.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(query.endsWith('mesh') || query.endsWith('service')).toBe(true);
  });
});

describe('searchText', () => {
  it.each([
    ['service mesh :thinking_face:', 'service mesh'],
    [':+1::skin-tone-2: loki :-1:', 'loki'],
    ['is the IstIO operator out? :EYES:', 'is the IstIO operator out?'],
    // A time and a label with a colon are no emoji.
    ['the 10:30:45 keynote', 'the 10:30:45 keynote'],
    ['k8s: what is it', 'k8s: what is it'],
    // A typed handle is whom a message is for; an e-mail address is no handle.
    ['summarise the writeup for @jo', 'summarise the writeup for'],
    ['why tracing? @dev-platform was asking', 'why tracing? was asking'],
    ['mail jo@example.com about loki', 'mail jo@example.com about loki'],
    // A web address keeps its name and path, not its scheme, www or top-level domain.
    ['his blog? https://mosstech.io', 'his blog? mosstech'],
    ['see https://www.github.com/linkerd/linkerd2 ok', 'see github /linkerd/linkerd2 ok'],
    ['talk https://kccnceu19.sched.com/event/MPbG', 'talk kccnceu19 sched /event/MPbG'],
  ])('searches %j as %j', (query, expected) => {
    expect(searchText(query)).toBe(expected);
  });

  it('keeps the emoji in the question shown back to the asker', () => {
    expect(normalizeQuery('istio :tada:').query).toBe('istio :tada:');
  });
});
