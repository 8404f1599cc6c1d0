import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../agentEvent';
import { expectTruncationTolerated, parseAll, readFixture } from './adapterFixtures';
import { geminiAdapter } from './gemini';

const fixture = (caseName = ''): string => readFixture(geminiAdapter, caseName);
const parse = (text: string): AgentEvent[] => parseAll(geminiAdapter, text);

describe('geminiAdapter.headlessArgs', () => {
  it('glues the prompt to --prompt= (last), so a prompt starting with "-" is never an option; trusts the worktree', () => {
    expect(geminiAdapter.headlessArgs({ prompt: '--yolo', promptFile: '/p' })).toEqual([
      '--output-format',
      'stream-json',
      '--skip-trust',
      '--approval-mode',
      'auto_edit',
      '--prompt=--yolo',
    ]);
  });

  it('starts a new session with the id given up front (--session-id)', () => {
    expect(geminiAdapter.headlessArgs({ prompt: 'x', promptFile: '/p', newSessionId: 'u-1' })).toContain('--session-id');
    expect(geminiAdapter.headlessArgs({ prompt: 'x', promptFile: '/p', newSessionId: 'u-1', resumeSessionId: 'r' })).not.toContain('--session-id');
  });

  it('resumes with --resume <id> and is read-only in plan mode', () => {
    expect(geminiAdapter.headlessArgs({ prompt: 'x', promptFile: '/p', resumeSessionId: 'abc', readOnly: true })).toEqual([
      '--output-format',
      'stream-json',
      '--skip-trust',
      '--approval-mode',
      'plan',
      '--resume',
      'abc',
      '--prompt=x',
    ]);
  });
});

describe('geminiAdapter.parseLine on the recorded stream', () => {
  it('reads the session, the words, the write with its target and result, and the tokens (no price)', () => {
    const events = parse(fixture());
    expect(events.map((e) => e.kind)).toEqual(['session', 'message', 'toolCall', 'toolResult', 'message', 'usage', 'done']);
    expect(events[0]).toMatchObject({ kind: 'session', sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) as string, model: 'gemini-2.5-pro' });
    expect(events[2]).toMatchObject({ kind: 'toolCall', tool: 'write_file', target: 'notes/gm1.txt' });
    expect(events[3]).toMatchObject({ kind: 'toolResult', ok: true });
    // stats.input_tokens (750) counts the 100 cached tokens; `input` is the uncached part.
    expect(events[5]).toEqual({ kind: 'usage', usage: { input: 650, output: 50, cacheRead: 100 } });
    expect(events[6]).toEqual({ kind: 'done', ok: true });
  });

  it('a resumed run reports only its own tokens, in the same session', () => {
    const events = parse(fixture('-resume'));
    expect(events.find((e) => e.kind === 'usage')).toEqual({ kind: 'usage', usage: { input: 60, output: 6, cacheRead: 0 } });
  });

  it('plan mode: the refused write is a failed tool result and a permission the agent needs', () => {
    const events = parse(fixture('-plan'));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolResult', ok: false, summary: expect.stringContaining('Plan Mode') as string }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'needsInput', permission: expect.stringContaining('denied by policy') as string }));
  });

  it('a 429 it gave up on (after general.maxAttempts) is a rate limit and a failed run', () => {
    const events = parse(fixture('-rate-limit'));
    expect(events.map((e) => e.kind)).toEqual(['session', 'usage', 'rateLimit', 'done']);
    expect(events[2]).toMatchObject({ kind: 'rateLimit', message: expect.stringContaining('Resource has been exhausted') as string });
    expect(events.at(-1)).toMatchObject({ kind: 'done', ok: false });
  });

  it('a truncated stream ends in text, without a done, and never throws', () => {
    expectTruncationTolerated(geminiAdapter, fixture(), '{"type":"result"');
  });
});

describe('geminiAdapter.parseLine on other lines', () => {
  it('keeps an event it does not know, raw, and shows a non-JSON line as text', () => {
    const raw = { type: 'compression', before: 10, after: 5 };
    expect(geminiAdapter.parseLine(JSON.stringify(raw))).toEqual([{ kind: 'unknown', raw }]);
    expect(geminiAdapter.parseLine('Ripgrep is not available. Falling back to GrepTool.')).toEqual([
      { kind: 'text', text: 'Ripgrep is not available. Falling back to GrepTool.' },
    ]);
  });

  it('reads a 429 as a rate limit: a retry warning while it retries, a failed result when it gives up', () => {
    expect(geminiAdapter.parseLine('{"type":"error","severity":"warning","message":"Attempt 1 failed with status 429. Retrying with backoff..."}')).toEqual([
      { kind: 'rateLimit', message: 'Attempt 1 failed with status 429. Retrying with backoff...', retrying: true },
    ]);
    const failed = { type: 'result', status: 'error', error: { type: 'Error', message: '[API Error: Resource has been exhausted (e.g. check quota).]' }, stats: { input_tokens: 0, output_tokens: 0, cached: 0, input: 0 } };
    expect(geminiAdapter.parseLine(JSON.stringify(failed))).toEqual([
      { kind: 'usage', usage: { input: 0, output: 0, cacheRead: 0 } },
      { kind: 'rateLimit', message: failed.error.message },
      { kind: 'done', ok: false, result: failed.error.message },
    ]);
  });

  it('reads other errors and warnings', () => {
    expect(geminiAdapter.parseLine('{"type":"error","severity":"error","message":"Maximum session turns exceeded"}')).toEqual([
      { kind: 'error', message: 'Maximum session turns exceeded' },
    ]);
    expect(geminiAdapter.parseLine('{"type":"error","severity":"warning","message":"Loop detected, stopping execution"}')).toEqual([
      { kind: 'text', text: 'warning: Loop detected, stopping execution' },
    ]);
    expect(() => geminiAdapter.parseLine('{"type":"tool_use","parameters":7}')).not.toThrow();
  });
});
