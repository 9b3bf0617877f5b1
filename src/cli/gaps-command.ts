import { gapLines, gapReport } from '../answers/gaps.js';
import { mrkdwnToTerminal } from '../answers/terminal.js';
import type { Config } from '../config.js';
import { fileFeedbackStore } from '../stores/feedback-store.js';
import { fileGapStore } from '../stores/gap-store.js';
import { redisStores } from '../stores/redis-stores.js';
import type { Knowledge } from '../types.js';
import { connectRedis, stderrLogger } from './edges.js';

/** `gaps`: the most frequent unanswered questions and the worst-rated sections, as text or JSON. */
export async function gapsCommand(
  config: Config,
  knowledge: Knowledge,
  json: boolean,
  print: (text: string) => void,
): Promise<number> {
  const { gaps, feedback, close } = await gapSources(config);
  try {
    const report = gapReport(await gaps.list(), await feedback.list(), knowledge);
    print(json ? JSON.stringify(report, null, 2) : mrkdwnToTerminal(gapLines(report).join('\n')));
  } finally {
    await close();
  }
  return 0;
}

/** Where the gaps and votes are: Redis with REDIS_URL, else the files under DATA_DIR. */
async function gapSources(config: Config) {
  if (config.redisUrl === undefined) {
    return {
      gaps: fileGapStore(config.dataDir),
      feedback: fileFeedbackStore(config.dataDir),
      close: async () => {},
    };
  }
  const redis = await connectRedis(config.redisUrl, stderrLogger(config));
  const stores = redisStores(redis, 'kubecon:', () => {});
  return { gaps: stores.gaps, feedback: stores.feedback, close: async () => void (await redis.quit()) };
}
