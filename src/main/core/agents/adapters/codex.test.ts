import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../agentEvent';
import { expectTruncationTolerated, parseAll, readFixture } from './adapterFixtures';
import { codexAdapter } from './codex';

const fixture = (caseName = ''): string => readFixture(codexAdapter, caseName);
const parse = (text: string): AgentEvent[] => parseAll(codexAdapter, text);

describe('codexAdapter.headlessArgs', () => {
  it('puts every option before `--` and the prompt last, so a prompt starting with "-" is never an option', () => {
    expect(codexAdapter.headlessArgs({ prompt: '--help', promptFile: '/p' })).toEqual(['exec', '--json', '--sandbox', 'workspace-write', '--', '--help']);
    expect(codexAdapter.headlessArgs({ prompt: '- x', promptFile: '/p', readOnly: true })).toEqual(['exec', '--json', '--sandbox', 'read-only', '--', '- x']);
  });

  it('resumes with `exec resume <id>`, the sandbox given through -c (resume has no --sandbox)', () => {
    expect(codexAdapter.headlessArgs({ prompt: '- more', promptFile: '/p', resumeSessionId: 'th' })).toEqual([
      'exec',
      'resume',
      '--json',
      '-c',
      'sandbox_mode="workspace-write"',
      '--',
      'th',
      '- more',
    ]);
  });
});

describe('codexAdapter.parseLine on the recorded stream', () => {
  const events = parse(fixture(''));

  it('reads the thread, the retried 429, words, the command, the patch with its file, and the usage', () => {
    expect(events.map((e) => e.kind)).toEqual([
      'session',
      'rateLimit',
      'message',
      'toolCall',
      'toolResult',
      'toolCall',
      'fileChange',
      'toolResult',
      'message',
      'usage',
      'done',
    ]);
    expect(events[1]).toMatchObject({ kind: 'rateLimit', retrying: true });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'shell', target: "/bin/bash -lc 'echo shell-ran > shell.txt'" }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolResult', ok: true, summary: 'exit 0' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'fileChange', path: expect.stringMatching(/\/notes\/cx1\.txt$/) as string, change: 'add' }));
    // input_tokens counts the cached ones too; the normalized input is the uncached part. No price: no cost.
    expect(events.find((e) => e.kind === 'usage')).toEqual({ kind: 'usage', usage: { input: 420, output: 75, cacheRead: 70 }, cumulative: true });
    expect(events.at(-1)).toEqual({ kind: 'done', ok: true, total: { input: 420, output: 75, cacheRead: 70 } });
  });

  it('on a resumed thread the usage is the thread running total', () => {
    expect(parse(fixture('-resume')).find((e) => e.kind === 'usage')).toEqual({
      kind: 'usage',
      usage: { input: 470, output: 80, cacheRead: 70 },
      cumulative: true,
    });
  });

  it('a 429 it gave up on is a rate limit and a failed run', () => {
    const limited = parse(fixture('-rate-limit'));
    expect(limited.map((e) => e.kind)).toEqual(['session', 'rateLimit', 'rateLimit', 'done']);
    expect(limited[1]).not.toHaveProperty('retrying');
    expect(limited.at(-1)).toMatchObject({ kind: 'done', ok: false, result: expect.stringContaining('429') as string });
  });

  it('a truncated stream ends in text, without a done, and never throws', () => {
    expectTruncationTolerated(codexAdapter, fixture(), '{"type":"turn.completed"');
  });
});

describe('codexAdapter.parseLine on other lines', () => {
  it('keeps an event or item it does not know, raw', () => {
    const raw = { type: 'thread.compacted', thread_id: 'x' };
    expect(codexAdapter.parseLine(JSON.stringify(raw))).toEqual([{ kind: 'unknown', raw }]);
    const item = { type: 'item.completed', item: { id: 'i', type: 'todo_list', items: [] } };
    expect(codexAdapter.parseLine(JSON.stringify(item))).toEqual([{ kind: 'unknown', raw: item }]);
  });

  it('shows a line that is not JSON as text', () => {
    expect(codexAdapter.parseLine('Reading additional input from stdin...')).toEqual([{ kind: 'text', text: 'Reading additional input from stdin...' }]);
  });

  it('reads an error that is not a rate limit, a failed command and a failed turn', () => {
    expect(codexAdapter.parseLine('{"type":"error","message":"stream disconnected"}')).toEqual([{ kind: 'error', message: 'stream disconnected' }]);
    const failed = { type: 'item.completed', item: { id: 'c', type: 'command_execution', command: 'false', aggregated_output: 'boom\nmore', exit_code: 1, status: 'failed' } };
    expect(codexAdapter.parseLine(JSON.stringify(failed))).toEqual([{ kind: 'toolResult', id: 'c', ok: false, summary: 'boom' }]);
    expect(codexAdapter.parseLine('{"type":"turn.failed","error":{"message":"bad request"}}')).toEqual([
      { kind: 'error', message: 'bad request' },
      { kind: 'done', ok: false, result: 'bad request' },
    ]);
    expect(() => codexAdapter.parseLine('{"type":"item.completed","item":{"type":"file_change","changes":5}}')).not.toThrow();
  });
});
