import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES, neededScopes } from '../../src/slack/scopes.js';

describe('BOT_SCOPES', () => {
  it('names exactly the bot scopes manifest.yml asks for, so the start-up check matches the manifest', () => {
    const manifest = parse(readFileSync(path.join(import.meta.dirname, '../../manifest.yml'), 'utf8'));
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  it('needs no history scope in mentions-only mode and no panel scope with the panel off', () => {
    expect(neededScopes({ mentionsOnly: false, assistantPanel: true })).toEqual(BOT_SCOPES);
    const lean = neededScopes({ mentionsOnly: true, assistantPanel: false });
    expect(lean).not.toContain('channels:history');
    expect(lean).not.toContain('groups:history');
    expect(lean).not.toContain('assistant:write');
    expect(lean).toEqual(expect.arrayContaining(['commands', 'chat:write', 'im:history']));
  });
});
