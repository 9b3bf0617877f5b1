import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';

/** The baseline for the Slack-path benchmark: a Bolt app in HTTP mode whose /kubecon only acks. */
const app = new App({
  token: 'xoxb-bench-bare',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  logLevel: LogLevel.ERROR,
  deferInitialization: true,
  convoStore: false,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? '' },
});
app.command('/kubecon', async ({ ack }) => ack());
await app.init();
const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
process.stdout.write(`${JSON.stringify({ msg: 'kubecon-bot is running', port: server.address().port })}\n`);
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
