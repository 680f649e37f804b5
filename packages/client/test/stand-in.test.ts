/** The stand-in server's own guarantees: it binds only what it is told, and its CLI parses. */
import { describe, expect, it } from 'vitest';
import { countTokens, parseArgs, startStandInServer } from '../../../test/stand-ins/llm-server/index.js';
import { standIn } from './helpers.js';

describe('stand-in LLM server', () => {
  it('binds 127.0.0.1 by default', async () => {
    const server = await standIn();
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('binds exactly the host it is given, and nothing else', async () => {
    const server = await standIn({ host: '127.0.0.2' });
    expect(server.host).toBe('127.0.0.2');
    await expect(fetch(`http://127.0.0.2:${server.port}/v2/health/ready`)).resolves.toHaveProperty('status', 200);
    await expect(fetch(`http://127.0.0.1:${server.port}/v2/health/ready`)).rejects.toThrow();
  });

  it.each(['0.0.0.0', '::'])('refuses to bind %s', async (host) => {
    await expect(startStandInServer({ host })).rejects.toThrow(/binds loopback only/);
  });

  it('parses its CLI flags', () => {
    expect(parseArgs(['--mode', 'openai', '--port', '9000', '--leak-template', '--no-decoupled', '--max-input-len', '5'])).toEqual({
      mode: 'openai',
      port: 9000,
      leakTemplate: true,
      decoupled: false,
      maxInputLen: 5,
    });
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option --bogus/);
  });

  it('counts a special token as one token', () => {
    expect(countTokens('<|im_start|>user\nhello world<|im_end|>')).toBe(5);
  });
});
