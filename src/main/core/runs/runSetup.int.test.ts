import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempRepo';
import { runSetup } from './runSetup';

describe('runSetup (real bash)', () => {
  let wt: { path: string };
  beforeEach(async () => {
    wt = { path: await makeTempDir('wavelane-setup-') };
  });
  afterEach(async () => {
    await rm(wt.path, { recursive: true, force: true });
  });

  it('runs setup in the worktree, and reports a failing one with its output', async () => {
    const ok = await runSetup({ worktree: wt.path, command: 'pwd > where.txt && echo set up' });
    expect(ok.ok && ok.value.output).toBe('set up\n');
    expect((await readFile(path.join(wt.path, 'where.txt'), 'utf8')).trim()).toBe(wt.path);
    const failed = await runSetup({ worktree: wt.path, command: 'echo "npm ERR! missing"; exit 7' });
    expect(failed).toMatchObject({ ok: false, error: { code: 'SETUP_FAILED', where: wt.path, details: ['npm ERR! missing'] } });
    expect(!failed.ok && failed.error.message).toContain('exited with 7');
  });
});
