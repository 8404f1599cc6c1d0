import { describe, expect, it } from 'vitest';
import type { AgentAdapter, AgentEvent } from './agentEvent';
import { AdapterStream } from './adapterStream';

/** A toy JSON-lines adapter: the stream mechanics are under test here, not a CLI's format. */
const jsonLines: AgentAdapter = {
  id: 'toy',
  command: 'toy',
  recordedVersion: '0',
  headlessArgs: (start) => ['--', start.prompt],
  parseLine(line) {
    try {
      return [JSON.parse(line) as AgentEvent];
    } catch {
      return [{ kind: 'text', text: line }];
    }
  },
};

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('AdapterStream', () => {
  it('parses events split across chunks (even inside a multi-byte character) and renders them', () => {
    const events: AgentEvent[] = [];
    const stream = new AdapterStream(jsonLines, (event) => events.push(event));
    const bytes = Buffer.from('{"kind":"session","sessionId":"s1"}\r\n{"kind":"message","text":"héllo"}\r\n');
    const cut = bytes.indexOf(Buffer.from('é')) + 1;
    const out = stream.push(bytes.subarray(0, cut)) + stream.push(bytes.subarray(cut));
    expect(plain(out)).toBe('session s1\r\nhéllo\r\n');
    expect(events.map((event) => event.kind)).toEqual(['session', 'message']);
    expect(stream.sessionId).toBe('s1');
  });

  it('shows a truncated last line as text at the end, and sums usage', () => {
    const stream = new AdapterStream(jsonLines);
    stream.push('{"kind":"usage","usage":{"input":3,"output":4},"costUsd":0.5}\n{"kind":"mess');
    expect(stream.end()).toBe('{"kind":"mess\r\n');
    expect(stream.summary()).toEqual({ usage: { input: 3, output: 4 }, costUsd: 0.5 });
  });
});
