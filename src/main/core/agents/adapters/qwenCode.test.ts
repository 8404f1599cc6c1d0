import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../agentEvent';
import { expectTruncationTolerated, parseAll, readFixture } from './adapterFixtures';
import { qwenCodeAdapter } from './qwenCode';

const fixture = (caseName = ''): string => readFixture(qwenCodeAdapter, caseName);
const parse = (text: string): AgentEvent[] => parseAll(qwenCodeAdapter, text);

describe('qwenCodeAdapter.headlessArgs', () => {
  it('glues the prompt to --prompt= (last): after `--` Qwen 0.24 would not take it as the prompt', () => {
    expect(qwenCodeAdapter.headlessArgs({ prompt: '--yolo', promptFile: '/p' })).toEqual(['--output-format', 'stream-json', '--approval-mode', 'auto-edit', '--prompt=--yolo']);
  });

  it('starts a new session with the id given up front (--session-id); never with --resume, which Qwen refuses', () => {
    expect(qwenCodeAdapter.headlessArgs({ prompt: 'x', promptFile: '/p', newSessionId: 'u-1' })).toEqual([
      '--output-format',
      'stream-json',
      '--approval-mode',
      'auto-edit',
      '--session-id',
      'u-1',
      '--prompt=x',
    ]);
    expect(qwenCodeAdapter.headlessArgs({ prompt: 'x', promptFile: '/p', newSessionId: 'u-1', resumeSessionId: 'r' })).not.toContain('--session-id');
  });

  it('resumes with --resume <id> and is read-only in plan mode', () => {
    expect(qwenCodeAdapter.headlessArgs({ prompt: 'x', promptFile: '/p', resumeSessionId: 'u-1', readOnly: true })).toEqual([
      '--output-format',
      'stream-json',
      '--approval-mode',
      'plan',
      '--resume',
      'u-1',
      '--prompt=x',
    ]);
  });
});

describe('qwenCodeAdapter.parseLine on the recorded stream', () => {
  const events = parse(fixture());

  it('reads the session, the words, both writes with their new files, and the session total', () => {
    expect(events.map((e) => e.kind)).toEqual(['session', 'message', 'toolCall', 'toolCall', 'fileChange', 'toolResult', 'fileChange', 'toolResult', 'message', 'usage', 'done']);
    expect(events[0]).toMatchObject({ kind: 'session', model: 'wavelane-scripted' });
    expect(events[2]).toMatchObject({ kind: 'toolCall', tool: 'write_file', target: expect.stringMatching(/notes\/qw1\.txt$/) as string });
    expect(events[4]).toMatchObject({ kind: 'fileChange', path: expect.stringMatching(/notes\/qw1\.txt$/) as string, change: 'add' });
    // input_tokens (1140) counts the 120 cached ones; the usage is the session's running total.
    const total = { input: 1020, output: 85, cacheRead: 120 };
    expect(events[9]).toEqual({ kind: 'usage', usage: total, cumulative: true });
    expect(events.at(-1)).toEqual({ kind: 'done', ok: true, result: 'Wrote notes/qw1.txt.', total, numTurns: 2 });
  });

  it('a resumed session reports the running total, earlier runs included', () => {
    const resumed = parse(fixture('-resume'));
    expect(resumed.filter((e) => e.kind === 'usage')).toEqual([{ kind: 'usage', usage: { input: 1100, output: 93, cacheRead: 120 }, cumulative: true }]);
  });

  it('a 429 it retried by itself leaves no trace in the stream; plan mode ends normally', () => {
    expect(parse(fixture('-rate-limit')).map((e) => e.kind)).toEqual(['session', 'message', 'usage', 'done']);
    expect(parse(fixture('-plan')).at(-1)).toMatchObject({ kind: 'done', ok: true });
  });

  it('a truncated stream ends in text, without a done, and never throws', () => {
    expectTruncationTolerated(qwenCodeAdapter, fixture(), '{"type":"result"');
  });
});

describe('qwenCodeAdapter.parseLine on other lines', () => {
  it('keeps an event it does not know, raw, and shows a non-JSON line as text', () => {
    const raw = { type: 'control_request', request_id: 'r1' };
    expect(qwenCodeAdapter.parseLine(JSON.stringify(raw))).toEqual([{ kind: 'unknown', raw }]);
    expect(qwenCodeAdapter.parseLine('Ripgrep not available')).toEqual([{ kind: 'text', text: 'Ripgrep not available' }]);
  });

  it('reads a failed tool, a rate-limited result and a failed result with denials', () => {
    const failed = { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', is_error: true, content: 'Permission denied\nmore' }] } };
    expect(qwenCodeAdapter.parseLine(JSON.stringify(failed))).toEqual([{ kind: 'toolResult', id: 't', ok: false, summary: 'Permission denied' }]);
    const limited = { type: 'result', subtype: 'error_during_execution', is_error: true, error: { message: '429 Rate limit reached for requests' }, num_turns: 1 };
    expect(qwenCodeAdapter.parseLine(JSON.stringify(limited))).toEqual([
      { kind: 'rateLimit', message: '429 Rate limit reached for requests' },
      { kind: 'done', ok: false, result: '429 Rate limit reached for requests', numTurns: 1 },
    ]);
    const denied = { type: 'result', subtype: 'success', is_error: false, result: 'done', permission_denials: [{ tool_name: 'run_shell_command' }] };
    expect(qwenCodeAdapter.parseLine(JSON.stringify(denied))).toEqual([{ kind: 'done', ok: true, result: 'done', permissionDenials: ['run_shell_command'] }]);
    expect(() => qwenCodeAdapter.parseLine('{"type":"assistant","message":{"content":"x","usage":3}}')).not.toThrow();
  });
});
