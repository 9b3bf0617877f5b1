import { App, LogLevel } from '@slack/bolt';

/**
 * The baseline for the Slack-path benchmark: a Bolt app in HTTP mode whose /kubecon only acks. Plain
 * JavaScript, so it runs as the bot does in production (`node dist/main.js`): no tsx in either process.
 */
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
/** @type {import('node:http').Server} */
const server = await app.start({ port: 0, host: '127.0.0.1' });
process.stdout.write(
  `${JSON.stringify({ msg: 'kubecon-bot is running', port: /** @type {import('node:net').AddressInfo} */ (server.address()).port })}\n`,
);
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
