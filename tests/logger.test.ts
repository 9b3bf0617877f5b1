import { describe, expect, it } from 'vitest';
import { createLogger, prettyDestination, scrub } from '../src/logger.js';

describe('the logger', () => {
  it.each([
    ['token xoxb-123-456-abcDEF in text', 'token [redacted] in text'],
    ['{"appToken":"xapp-1-A1-2-xyz"}', '{"appToken":"[redacted]"}'],
    ['sig v0=' + 'a'.repeat(64), 'sig [redacted]'],
    ['"authorization":"Bearer xyz123"', '"authorization":"[redacted]"'],
    ['the secret is hunter2hunter2', 'the secret is [redacted]'],
  ])('scrubs %j', (line, expected) => {
    expect(scrub(line, ['hunter2hunter2'])).toBe(expected);
  });

  it('writes structured JSON lines with secrets scrubbed, even from errors', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      secrets: ['s3cr3t-signing'],
      destination: { write: (l) => lines.push(l) },
    });
    logger.error({ err: new Error('auth failed for xoxb-999-888-zzz with s3cr3t-signing') }, 'boom');
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({ level: 50, msg: 'boom', app: 'kubecon-bot' });
    expect(lines[0]).not.toMatch(/xoxb-999|s3cr3t-signing/);
    expect(entry.err.message).toContain('[redacted]');
  });

  it('writes readable lines through pino-pretty when it is installed', async () => {
    expect(await prettyDestination()).toHaveProperty('write');
  });

  it('falls back to JSON lines when pino-pretty is not installed (a production install)', async () => {
    const missing = Object.assign(new Error("Cannot find package 'pino-pretty'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(await prettyDestination(() => Promise.reject(missing))).toBeUndefined();
    await expect(prettyDestination(() => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
  });
});
