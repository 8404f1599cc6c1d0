import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentSession } from './agentSession';
import { BATCH_INTERVAL_MS, BATCH_MAX_BYTES } from './outputBatcher';
import { SessionFixture, waitFor } from './testing/sessionFixture';

/** Timers never fire early, but performance.now and the timer clock round differently by up to ~1 ms. */
const TIMER_SLACK_MS = 1.5;

describe('AgentSession in a real pty', () => {
  const fixture = new SessionFixture();
  afterEach(() => fixture.cleanup());

  it('delivers 2 MB of multi-byte output complete, in batches at most one per 16 ms window, and logs every byte', async () => {
    const line = 'ascii é ü 😀 日本語 0123456789\n';
    const content = line.repeat(Math.ceil((2 * 1024 * 1024) / Buffer.byteLength(line)));
    const dir = await fixture.tempDir();
    const source = path.join(dir, 'content.txt');
    await writeFile(source, content);
    const { session, batches, text, logPath } = await fixture.start(`cat '${source}'`);
    const exit = await session.exited;

    expect(exit).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false });
    // The pty's line discipline turns \n into \r\n (onlcr), as a real terminal would.
    const expected = content.replace(/\n/g, '\r\n');
    expect(text().length).toBe(expected.length);
    expect(text() === expected).toBe(true);
    expect(text()).not.toContain('\uFFFD');
    batches.forEach((batch, index) => {
      const last = batch.data.charCodeAt(batch.data.length - 1);
      expect(last >= 0xd800 && last <= 0xdbff, `batch ${index + 1} ends inside a surrogate pair`).toBe(false);
    });
    for (let i = 1; i < batches.length; i++) {
      const gap = (batches[i]?.at ?? 0) - (batches[i - 1]?.at ?? 0);
      const bytes = Buffer.byteLength(batches[i]?.data ?? '');
      // Either the time cap (16 ms since the previous batch) or the size cap (200 KB pending) sent it.
      expect(gap >= BATCH_INTERVAL_MS - TIMER_SLACK_MS || bytes >= BATCH_MAX_BYTES - 3, `batch ${i + 1}: ${gap} ms, ${bytes} B`).toBe(true);
    }
    expect(batches.length).toBeGreaterThan(1);
    const log = await readFile(logPath);
    expect(log.equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });

  it('sends typed input to the pty, where `read` receives it', async () => {
    const { session, worktree } = await fixture.start(`read -r line; printf '%s' "$line" > got.txt; echo done`);
    expect(session.write('hello wavelane\r')).toEqual({ ok: true, value: null });
    const exit = await session.exited;
    expect(exit.exitCode).toBe(0);
    expect(await readFile(path.join(worktree, 'got.txt'), 'utf8')).toBe('hello wavelane');
    expect(session.write('late')).toMatchObject({ ok: false, error: { code: 'NOT_RUNNING' } });
  });

  it('resizes the pty: stty size and tput cols see the new size', async () => {
    const { session, text } = await fixture.start(
      `echo "size:$(stty size) cols:$(tput cols)"; read -r _; echo "size:$(stty size) cols:$(tput cols)"`,
    );
    await waitFor(() => text().includes('size:30 120 cols:120'), 'the initial 120x30 size');
    expect(session.resize(100, 40)).toEqual({ ok: true, value: null });
    session.write('\r');
    await session.exited;
    expect(text()).toContain('size:40 100 cols:100');
    expect(session.resize(0, 10)).toMatchObject({ ok: false, error: { code: 'INVALID_SIZE' } });
    expect(session.resize(80, 24)).toMatchObject({ ok: false, error: { code: 'NOT_RUNNING' } });
  });

  it('propagates exit codes: 0, non-zero, and death by signal', async () => {
    const zero = await fixture.start('exit 0');
    const seven = await fixture.start('echo failing; exit 7');
    const killed = await fixture.start('kill -TERM $$');
    expect(await zero.session.exited).toMatchObject({ exitCode: 0, signal: null });
    expect(await seven.session.exited).toMatchObject({ exitCode: 7, signal: null, timedOut: false, cancelled: false });
    expect(await killed.session.exited).toMatchObject({ exitCode: 128 + 15, signal: 15 });
  });

  it('reports exit only after the last output, which is complete in the log', async () => {
    const { session, text, logPath } = await fixture.start(`printf 'first\\n'; printf 'last line without newline'`);
    let atExit = '';
    session.onDidExit(() => (atExit = text()));
    await session.exited;
    expect(atExit).toBe('first\r\nlast line without newline');
    expect(await readFile(logPath, 'utf8')).toBe(atExit);
  });

  it('sets the WAVELANE_* variables and the profile env, in the worktree, without stale terminal variables', async () => {
    const script = [
      `printf '%s\\n' "$WAVELANE_TASK_ID" "$WAVELANE_RUN_ID" "$WAVELANE_WORKTREE" "$WAVELANE_PROMPT_FILE" "$PWD" "$FROM_PROFILE" "\${COLUMNS-unset}" "$TERM" > env.txt`,
    ].join('\n');
    const started = await fixture.start(script, {
      taskId: 'env-task',
      profile: { id: 'shell', command: 'bash', args: ['{promptFile}'], env: { FROM_PROFILE: 'yes', WAVELANE_TASK_ID: 'spoofed' } },
      baseEnv: { ...process.env, COLUMNS: '5', WAVELANE_RUN_ID: 'stale' },
    });
    await started.session.exited;
    const lines = (await readFile(path.join(started.worktree, 'env.txt'), 'utf8')).split('\n');
    expect(lines.slice(0, 8)).toEqual([
      'env-task',
      'run-1',
      started.worktree,
      started.promptFile,
      started.worktree,
      'yes',
      'unset',
      'xterm-256color',
    ]);
  });

  it('passes a hostile prompt byte-for-byte as one argv entry, with no shell in between', async () => {
    const dir = await fixture.tempDir();
    const argvScript = path.join(dir, 'argv.cjs');
    const out = path.join(dir, 'argv.json');
    await writeFile(argvScript, `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));`);
    const prompt = `it's "quoted" $(rm -rf /) \`uname\` $HOME\nsecond line\ttab; | & > < * {taskId} ünï 😀 \\ end`;
    const { session, promptFile } = await fixture.start(prompt, {
      taskId: 'argv-task',
      title: 'Title with spaces',
      profile: { id: 'echo-argv', command: process.execPath, args: [argvScript, '{prompt}', '--task={taskId}', '{title}', '{promptFile}'] },
    });
    expect((await session.exited).exitCode).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual([prompt, '--task=argv-task', 'Title with spaces', promptFile]);
  });

  it('refuses to start with a missing worktree, a missing command or a bad size, creating nothing', async () => {
    const dir = await fixture.tempDir();
    const base = { args: [], taskId: 't', runId: 'r', promptFile: path.join(dir, 'p'), logPath: path.join(dir, 'logs', 't.log') };
    expect(await AgentSession.start({ ...base, command: 'bash', cwd: path.join(dir, 'nope') })).toMatchObject({
      ok: false,
      error: { code: 'CWD_NOT_FOUND' },
    });
    const missing = await AgentSession.start({ ...base, command: 'no-such-agent-cli', cwd: dir });
    expect(missing).toMatchObject({ ok: false, error: { code: 'COMMAND_NOT_FOUND', where: 'no-such-agent-cli' } });
    expect(!missing.ok && missing.error.message).toContain('no-such-agent-cli');
    expect(await AgentSession.start({ ...base, command: 'bash', cwd: dir, cols: 0 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_OPTIONS' },
    });
    expect(await AgentSession.start({ ...base, command: 'bash', cwd: dir, timeoutSec: -1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_OPTIONS' },
    });
    expect(existsSync(path.dirname(base.logPath))).toBe(false);
  });
});
