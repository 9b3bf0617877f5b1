import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../src/config.js';
import { FRIENDLY_ERROR } from '../../../../src/core/answers/copy.js';
import { createLogger } from '../../../../src/logger.js';
import { createMetrics } from '../../../../src/ops/metrics.js';
import type { ButtonArgs } from '../../../../src/slack/listeners/actions/on-click.js';
import { onClick } from '../../../../src/slack/listeners/actions/on-click.js';
import { createDeps } from '../../../../src/slack/listeners/deps.js';
import { createStores } from '../../../../src/stores/create-stores.js';
import { reportIndex } from '../../../helpers.js';

const logs: string[] = [];
const logger = createLogger({
  level: 'info',
  secrets: [],
  destination: { write: (l: string) => logs.push(l) },
});

async function deps() {
  const index = await reportIndex();
  return createDeps({
    index: () => index,
    stores: createStores({ dataDir: '' }, { logger, memory: true }),
    metrics: createMetrics(),
    access: parseConfig({}).access,
    logger,
    now: () => new Date(),
    random: () => 0,
  });
}

/** A click as Bolt delivers it, recording what the handler does with it. */
function click(where: 'channel' | 'home') {
  const seen: { acked: number; responded: unknown[]; posted: unknown[]; ephemeral: unknown[] } = {
    acked: 0,
    responded: [],
    posted: [],
    ephemeral: [],
  };
  const args = {
    ack: async () => {
      seen.acked++;
    },
    action: { type: 'button', action_id: 'x', value: '{"q":"loki","i":0}' },
    body: {
      user: { id: 'U1' },
      ...(where === 'channel'
        ? { channel: { id: 'C1' }, container: { type: 'message', channel_id: 'C1' } }
        : { container: { type: 'view' } }),
    },
    client: {
      chat: {
        postMessage: async (m: unknown) => seen.posted.push(m),
        postEphemeral: async (m: unknown) => seen.ephemeral.push(m),
      },
    },
    ...(where === 'channel' && { respond: async (m: unknown) => seen.responded.push(m) }),
  };
  return { args: args as unknown as ButtonArgs, seen };
}

describe('onClick', () => {
  it('acks, hands the handler the decoded click, and shows its reply to the clicker only', async () => {
    const { args, seen } = click('channel');
    let query = '';
    await onClick(await deps(), 'testing', async (c) => {
      query = c.value?.q ?? '';
      return { show: { text: 'hi', blocks: [] }, replace: true };
    })(args);
    expect(seen.acked).toBe(1);
    expect(query).toBe('loki');
    expect(seen.responded).toEqual([
      { response_type: 'ephemeral', replace_original: true, text: 'hi', blocks: [] },
    ]);
  });

  it('shows the friendly error when the handler fails, and logs what failed', async () => {
    const { args, seen } = click('channel');
    await onClick(await deps(), 'testing a failure', async () => {
      throw new Error('boom');
    })(args);
    expect(seen.acked).toBe(1);
    expect(seen.responded).toEqual([expect.objectContaining({ text: FRIENDLY_ERROR })]);
    expect(logs.some((l) => l.includes('testing a failure failed') && l.includes('boom'))).toBe(true);
  });

  it('answers a click in App Home with a direct message', async () => {
    const { args, seen } = click('home');
    await onClick(await deps(), 'testing', async (c) => {
      expect(c.fromHome).toBe(true);
      throw new Error('boom');
    })(args);
    expect(seen.posted).toEqual([expect.objectContaining({ channel: 'U1', text: FRIENDLY_ERROR })]);
  });

  it('sends nothing more when the handler replied itself', async () => {
    const { args, seen } = click('channel');
    await onClick(await deps(), 'testing', async () => undefined)(args);
    expect([seen.responded, seen.posted, seen.ephemeral]).toEqual([[], [], []]);
  });
});
