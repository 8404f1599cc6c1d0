import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventsLogPath, paneLogPath, transcriptLogPath } from '../storage/sessionLog';
import { claudeCodeAdapter } from './adapters/claudeCode';
import { SessionFixture } from './testing/sessionFixture';

const FIXTURE = path.join(import.meta.dirname, 'adapters', 'fixtures', 'claude-code-2.1.332.jsonl');
// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\x1b\[[0-9;?]*[A-Za-z]/g;

describe('an adapter session in a real pty', () => {
  const fixture = new SessionFixture();
  afterEach(() => fixture.cleanup());

  it('shows the transcript in the pane, keeps the raw bytes in the log and every event in events.jsonl', async () => {
    const recorded = await readFile(FIXTURE, 'utf8');
    const { session, text, logPath } = await fixture.start(`cat '${FIXTURE}'`, { adapter: claudeCodeAdapter });
    const exit = await session.exited;
    expect(exit.exitCode).toBe(0);

    const pane = text().replace(ANSI_SEQUENCE, '');
    expect(pane).toContain('● Write notes/cc1.txt');
    expect(pane).toContain('● Bash echo shell-ran > shell.txt');
    expect(pane).toMatch(/✓ done .*\$\d/);
    expect(pane).not.toContain('"type":"assistant"');
    // The raw log is the CLI's own output (the pty's line discipline adds \r).
    expect((await readFile(logPath, 'utf8')).replace(/\r\n/g, '\n')).toBe(recorded.endsWith('\n') ? recorded : `${recorded}\n`);
    expect((await readFile(transcriptLogPath(logPath), 'utf8')).replace(ANSI_SEQUENCE, '')).toBe(pane);
    expect(await paneLogPath(logPath)).toBe(transcriptLogPath(logPath));

    const events = (await readFile(eventsLogPath(logPath), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { kind: string; at: string });
    expect(events[0]).toMatchObject({ kind: 'session', sessionId: 'c1bfbc19-b6cc-4e86-8928-51e83666c8a6' });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'Write', target: 'notes/cc1.txt' }));
    expect(events.at(-1)).toMatchObject({ kind: 'done', ok: true });
    expect(events.every((event) => !Number.isNaN(Date.parse(event.at)))).toBe(true);

    expect(exit.cliSessionId).toBe('c1bfbc19-b6cc-4e86-8928-51e83666c8a6');
    expect(exit.usage?.costUsd).toBeGreaterThan(0);
    expect(exit.usage?.usage.input).toBeGreaterThan(0);
  });

  it('a raw session (no adapter) writes no transcript: its pane replays the log itself', async () => {
    const { session, logPath } = await fixture.start('echo plain');
    const exit = await session.exited;
    expect(exit.usage).toBeUndefined();
    expect(await paneLogPath(logPath)).toBe(logPath);
  });
});
