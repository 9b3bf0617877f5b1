import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

/**
 * The Slack path benchmark's response URLs, in a process of their own: what the bot posts to
 * `/response/<id>` is timed here on the shared clock (performance.timeOrigin + now), so taking those posts
 * costs the load generator's event loop nothing. `GET /taken` hands over (and forgets) what arrived.
 */

/** One post: its response URL's id, when it arrived (epoch ms), and whether it carried blocks (an answer). */
type Taken = [id: string, at: number, answer: boolean];

const taken: Taken[] = [];

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url === '/taken') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(taken.splice(0)));
    return;
  }
  void text(req).then((body) => {
    const at = performance.timeOrigin + performance.now();
    if (url.startsWith('/response/'))
      taken.push([url.slice('/response/'.length), at, body.includes('"blocks"')]);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ msg: 'kubecon-bot is running', port })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
