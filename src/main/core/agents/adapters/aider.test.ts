import { describe, expect, it } from 'vitest';
import { aiderAdapter } from './aider';

/**
 * Aider has no recorded fixture (it is a pip package; only the npm registry is reachable here): these
 * lines are written in the formats of aider's source (base_coder.py), see aider.ts.
 */
describe('aiderAdapter.headlessArgs', () => {
  it('sends the prompt as a file, so however it starts it is never an option', () => {
    expect(aiderAdapter.headlessArgs({ prompt: '--help', promptFile: '/tmp/p.md' })).toEqual([
      '--yes-always',
      '--no-auto-commits',
      '--no-pretty',
      '--no-check-update',
      '--message-file',
      '/tmp/p.md',
    ]);
    expect(aiderAdapter.headlessArgs({ prompt: 'x', promptFile: '/p', readOnly: true })).toContain('ask');
  });
});

describe('aiderAdapter.parseLine', () => {
  it('reads the tokens-and-cost line as a usage delta with the message cost', () => {
    expect(aiderAdapter.parseLine('Tokens: 2.3k sent, 120 received. Cost: $0.01 message, $0.05 session.')).toEqual([
      { kind: 'usage', usage: { input: 2300, output: 120 }, costUsd: 0.01 },
    ]);
    expect(aiderAdapter.parseLine('Tokens: 15k sent, 3.0k cache write, 9.5k cache hit, 1.1k received. Cost: $0.0042 message, $0.12 session.')).toEqual([
      { kind: 'usage', usage: { input: 12000, output: 1100, cacheRead: 9500, cacheWrite: 3000 }, costUsd: 0.0042 },
    ]);
  });

  it('a model without a price gives tokens and no cost', () => {
    expect(aiderAdapter.parseLine('Tokens: 950 sent, 40 received.')).toEqual([{ kind: 'usage', usage: { input: 950, output: 40 } }]);
  });

  it('reads applied edits, rate limits and retries; anything else is text; a truncated line is text', () => {
    expect(aiderAdapter.parseLine('Applied edit to notes/t1.txt')).toEqual([{ kind: 'fileChange', path: 'notes/t1.txt', change: 'modify' }]);
    expect(aiderAdapter.parseLine('litellm.RateLimitError: AnthropicException - rate_limit_error')).toEqual([
      { kind: 'rateLimit', message: 'litellm.RateLimitError: AnthropicException - rate_limit_error' },
    ]);
    expect(aiderAdapter.parseLine('Retrying in 0.5 seconds...')).toEqual([{ kind: 'rateLimit', message: 'Retrying in 0.5 seconds...', retrying: true }]);
    expect(aiderAdapter.parseLine('Aider v0.86.0')).toEqual([{ kind: 'text', text: 'Aider v0.86.0' }]);
    expect(aiderAdapter.parseLine('Tokens: 2.3k sent, 12')).toEqual([{ kind: 'text', text: 'Tokens: 2.3k sent, 12' }]);
    expect(aiderAdapter.parseLine('')).toEqual([]);
  });
});
