import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../agentEvent';
import { expectTruncationTolerated, parseAll, readFixture } from './adapterFixtures';
import { opencodeAdapter } from './opencode';

const fixture = (caseName = ''): string => readFixture(opencodeAdapter, caseName);
const parse = (text: string): AgentEvent[] => parseAll(opencodeAdapter, text);

describe('opencodeAdapter.headlessArgs', () => {
  it('puts every option before `--` and the prompt last; titles the session from the prompt', () => {
    expect(opencodeAdapter.headlessArgs({ prompt: '--help', promptFile: '/p' })).toEqual(['run', '--format', 'json', '--title', '--', '--help']);
  });

  it('continues a session with --session <id>; read-only runs the plan agent', () => {
    expect(opencodeAdapter.headlessArgs({ prompt: '- x', promptFile: '/p', resumeSessionId: 'ses_1', readOnly: true })).toEqual([
      'run',
      '--format',
      'json',
      '--agent',
      'plan',
      '--session',
      'ses_1',
      '--title',
      '--',
      '- x',
    ]);
  });
});

describe('opencodeAdapter.parseLine on the recorded stream', () => {
  const events = parse(fixture());

  it('reads the session, the words, the write with its new file, and each step priced', () => {
    expect(events.map((e) => e.kind)).toEqual(['session', 'message', 'toolCall', 'fileChange', 'toolResult', 'usage', 'session', 'message', 'usage', 'done']);
    expect(events[0]).toMatchObject({ kind: 'session', sessionId: expect.stringMatching(/^ses_/) as string });
    expect(events[2]).toMatchObject({ kind: 'toolCall', tool: 'write', target: expect.stringMatching(/notes\/oc1\.txt$/) as string });
    expect(events[3]).toMatchObject({ kind: 'fileChange', change: 'add' });
    expect(events[4]).toMatchObject({ kind: 'toolResult', ok: true, summary: 'Wrote file successfully.' });
    // 400 uncached + 200 cached in, 25 out at $3 / $0.30 / $15 per million tokens.
    expect(events[5]).toEqual({ kind: 'usage', usage: { input: 400, output: 25, cacheRead: 200 }, costUsd: expect.closeTo(0.001635, 9) as number });
    expect(events.at(-1)).toEqual({ kind: 'done', ok: true });
  });

  it('a continued session reports only the new step', () => {
    const resumed = parse(fixture('-resume'));
    expect(resumed.filter((e) => e.kind === 'usage')).toEqual([{ kind: 'usage', usage: { input: 70, output: 7, cacheRead: 0 }, costUsd: expect.closeTo(0.000315, 9) as number }]);
  });

  it('a 429 it retried by itself leaves no trace in the stream', () => {
    expect(parse(fixture('-rate-limit')).map((e) => e.kind)).toEqual(['session', 'message', 'usage', 'done']);
  });

  it('a truncated stream ends in text, without a done, and never throws', () => {
    const text = fixture();
    expectTruncationTolerated(opencodeAdapter, text, '{"type":"step_finish"');
  });
});

describe('opencodeAdapter.parseLine on other lines', () => {
  it('keeps an event it does not know, raw, and shows a non-JSON line as text', () => {
    const raw = { type: 'snapshot', sessionID: 'ses_1', part: {} };
    expect(opencodeAdapter.parseLine(JSON.stringify(raw))).toEqual([{ kind: 'unknown', raw }]);
    expect(opencodeAdapter.parseLine('Author identity unknown')).toEqual([{ kind: 'text', text: 'Author identity unknown' }]);
  });

  it('reads a failed tool, an edit, a rate-limit error and another error', () => {
    const failed = { type: 'tool_use', part: { tool: 'edit', callID: 'c1', state: { status: 'error', input: { filePath: '/r/a.ts' }, error: 'oldString not found\nmore' } } };
    expect(opencodeAdapter.parseLine(JSON.stringify(failed))).toEqual([
      { kind: 'toolCall', id: 'c1', tool: 'edit', target: '/r/a.ts' },
      { kind: 'toolResult', id: 'c1', ok: false, summary: 'oldString not found' },
    ]);
    const edited = { type: 'tool_use', part: { tool: 'edit', callID: 'c2', state: { status: 'completed', input: { filePath: '/r/a.ts' }, output: 'Edit applied.' } } };
    expect(opencodeAdapter.parseLine(JSON.stringify(edited))).toContainEqual({ kind: 'fileChange', path: '/r/a.ts', change: 'modify' });
    const limited = { type: 'error', sessionID: 's', error: { name: 'APIError', data: { message: 'Rate limit reached for requests (429)' } } };
    expect(opencodeAdapter.parseLine(JSON.stringify(limited))).toEqual([
      { kind: 'rateLimit', message: 'Rate limit reached for requests (429)' },
      { kind: 'done', ok: false, result: 'Rate limit reached for requests (429)' },
    ]);
    expect(opencodeAdapter.parseLine('{"type":"error","error":{"name":"ProviderAuthError"}}')).toEqual([
      { kind: 'error', message: 'ProviderAuthError' },
      { kind: 'done', ok: false, result: 'ProviderAuthError' },
    ]);
    expect(() => opencodeAdapter.parseLine('{"type":"step_finish","part":{"tokens":"many"}}')).not.toThrow();
  });

  it('a write the plan agent refused is a failed tool result and a permission the agent needs', () => {
    // The line opencode 1.18.33 printed for `run --agent plan` asked to write a file (rules list cut).
    const refused = {
      type: 'tool_use',
      sessionID: 'ses_1',
      part: { type: 'tool', tool: 'write', callID: 'c3', state: { status: 'error', input: { filePath: 'notes/t1.txt', content: 'x' }, error: 'The user has specified a rule which prevents you from using this specific tool call. Here are some of the relevant rules [...]' } },
    };
    const events = opencodeAdapter.parseLine(JSON.stringify(refused));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolResult', id: 'c3', ok: false }));
    expect(events).toContainEqual({ kind: 'needsInput', permission: 'write notes/t1.txt' });
    expect(events.some((e) => e.kind === 'fileChange')).toBe(false);
  });
});
