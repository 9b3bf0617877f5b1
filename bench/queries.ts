/**
 * Realistic questions for the benchmark corpora (Linkerd and OpenTelemetry docs), some with typos, plus the
 * project's relevance set for the trip report.
 */
export const CORPUS_QUERIES = [
  'install linkerd',
  'mtls',
  'automatic mtls',
  'traffic split',
  'retries',
  'timeouts',
  'helm chart',
  'multicluster',
  'service profiles',
  'tap',
  'proxy injection',
  'debug container',
  'grpc load balancing',
  'http routes',
  'authorization policy',
  'server authorization',
  'upgrade linkerd',
  'viz extension',
  'jaeger',
  'distributed tracing',
  'certificate rotation',
  'trust anchor',
  'cni plugin',
  'ingress nginx',
  'egress',
  'circuit breaking',
  'rate limiting',
  'opaque ports',
  'protocol detection',
  'canary release flagger',
  'collector configuration',
  'otlp exporter',
  'java agent',
  'python auto instrumentation',
  'sampling',
  'tail sampling',
  'semantic conventions',
  'resource attributes',
  'baggage',
  'context propagation',
  'span links',
  'metrics sdk',
  'logs bridge',
  'kubernetes operator',
  'collector gateway',
  'batch processor',
  'memory limiter',
  'prometheus receiver',
  'zipkin',
  'go sdk',
  'instalation',
  'linkerd instal',
  'colector config',
  'opentelemtry java',
  'samplng',
  'certifcate rotation',
  'multiclustr',
  'trafic split',
  'what is a service mesh',
  'how do I enable mtls between pods',
];

/**
 * A few hundred more questions drawn from a corpus itself: distinct section headings, as people type them
 * (lower case), one in four with a typo (two letters swapped). Deterministic for a given knowledge.
 */
export function headingQueries(headings: readonly string[], count: number): string[] {
  const distinct = [
    ...new Set(
      headings.map((h) =>
        h
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
          .trim(),
      ),
    ),
  ].filter((h) => h.length >= 4 && h.length <= 60);
  const step = Math.max(1, Math.floor(distinct.length / count));
  return distinct
    .filter((_, i) => i % step === 0)
    .slice(0, count)
    .map((q, i) => (i % 4 === 3 ? typo(q) : q));
}

/** Swaps two letters in the middle of the longest word. */
function typo(query: string): string {
  const words = query.split(/\s+/);
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest.length < 5) return query;
  const i = Math.floor(longest.length / 2);
  const swapped = `${longest.slice(0, i - 1)}${longest[i]}${longest[i - 1]}${longest.slice(i + 1)}`;
  return words.map((w) => (w === longest ? swapped : w)).join(' ');
}
