import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../run.js';
import { ARTIFACTS, launchChromium, type PlaygroundProcess, startPlayground } from './browser.js';

/**
 * The playground in a real browser: `npm start -- --playground` on the shipped knowledge plus one more note
 * (so "service mesh" has several results to page through), driven by headless Chromium the way a person
 * clicks and types. Every check reads the DOM; a screenshot of each state goes to test-artifacts/.
 */

const EXTRA_NOTE = path.join(ROOT, 'tests/fixtures/playground/mesh-trial.md');

let browser: Browser;
let playground: PlaygroundProcess;
let page: Page;
const requests: string[] = [];
let shots = 0;

/** The browser and the playground; a failure to launch either fails every test (it never skips them). */
let ready: Promise<void>;

beforeAll(() => {
  ready = (async () => {
    [browser, playground] = await Promise.all([launchChromium(), startPlayground([EXTRA_NOTE])]);
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(20_000);
    page.on('request', (request) => requests.push(request.url()));
  })();
  return ready.catch(() => undefined);
}, 90_000);

beforeEach(() => ready);

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

/** Opens a conversation of the page and waits until it follows changes live. */
async function open(query = '?c=team'): Promise<void> {
  await page.goto(`${playground.url}${query}`);
  await page.locator('body[data-live="on"]').waitFor();
}

/** Types into a composer and presses Enter, as a person does. */
async function type(text: string, composer = '#composer-input'): Promise<void> {
  await page.locator(composer).fill(text);
  await page.locator(composer).press('Enter');
}

