import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import {
  chooseFrontEnd,
  type FrontEndInput,
  PRODUCTION_NEEDS_SLACK,
} from '../../src/local-slack/front-end.js';

const base: FrontEndInput = { args: [], hasCredentials: false, production: false, stdin: 'terminal' };

describe('chooseFrontEnd', () => {
  it.each([
    [{}, 'playground'],
    [{ stdin: 'none' }, 'playground'],
    [{ stdin: 'pipe' }, 'shell'],
    [{ args: ['--shell'] }, 'shell'],
    [{ args: ['--playground'], stdin: 'pipe' }, 'playground'],
    [{ hasCredentials: true, stdin: 'pipe' }, 'slack'],
    [{ hasCredentials: true, args: ['--playground'] }, 'playground'],
    [{ hasCredentials: true, production: true }, 'slack'],
  ] as const)('with %j runs the %s', (input, expected) => {
    expect(chooseFrontEnd({ ...base, ...input })).toBe(expected);
  });

  it('never runs the local Slack in production: a one-line error naming the missing variables', () => {
    expect(() => chooseFrontEnd({ ...base, production: true })).toThrow(ConfigError);
    expect(() => chooseFrontEnd({ ...base, production: true })).toThrow(PRODUCTION_NEEDS_SLACK);
    expect(() => chooseFrontEnd({ ...base, production: true, args: ['--shell'] })).toThrow(
      '--shell never runs with NODE_ENV=production',
    );
    try {
      chooseFrontEnd({ ...base, production: true, stdin: 'none' });
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
