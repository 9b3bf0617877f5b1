import { describe, expect, it } from 'vitest';
import {
  createLogger,
  prettyDestination,
  scrub,
  serializeError,
  summarisePayloads,
  toBoltLogger,
} from '../src/logger.js';

describe('the logger', () => {
  it.each([
    ['token xoxb-123-456-abcDEF in text', 'token [redacted] in text'],
    ['{"appToken":"xapp-1-A1-2-xyz"}', '{"appToken":"[redacted]"}'],
    [`sig v0=${'a'.repeat(64)}`, 'sig [redacted]'],
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

describe('what people write, kept out of the log', () => {
  const envelope = JSON.stringify({ type: 'slash_commands', payload: { text: 'a secret plan for tuesday' } });

  it('logs a library payload as its length and a hash, keeping the words around it', () => {
    const line = summarisePayloads(`Received a message on the WebSocket: ${envelope} (done)`);
    expect(line).toMatch(
      new RegExp(
        `^Received a message on the WebSocket: \\{payload: ${envelope.length} chars, sha256 [0-9a-f]{12}\\} \\(done\\)$`,
      ),
    );
    expect(summarisePayloads(`again: ${envelope}`).slice(7)).toBe(line.slice(37, -7));
    expect(summarisePayloads('Going to establish a new connection to Slack')).toBe(
      'Going to establish a new connection to Slack',
    );
  });

  it('summarises what Bolt and the Web API client log, at every level', () => {
    const lines: string[] = [];
    const bolt = toBoltLogger(
      createLogger({ level: 'debug', secrets: [], destination: { write: (l) => lines.push(l) } }),
    );
    bolt.debug('http request body:', envelope);
    bolt.warn('ack() call begins (body:', JSON.parse(envelope), ')');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain('secret plan');
      expect(line).toContain('{payload: ');
    }
  });

  it('logs an error with its message and Slack’s error code, not the request it carried', () => {
    const error = Object.assign(new Error('Request failed with status code 500'), {
      code: 'ERR_BAD_RESPONSE',
      config: { data: '{"text":"a secret plan for tuesday"}' },
      data: { ok: false, error: 'not_in_channel' },
      cause: Object.assign(new Error('socket hang up'), { request: { body: 'a secret plan for tuesday' } }),
    });
    const lines: string[] = [];
    createLogger({ level: 'info', secrets: [], destination: { write: (l) => lines.push(l) } }).error(
      { err: error },
      'respond() failed',
    );
    expect(lines[0]).not.toContain('secret plan');
    expect(JSON.parse(lines[0] ?? '{}').err).toMatchObject({
      type: 'Error',
      message: expect.stringMatching(/^Request failed with status code 500/),
      code: 'ERR_BAD_RESPONSE',
      data: { error: 'not_in_channel' },
      cause: { message: 'socket hang up' },
    });
    expect(serializeError('plain')).toBe('plain');
  });
});