/** Saves a screenshot of the current state as a test artefact. */
async function shot(state: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${String(++shots).padStart(2, '0')}-${state}.png`) });
}

const ephemeral = (text: string): Locator => page.locator('#messages article.ephemeral', { hasText: text });

describe('the playground page', () => {
  it('prints its URL first and shows #team, the DM, App Home, the composer and the daily tip', async () => {
    expect(playground.output().split('\n')[0]).toMatch(/^kubecon-bot playground: http:\/\/localhost:\d+\/ /);
    await open();
    expect(await page.locator('h1').textContent()).toBe('#team');
    expect(await page.locator('nav a').allTextContents()).toEqual(['# team', '● kubecon', 'kubecon · Home']);
    await page.locator('#tip-next').waitFor(); // once the bot is up, the page follows
    expect(await page.locator('#composer-input').getAttribute('placeholder')).toContain('/kubecon');
    await shot('team-empty');
  });

  it('is light and renders at once: its weight and first paint go to test-artifacts/playground/metrics.json', async () => {
    const bytes = async (url: string) => Buffer.byteLength(await (await fetch(url)).text());
    const weight = {
      html: await bytes(`${playground.url}?c=dm`),
      css: await bytes(`${playground.url}playground.css`),
      js: await bytes(`${playground.url}playground.js`),
    };
    await open('?c=dm');
    // First contentful paint when Chromium reports one: a measurement, not a test (timings vary on shared machines).
    const paint = Number(
      await page.evaluate(`new Promise((resolve) => {
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName('first-contentful-paint')[0];
          if (entry) resolve(entry.startTime);
        }).observe({ type: 'paint', buffered: true });
        setTimeout(() => resolve(-1), 5000);
      })`),
    );
    writeFileSync(
      path.join(ARTIFACTS, 'metrics.json'),
      `${JSON.stringify({ weight, firstContentfulPaintMs: paint }, null, 2)}\n`,
    );
    expect(weight.html + weight.css + weight.js).toBeLessThan(50_000);
  });

  it('answers /kubecon service mesh only to you, with talk buttons; Next, 👍, Share and Dismiss work', async () => {
    await open();
    await type('/kubecon service mesh');
    const answer = ephemeral('Linkerd in staging');
    await answer.waitFor();
    expect(await answer.locator('.only-you').textContent()).toContain('Only visible to you');
    const talk = answer.locator('a.bk-button[data-action^="open_talk"]').first();
    expect(await talk.getAttribute('href')).toMatch(/^https:\/\/www\.youtube\.com\//);
    expect(await talk.getAttribute('target')).toBe('_blank');
    expect(await answer.locator('button.bk-primary').textContent()).toBe('Share in channel');
    expect(await answer.locator('strong').count()).toBeGreaterThan(0);
    await shot('answer');

    await answer.locator('button[value="answer_next"]').click();
    const second = ephemeral('Result 2 of 3');
    await second.waitFor();
    expect(await ephemeral('Result 1 of 3').count()).toBe(0); // replaced in place, not added
    expect(await second.locator('button[value="answer_previous"]').count()).toBe(1);
    await shot('next-result');

    await second.locator('button[value="feedback_helpful"]').click();
    await ephemeral('Glad that helped').waitFor();
    expect(await ephemeral('Glad that helped').textContent()).toContain('🙌');
    await shot('thumbs-up');

    await second.locator('button[value="answer_share"]').click();
    const shared = page.locator('#messages article:not(.ephemeral)', { hasText: 'shared an answer to' });
    await shared.waitFor();
    expect(await shared.textContent()).toContain('@you shared an answer to “service mesh”');
    await ephemeral('Result 2 of 3').waitFor({ state: 'detached' });
    await shot('shared');

    await type('/kubecon loki');
    await ephemeral('The Logging Problem').waitFor();
    await ephemeral('The Logging Problem').locator('button[value="answer_dismiss"]').click();
    await ephemeral('The Logging Problem').waitFor({ state: 'detached' });
    await shot('dismissed');
  });

  it('works from the keyboard alone: Enter sends, Shift+Tab reaches the answer’s buttons', async () => {
    await open();
    await page.keyboard.press('Tab'); // the skip link
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('composer-input');
    await page.keyboard.type('/kubecon gatekeeper');
    await page.keyboard.press('Enter');
    const answer = ephemeral('Wrap Up');
    await answer.waitFor();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Dismiss');
    await page.keyboard.press('Enter');
    await answer.waitFor({ state: 'detached' });
    await page.waitForFunction("document.activeElement?.id === 'composer-input'");
  });

  it('answers a mention in a thread, opened from its reply count, and a follow-up there without a mention', async () => {
    await open();
    await type('@kubecon what about loki?');
    const asked = page.locator('#messages article', { hasText: 'what about loki?' }).last();
    expect(await asked.locator('.mention').textContent()).toBe('@kubecon');
    await asked.locator('a.replies', { hasText: '1 reply' }).waitFor();
    await asked.locator('a.replies').click();
    const thread = page.locator('#thread-messages article');
    await page.locator('#thread-messages article.from-bot', { hasText: 'The Logging Problem' }).waitFor();
    await page.locator('body[data-live="on"]').waitFor();
    await shot('thread');

    await type('is it production ready?', '#thread-input');
    await page.locator('#thread-messages article.from-bot').nth(1).waitFor();
    const followUp = await thread.last().textContent();
    expect(followUp).toContain('🧵 Read together with the earlier question “what about loki?”');
    expect(await page.locator('#messages a.replies').last().textContent()).toBe('3 replies');
    await shot('thread-follow-up');
  });

  it('shows App Home, whose topic buttons answer in the DM with the bot', async () => {
    await open('?c=home');
    await page.locator('#messages .bk-header', { hasText: 'kubecon-bot' }).waitFor();
    expect(await page.locator('#messages .bk-divider').count()).toBeGreaterThan(0);
    await shot('app-home');
    await page.locator('#messages button', { hasText: 'Distributed tracing' }).click();
    await open('?c=dm');
    await page.locator('#messages article.from-bot', { hasText: '3. Distributed Tracing' }).waitFor();
    await type('what is gatekeeper?');
    await page.locator('#messages article.from-bot', { hasText: 'Wrap Up' }).waitFor();
    await shot('dm');
  });

  it('posts today’s tip to #team through the tip runner, once a day', async () => {
    await open();
    const next = (await page.locator('#tip-next').textContent())?.trim() ?? '';
    await page.locator('button.post-tip').click();
    await page.locator('#tip-outcome', { hasText: 'Posted today’s tip to #team.' }).waitFor();
    const tip = page.locator('#messages article', { hasText: 'Tip of the day' });
    await tip.waitFor();
    expect(await tip.textContent()).toContain(next.slice(0, 40));
    await shot('tip-posted');
    await page.locator('button.post-tip').click();
    await page.locator('#tip-outcome', { hasText: 'already in #team' }).waitFor();
    expect(await tip.count()).toBe(1);

    await tip.locator('button[value="tip_read_more"]').click();
    await page.locator('#messages article.ephemeral', { hasText: 'From Reflections' }).last().waitFor();
    await tip.locator('button[value="tip_another"]').click();
    await ephemeral('A tip from the notes').waitFor();
    await shot('tip-buttons');
  });

  it('answers /kubecon topics with topic buttons that answer, and takes 👎 and Previous too', async () => {
    await open();
    await type('/kubecon topics');
    await ephemeral('Topics in the notes').waitFor();
    await ephemeral('Topics in the notes').locator('button', { hasText: 'Prometheus at scale' }).click();
    await ephemeral('Observability › 1. Prometheus at Scale').last().waitFor();
    await type('/kubecon monitoring');
    const first = ephemeral('Result 1 of 4');
    await first.locator('button[value="answer_next"]').click();
    await ephemeral('Result 2 of 4').locator('button[value="answer_previous"]').click();
    await ephemeral('Result 1 of 4').waitFor();
    await ephemeral('Result 1 of 4').locator('button[value="feedback_unhelpful"]').click();
    await ephemeral('The team will use it to improve the notes').waitFor();
    await shot('topics-and-thumbs-down');
  });

  it('picks up an edited note: the reload shows in the panel and the next answer has the change', async () => {
    await open();
    const note = path.join(playground.knowledgeDir, 'mesh-trial.md');
    const edited = readFileSync(note, 'utf8').replace(
      'Every pod got a sidecar proxy',
      'Every pod got a sidecar proxy, which the playground test just wrote about',
    );
    writeFileSync(note, edited);
    await page.locator('#log li', { hasText: 'knowledge reloaded' }).waitFor();
    await type('/kubecon what the service mesh cost us');
    await ephemeral('which the playground test just wrote about').waitFor();
    await shot('note-edited');
  });

  it('has enough contrast for every kind of text, and asks nothing of the network beyond its own server', async () => {
    await open();
    const low = await page.evaluate(readFileSync(path.join(import.meta.dirname, 'low-contrast.js'), 'utf8'));
    expect(low).toEqual([]);
    const origin = new URL(playground.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
  });
});
