import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics (prom-client): the default process and runtime metrics, plus kubecon_ metrics for
 * what the bot does. One registry per app, so tests and several apps in one process do not mix.
 */

/** Where a question came from. */
export type QuestionSource = 'command' | 'mention' | 'dm' | 'panel' | 'home' | 'shell';

export interface Metrics {
  readonly registry: Registry;
  question(source: QuestionSource, declined: boolean, seconds: number): void;
  /** A button clicked, by action (its action id without the row number): `answer_next`, `answer_share`… */
  click(action: string): void;
  vote(value: 'helpful' | 'unhelpful'): void;
  tipPosted(): void;
  slackError(method: string, error: string): void;
  knowledge(notes: number, sections: number): void;
  reload(outcome: 'ok' | 'error'): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const questions = new Counter({
    name: 'kubecon_questions_total',
    help: 'Questions asked, by source',
    labelNames: ['source'],
    registers: [registry],
  });
  const declined = new Counter({
    name: 'kubecon_questions_declined_total',
    help: 'Questions with no confident answer, by source',
    labelNames: ['source'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'kubecon_answer_duration_seconds',
    help: 'Time to search and render an answer',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const clicks = new Counter({
    name: 'kubecon_button_clicks_total',
    help: 'Buttons clicked, by action id (Next, Previous and Share show an answer again: not counted as questions)',
    labelNames: ['action'],
    registers: [registry],
  });
  const votes = new Counter({
    name: 'kubecon_feedback_votes_total',
    help: 'Feedback votes on answers',
    labelNames: ['value'],
    registers: [registry],
  });
  const tips = new Counter({
    name: 'kubecon_tips_posted_total',
    help: 'Daily tips posted',
    registers: [registry],
  });
  const slackErrors = new Counter({
    name: 'kubecon_slack_api_errors_total',
    help: 'Slack Web API calls that failed (HTTP error, rate limit or ok:false), by method and error',
    labelNames: ['method', 'error'],
    registers: [registry],
  });
  const notes = new Gauge({
    name: 'kubecon_knowledge_notes',
    help: 'Notes in the loaded knowledge',
    registers: [registry],
  });
  const sections = new Gauge({
    name: 'kubecon_knowledge_sections',
    help: 'Sections in the loaded knowledge',
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'kubecon_knowledge_reloads_total',
    help: 'Knowledge reloads, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  return {
    registry,
    question: (source, wasDeclined, seconds) => {
      questions.inc({ source });
      if (wasDeclined) declined.inc({ source });
      latency.observe(seconds);
    },
    click: (action) => clicks.inc({ action }),
    vote: (value) => votes.inc({ value }),
    tipPosted: () => tips.inc(),
    slackError: (method, error) => slackErrors.inc({ method, error }),
    knowledge: (n, s) => {
      notes.set(n);
      sections.set(s);
    },
    reload: (outcome) => reloads.inc({ outcome }),
  };
}
