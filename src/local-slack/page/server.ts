import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { programDir } from '../../runtime/package-files.js';
import type { Fallback, LocalSlack } from '../local-slack.js';
import { clickButton, openHome, postMessage, runCommand } from '../people.js';
import { WORKSPACE } from '../workspace.js';
import { CONVERSATIONS, type ConversationName, type Location, renderFragments, renderPage } from './html.js';
import {
  type KnowledgeInfo,
  type LogLine,
  notableLine,
  remember,
  renderPanel,
  type TipInfo,
} from './panel.js';

/**
 * The playground's HTTP routes, served by the local Slack beside its Web API: the page (`/`), its style and
 * script, the fragments the script swaps in (`/local/view`), a stream of change notices (`/local/events`,
 * server-sent events), and what a person does (`/local/send`, `/local/click`, `/local/tip`). Forms post
 * without the script too: the server then redirects back to the page.
 */

/** What the page needs from the bot around the local Slack (main.ts passes these in). */
export interface PlaygroundHooks {
  /** The daily tip; undefined while the bot starts, or without a tip channel. */
  readonly tip?: TipHooks | undefined;
  /** The knowledge's size and version; undefined while the bot starts. */
  readonly knowledge: () => KnowledgeInfo | undefined;
}

export interface TipHooks {
  describe(): Promise<TipInfo>;
  /** Posts today's tip now through the bot's daily tip runner; says what happened. */
  postToday(): Promise<string>;
}

export interface Playground {
  /** The local Slack's fallback: every request that is not Slack's. */
  readonly handle: Fallback;
  /** Feeds one JSON line of the bot's log (reloads and problems show in the panel). */
  log(line: string): void;
  /** Ends the open event streams (before the server closes). */
  close(): void;
}

/** How long the page waits for App Home to be published before showing it (it refreshes after anyway). */
const HOME_WAIT_MS = 1500;

