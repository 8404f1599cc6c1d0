import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempRepo';
import { waitFor } from '../testing/waitFor';
import { isPidAlive } from './isPidAlive';
import { runShellCommand } from './shellCommand';

describe('runShellCommand (real bash)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports exit code and interleaved output', async () => {
    const run = await runShellCommand({ command: 'echo out; echo err >&2; exit 4', cwd: dir, timeoutMs: 10_000 });
    expect(run).toMatchObject({ exitCode: 4, timedOut: false, startError: null });
    expect(run.output.split('\n').sort()).toEqual(['', 'err', 'out']);
  });

  it('keeps only the tail of a long output', async () => {
    const run = await runShellCommand({ command: 'for i in $(seq 1 5000); do echo "line $i"; done', cwd: dir, timeoutMs: 10_000, maxOutputBytes: 1000 });
    expect(run.output.length).toBeLessThanOrEqual(1000);
    expect(run.output.endsWith('line 5000\n')).toBe(true);
    expect(run.output.startsWith('line ')).toBe(true);
  });

  it('stops a command that runs too long, with everything it started', async () => {
    const marker = path.join(dir, 'late');
    const started = Date.now();
    // `&&`, not `;`: bash can lose a SIGTERM that lands while it forks the subshell (seen under load), and a
    // surviving subshell then runs its next command at once. What must not happen is the sleep living on.
    const run = await runShellCommand({ command: `(sleep 3 && touch "${marker}") & sleep 30`, cwd: dir, timeoutMs: 300 });
    expect(run.timedOut).toBe(true);
    expect(run.exitCode).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(existsSync(marker)).toBe(false);
  });

  it('stops a setsid escapee of a command that runs too long (new session, parent gone)', async () => {
    const pidFile = path.join(dir, 'escapee.pid');
    const run = await runShellCommand({
      command: `(setsid sh -c 'echo $$ > "${pidFile}"; exec sleep 300' &); sleep 30`,
      cwd: dir,
      timeoutMs: 1_000,
    });
    expect(run.timedOut).toBe(true);
    const escapee = Number(await waitFor(async () => (await readFile(pidFile, 'utf8').catch(() => '')).trim(), 'the escapee to write its pid'));
    expect(escapee).toBeGreaterThan(0);
    await waitFor(() => !isPidAlive(escapee), 'the escapee to be killed');
  });

  it('does not hang on a background child that keeps the output open', async () => {
    const run = await runShellCommand({ command: 'sleep 30 & echo done', cwd: dir, timeoutMs: 20_000 });
    expect(run).toMatchObject({ exitCode: 0, timedOut: false, output: 'done\n' });
    expect(run.durationMs).toBeLessThan(10_000);
  });

  it('reports a folder that does not exist as a start error', async () => {
    const run = await runShellCommand({ command: 'true', cwd: path.join(dir, 'missing'), timeoutMs: 1_000 });
    expect(run.exitCode).toBeNull();
    expect(run.startError).toMatch(/ENOENT/);
  });
});
