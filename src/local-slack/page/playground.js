// @ts-nocheck: runs in the browser (DOM types), not in Node; Biome lints it and the browser tests run it.
// The playground page's script. The page works without it (forms post and the server redirects back);
// with it, what you type and click is sent without a reload, the page follows every change the bot makes
// (server-sent events), Enter sends, and keyboard focus stays where it was.
(() => {
  const body = document.body;
  const here = { c: body.dataset.c || 'team', t: body.dataset.t };
  const viewUrl = () =>
    `/local/view?c=${encodeURIComponent(here.c)}${here.t ? `&t=${encodeURIComponent(here.t)}` : ''}`;
  const json = { accept: 'application/json' };

  /** A stable name for the focused element, to find it again after the fragments are replaced. */
  function focusKey(el) {
    if (!(el instanceof HTMLElement) || el.tagName === 'TEXTAREA' || el === body) return undefined;
    const message = el.closest('article.message');
    const id = el.getAttribute('value') || el.dataset.action || el.className;
    if (message) return { ts: message.dataset.ts, id, inThread: Boolean(el.closest('#thread')) };
    if (el.closest('#panel')) return { panel: el.className };
    return undefined;
  }

  function refocus(key) {
    if (!key) return;
    let el;
    if (key.panel) el = document.querySelector(`#panel .${CSS.escape(key.panel.split(' ')[0])}`);
    else {
      const scope = key.inThread ? document.getElementById('thread') : document.getElementById('messages');
      const message = scope?.querySelector(`article[data-ts="${CSS.escape(key.ts)}"]`);
      el =
        message?.querySelector(`[value="${CSS.escape(key.id)}"], [data-action="${CSS.escape(key.id)}"]`) ||
        message?.querySelector('button, a.bk-button') ||
        (key.inThread ? document.getElementById('thread-input') : document.getElementById('composer-input'));
    }
    el?.focus();
  }

  /** Replaces a container's content, keeping it scrolled to the bottom when it was there. */
  function swap(el, html) {
    if (!el || el.innerHTML === html) return false;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    el.innerHTML = html;
    if (atBottom) el.scrollTop = el.scrollHeight;
    return true;
  }

  function patch(view) {
    const key = focusKey(document.activeElement);
    const count = document.querySelectorAll('#messages article, #thread-messages article').length;
    swap(document.getElementById('messages'), view.messages);
    if (here.t && view.thread) {
      const fresh = document.createElement('template');
      fresh.innerHTML = view.thread;
      swap(
        document.getElementById('thread-messages'),
        fresh.content.getElementById('thread-messages')?.innerHTML ?? '',
      );
    }
    swap(document.getElementById('panel'), view.panel);
    const articles = document.querySelectorAll('#messages article, #thread-messages article');
    if (articles.length > count) announce(articles[articles.length - 1]);
    if (key && !document.activeElement?.closest('form.composer')) refocus(key);
  }

  function announce(article) {
    const text = article.querySelector('.content')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    document.getElementById('announcer').textContent = text.slice(0, 300);
  }

  let running = false;
  let again = false;
  async function refresh() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const res = await fetch(viewUrl(), { headers: json });
        if (res.ok) patch(await res.json());
      } while (again);
    } finally {
      running = false;
    }
  }

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    event.preventDefault();
    const data = new URLSearchParams(new FormData(form, event.submitter));
    const textarea = form.querySelector('textarea');
    if (textarea) {
      if (textarea.value.trim() === '') return;
      textarea.value = '';
    }
    body.dataset.busy = 'yes';
    try {
      // getAttribute: `form.action` would be the buttons named `action`.
      await fetch(form.getAttribute('action') ?? '', { method: 'POST', body: data, headers: json });
    } finally {
      delete body.dataset.busy;
    }
    await refresh();
  });

  // Enter sends, Shift+Enter starts a new line, as in Slack.
  document.addEventListener('keydown', (event) => {
    const field = event.target;
    if (
      field instanceof HTMLTextAreaElement &&
      event.key === 'Enter' &&
      !event.shiftKey &&
      !event.isComposing
    ) {
      event.preventDefault();
      field.form?.requestSubmit();
    }
  });

  // A link button opens its page in a new tab; Slack still tells the app it was clicked.
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a.bk-button[data-action]') : null;
    const form = link?.closest('form');
    if (!link || !form) return;
    const data = new URLSearchParams(new FormData(form));
    data.set('action', link.dataset.action);
    void fetch('/local/click', { method: 'POST', body: data, headers: json });
  });

  const messages = document.getElementById('messages');
  if (messages) messages.scrollTop = messages.scrollHeight;
  const changes = new EventSource('/local/events');
  changes.addEventListener('hello', () => {
    body.dataset.live = 'on';
    void refresh();
  });
  changes.addEventListener('change', () => void refresh());
  changes.addEventListener('error', () => {
    body.dataset.live = 'off';
  });
})();