/** The security headers of every page response: nothing but this server, no framing. */
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export async function createPlayground(slack: LocalSlack, hooks: PlaygroundHooks): Promise<Playground> {
  const dir = programDir('local-slack/page');
  const assets = {
    '/playground.css': { type: 'text/css', body: await readFile(path.join(dir, 'playground.css'), 'utf8') },
    '/playground.js': {
      type: 'text/javascript',
      body: await readFile(path.join(dir, 'playground.js'), 'utf8'),
    },
  } as const;
  const streams = new Set<ServerResponse>();
  let log: LogLine[] = [];
  let tipOutcome: string | undefined;
  let version = 0;
  const notify = () => {
    version++;
    for (const res of streams) res.write(`event: change\ndata: ${version}\n\n`);
  };
  slack.onChange(notify);

  const panel = async () =>
    renderPanel({
      ...(hooks.tip && { tip: await hooks.tip.describe() }),
      ...(tipOutcome !== undefined && { tipOutcome }),
      knowledge: hooks.knowledge(),
      log,
    });

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>> = {
    'GET /': async (_req, res, url) => {
      const location = locationOf(url.searchParams);
      if (location.c === 'home') await openHomeAndWait(slack);
      const html = renderPage(location, renderFragments(slack.store, location, await panel()));
      send(res, 200, 'text/html; charset=utf-8', html, { 'content-security-policy': CSP });
    },
    'GET /local/view': async (_req, res, url) => {
      const location = locationOf(url.searchParams);
      send(
        res,
        200,
        'application/json',
        JSON.stringify(renderFragments(slack.store, location, await panel())),
      );
    },
    'GET /local/events': async (req, res) => {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`event: hello\ndata: ${version}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
    },
    'POST /local/send': async (req, res) => {
      const form = await readForm(req);
      const location = locationOf(form);
      await sendTyped(slack, location, form.get('text') ?? '');
      done(req, res, location);
    },
    'POST /local/click': async (req, res) => {
      const form = await readForm(req);
      const location = locationOf(form);
      const channel = CONVERSATIONS[location.c].channel;
      const at = channel === undefined ? { home: true as const } : { channel, ts: form.get('ts') ?? '' };
      await clickButton(slack, { user: WORKSPACE.you, at, actionId: form.get('action') ?? '' });
      done(req, res, location);
    },
    'POST /local/tip': async (req, res) => {
      tipOutcome = hooks.tip ? await hooks.tip.postToday() : 'No tip channel: set TIP_CHANNEL.';
      notify();
      done(req, res, { c: 'team' });
    },
  };

  return {
    handle: async (req, res, url) => {
      const asset = req.method === 'GET' ? assets[url.pathname as keyof typeof assets] : undefined;
      if (asset) {
        send(res, 200, `${asset.type}; charset=utf-8`, asset.body, { 'cache-control': 'no-cache' });
        return true;
      }
      const route = routes[`${req.method} ${url.pathname}`];
      if (!route) return false;
      if (req.method === 'POST' && !sameOrigin(req)) {
        send(res, 403, 'text/plain; charset=utf-8', 'cross-origin request refused');
        return true;
      }
      await route(req, res, url);
      return true;
    },
    log: (json) => {
      const line = notableLine(json);
      if (!line) return;
      log = remember(log, line);
      notify();
    },
    close: () => {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}

/** What a person typed, sent as Slack's client sends it: a slash command, or a message (maybe in a thread). */
async function sendTyped(slack: LocalSlack, location: Location, typed: string): Promise<void> {
  const channel = CONVERSATIONS[location.c].channel;
  const text = typed.trim();
  if (channel === undefined || text === '') return;
  const command = /^(\/[a-z0-9_-]+)(?:\s+([\s\S]*))?$/i.exec(text);
  if (!command) {
    await postMessage(slack, {
      user: WORKSPACE.you,
      channel,
      text,
      ...(location.t !== undefined && { threadTs: location.t }),
    });
    return;
  }
  const name = (command[1] ?? '').toLowerCase();
  if (name !== '/kubecon') {
    slack.applyResponse(
      { channel, user: WORKSPACE.you.id },
      { text: `\`${name}\` is not a valid command. In this workspace, \`/kubecon\` is.` },
    );
    return;
  }
  await runCommand(slack, { user: WORKSPACE.you, channel, command: name, text: command[2] ?? '' });
}

/** Opens App Home (Slack sends app_home_opened each time) and gives the bot a moment to publish it. */
async function openHomeAndWait(slack: LocalSlack): Promise<void> {
  const published = new Promise<void>((resolve) => {
    const stop = slack.onChange(() => {
      stop();
      resolve();
    });
    setTimeout(() => {
      stop();
      resolve();
    }, HOME_WAIT_MS).unref();
  });
  await openHome(slack, WORKSPACE.you);
  await published;
}

/** The location in a query string or a form; #team unless it names another conversation. */
function locationOf(params: URLSearchParams): Location {
  const c = params.get('c');
  const name: ConversationName = c === 'dm' || c === 'home' ? c : 'team';
  const t = params.get('t');
  return { c: name, ...(t !== null && t !== '' && name !== 'home' && { t }) };
}

/** The script asks for JSON; a plain form post is sent back to the page. */
function done(req: IncomingMessage, res: ServerResponse, location: Location): void {
  if ((req.headers.accept ?? '').includes('application/json')) {
    send(res, 200, 'application/json', '{"ok":true}');
    return;
  }
  const query = `c=${location.c}${location.t !== undefined ? `&t=${encodeURIComponent(location.t)}` : ''}`;
  res.writeHead(303, { location: `/?${query}` }).end();
}

/** A post from another site (a page the person happens to visit) is refused. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return req.headers['sec-fetch-site'] !== 'cross-site';
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  return new URLSearchParams(body.length > 64_000 ? '' : body);
}
