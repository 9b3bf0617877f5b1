import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../../src/slack/scopes.js';

describe('BOT_SCOPES', () => {
  it('names exactly the bot scopes manifest.yml asks for, so the start-up check matches the manifest', () => {
    const manifest = parse(readFileSync(path.join(import.meta.dirname, '../../manifest.yml'), 'utf8'));
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });
});
