import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SHARED_DIR } from './helpers.js';

const manifest = parse(readFileSync(path.join(import.meta.dirname, '../manifest.yml'), 'utf8'));
const schemaFile = path.join(SHARED_DIR, 'slack-fixtures/manifest-schema/schemas/manifest.schema.1.0.0.json');

describe('manifest.yml', () => {
  it('passes Slack’s app-manifest JSON Schema', () => {
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema really checks: the same manifest with a bad field is refused.
    expect(validate({ ...manifest, display_information: { name: 7 } })).toBe(false);
  });

  it('declares what the listeners handle: /kubecon, mentions, DMs, thread follow-ups and App Home', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/kubecon']);
    expect(manifest.features.slash_commands[0].usage_hint).toBeTruthy();
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_mention', 'message.im', 'message.channels', 'app_home_opened']),
    );
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('declares the assistant panel: its view, its scope and its events', () => {
    expect(manifest.features.assistant_view.assistant_description).toBeTruthy();
    expect(manifest.oauth_config.scopes.bot).toContain('assistant:write');
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['assistant_thread_started', 'assistant_thread_context_changed', 'message.im']),
    );
  });

  it('asks for the minimal scopes and no more', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'app_mentions:read',
        'channels:history',
        'chat:write',
        'commands',
        'groups:history',
        'im:history',
        'assistant:write',
      ].sort(),
    );
  });

  it('has every scope and event it declares explained in the README’s table', () => {
    const readme = readFileSync(path.join(import.meta.dirname, '../README.md'), 'utf8');
    const section = /^### Scopes and events\n([\s\S]*?)^#{2,3} /m.exec(readme)?.[1] ?? '';
    const named = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    const declared: string[] = [
      ...manifest.oauth_config.scopes.bot,
      ...manifest.settings.event_subscriptions.bot_events,
    ];
    expect(declared.length).toBeGreaterThan(5);
    for (const name of declared) expect(named, `${name} in the README's scopes table`).toContain(name);
  });
});
