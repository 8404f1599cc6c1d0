import { describe, expect, it } from 'vitest';
import { TranscriptRenderer } from './transcript';

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('TranscriptRenderer', () => {
  it('shows words, one line per tool call with its outcome, and the usage on the last line', () => {
    const renderer = new TranscriptRenderer();
    const out = [
      renderer.render({ kind: 'session', sessionId: 's-1', model: 'claude-x' }),
      renderer.render({ kind: 'message', text: 'I will write the file.\nThen stop.' }),
      renderer.render({ kind: 'toolCall', id: 't1', tool: 'Write', target: 'notes/t1.txt' }),
      renderer.render({ kind: 'toolResult', id: 't1', ok: true, summary: 'File created\nmore lines' }),
      renderer.render({ kind: 'usage', usage: { input: 1200, output: 34 }, costUsd: 0.0123 }),
      renderer.render({ kind: 'done', ok: true, numTurns: 2 }),
    ].join('');
    expect(plain(out)).toBe(
      'session s-1 · claude-x\r\nI will write the file.\r\nThen stop.\r\n● Write notes/t1.txt\r\n  └ File created more lines\r\n' +
        '✓ done 1,200 in · 34 out · $0.0123 · 2 turns\r\n',
    );
  });

  it('shows errors in red, unknown events dimmed with their type, and text as it came', () => {
    const renderer = new TranscriptRenderer();
    expect(renderer.render({ kind: 'error', message: 'boom' })).toContain('\x1b[31m✗ boom');
    const unknown = renderer.render({ kind: 'unknown', raw: { type: 'brand_new', x: 'y'.repeat(500) } });
    expect(unknown.startsWith('\x1b[2m· brand_new ')).toBe(true);
    expect(plain(unknown).length).toBeLessThan(200);
    expect(renderer.render({ kind: 'text', text: 'not json {' })).toBe('not json {\r\n');
  });

  it('says cost unknown when the CLI priced nothing', () => {
    const renderer = new TranscriptRenderer();
    renderer.render({ kind: 'usage', usage: { input: 5, output: 6 } });
    expect(plain(renderer.render({ kind: 'done', ok: false }))).toBe('✗ failed 5 in · 6 out · cost unknown\r\n');
  });
});
