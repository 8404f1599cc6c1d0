import { existsSync } from 'node:fs';
import { readFile, stat, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { promptFilePath, writePromptFile } from './promptFile';
import { SessionFixture } from '../agents/testing/sessionFixture';

describe('writePromptFile (real files)', () => {
  const fixture = new SessionFixture();
  afterEach(() => fixture.cleanup());

  it('writes the prompt byte-for-byte to an owner-only file per attempt', async () => {
    const dir = await fixture.tempDir();
    const prompt = 'line 1\n$(rm -rf /) `x` "q" \'s\' ü 😀\n';
    const written = await writePromptFile({ dir: path.join(dir, 'state'), taskId: 'task-1', attempt: 2, prompt });
    expect(written).toEqual({ ok: true, value: promptFilePath(path.join(dir, 'state'), 'task-1', 2) });
    if (!written.ok) return;
    expect(await readFile(written.value, 'utf8')).toBe(prompt);
    expect((await stat(written.value)).mode & 0o777).toBe(0o600);
  });

  it('tightens the mode of a file that already existed', async () => {
    const dir = await fixture.tempDir();
    const file = promptFilePath(dir, 't', 1);
    await writeFile(file, 'old, longer content');
    await chmod(file, 0o644);
    expect(await writePromptFile({ dir, taskId: 't', attempt: 1, prompt: 'new' })).toEqual({ ok: true, value: file });
    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses a folder inside the worktree, a bad task id or attempt, and writes nothing', async () => {
    const dir = await fixture.tempDir();
    const worktree = path.join(dir, 'wt');
    const inside = await writePromptFile({ dir: path.join(worktree, '.wavelane'), taskId: 't', attempt: 1, prompt: 'p', worktree });
    expect(inside).toMatchObject({ ok: false, error: { code: 'INVALID_PROMPT_FILE' } });
    expect(existsSync(path.join(worktree, '.wavelane'))).toBe(false);
    const sibling = await writePromptFile({ dir: path.join(dir, 'wt-state'), taskId: 't', attempt: 1, prompt: 'p', worktree });
    expect(sibling.ok).toBe(true);
    expect(await writePromptFile({ dir, taskId: '../escape', attempt: 1, prompt: 'p' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PROMPT_FILE', where: '../escape' },
    });
    expect(await writePromptFile({ dir, taskId: 't', attempt: 0, prompt: 'p' })).toMatchObject({ ok: false });
  });

  it('reports an unwritable location as a value', async () => {
    const dir = await fixture.tempDir();
    const blocker = path.join(dir, 'file');
    await writeFile(blocker, 'x');
    const result = await writePromptFile({ dir: path.join(blocker, 'sub'), taskId: 't', attempt: 1, prompt: 'p' });
    expect(result).toMatchObject({ ok: false, error: { code: 'PROMPT_FILE_WRITE_FAILED' } });
  });
});
