import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLoginShellEnv, mergeLoginShellEnv, readLoginShellEnv } from './loginShellEnv';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'wavelane-home-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('readLoginShellEnv (real bash)', () => {
  it("sees what the user's profile exports, even when the profile prints a banner", async () => {
    await writeFile(path.join(home, '.bash_profile'), 'echo "Welcome back"\nexport ANTHROPIC_API_KEY="sk-from-profile"\nexport WITH_QUOTES="a \'b\' \\"c\\""\n');
    const read = await readLoginShellEnv({ shell: '/bin/bash', baseEnv: { HOME: home, PATH: process.env.PATH } });
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.value.ANTHROPIC_API_KEY).toBe('sk-from-profile');
      expect(read.value.WITH_QUOTES).toBe(`a 'b' "c"`);
      expect(read.value.HOME).toBe(home);
      expect(read.value.ELECTRON_RUN_AS_NODE).toBeUndefined();
    }
  });

  it('gives up on a profile that hangs, with the shell named', async () => {
    await writeFile(path.join(home, '.bash_profile'), 'sleep 5\n');
    const read = await readLoginShellEnv({ shell: '/bin/bash', baseEnv: { HOME: home, PATH: process.env.PATH }, timeoutMs: 500 });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.message).toContain('/bin/bash');
  });

  it('says so when there is no shell to ask', async () => {
    const read = await readLoginShellEnv({ baseEnv: {} });
    expect(!read.ok && read.error.code).toBe('NO_SHELL');
  });
});

describe('the login shell environment merged under the app', () => {
  it("keeps the app's own values, adds the shell's, and puts the shell's PATH entries first", () => {
    const merged = mergeLoginShellEnv(
      { PATH: '/usr/bin:/bin', ANTHROPIC_BASE_URL: 'http://app' },
      { PATH: '/home/u/.local/bin:/usr/bin', ANTHROPIC_BASE_URL: 'http://shell', ANTHROPIC_API_KEY: 'sk-shell' },
    );
    expect(merged).toEqual({ PATH: '/home/u/.local/bin:/usr/bin:/bin', ANTHROPIC_BASE_URL: 'http://app', ANTHROPIC_API_KEY: 'sk-shell' });
  });

  it("applies a real profile's exports to the target, and a failure is one logged line", async () => {
    await writeFile(path.join(home, '.bash_profile'), 'export FROM_PROFILE=yes\nexport KEEP=shell\n');
    const target: NodeJS.ProcessEnv = { HOME: home, PATH: process.env.PATH, KEEP: 'app' };
    const lines: string[] = [];
    await applyLoginShellEnv(target, (line) => lines.push(line), { shell: '/bin/bash' });
    expect(target).toMatchObject({ FROM_PROFILE: 'yes', KEEP: 'app' });
    expect(lines).toEqual([]);

    const untouched: NodeJS.ProcessEnv = { HOME: home };
    await applyLoginShellEnv(untouched, (line) => lines.push(line), { shell: path.join(home, 'no-such-shell') });
    expect(untouched).toEqual({ HOME: home });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('no-such-shell');
  });
});
