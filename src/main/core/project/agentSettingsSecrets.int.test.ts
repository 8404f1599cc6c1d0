import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentSettings } from '../../../shared/agents/agentSettings';
import type { AnyEventEnvelope } from '../../../shared/contract/index';
import { openCoreHarness, type CoreHarness } from './testing/coreHarness';

/** A value no file would hold by chance: found anywhere, it leaked. */
const CANARY = 'sk-wavelane-canary-5c1e0d';

/** Every file below `dir` (skipping none), for a plain text search. */
async function filesBelow(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesBelow(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

describe('a secret in the agent settings stays there', () => {
  let h: CoreHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('never reaches a board snapshot, an event, the plan, .git/wavelane or a commit; only settings.agents.get returns it', async () => {
    h = await openCoreHarness();
    const seen: AnyEventEnvelope[] = [];
    h.core.onEvent((event) => seen.push(event));
    const settings: AgentSettings = {
      version: 1,
      profiles: {
        shell: { env: { MY_API_KEY: CANARY }, maxParallel: 1 },
        'claude-code': { env: { ANTHROPIC_API_KEY: CANARY, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } },
      },
    };
    expect(await h.call('settings.agents.set', { settings })).toEqual(settings);
    expect(await h.call('settings.agents.get', {})).toEqual(settings);
    expect((await stat(h.settingsFile)).mode & 0o777).toBe(0o600);

    await h.call('board.saveTask', { task: { id: 'work', title: 'Work', prompt: 'echo done > work.txt', agent: 'shell' } });
    await h.call('board.moveTask', { id: 'work', to: 'runParallel', index: 0 });
    await h.call('run.start', {});
    await h.waitForRun((run) => run.state === 'finished' && run.tasks[0]?.status === 'merged', 'the task to land and the run to end');
    expect(await h.repo.git('show', 'main:work.txt')).toBe('done');

    expect(JSON.stringify(await h.call('board.get', {}))).not.toContain(CANARY);
    expect(JSON.stringify(seen)).not.toContain(CANARY);
    expect(JSON.stringify(await h.call('board.export', {}))).not.toContain(CANARY);
    const stateFiles = await filesBelow(path.join(h.repo.dir, '.git', 'wavelane'));
    expect(stateFiles.length).toBeGreaterThan(0);
    for (const file of [...stateFiles, ...(await filesBelow(path.join(h.scratch, 'data')).catch(() => []))]) {
      // A temp file of an atomic write may be gone between the listing and the read: nothing to search then.
      const text = await readFile(file, 'latin1').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? '' : Promise.reject(error)));
      expect(text, file).not.toContain(CANARY);
    }
    expect(await h.repo.git('log', '-p', '--all')).not.toContain(CANARY);
  });

  it('refuses bad settings naming the field, and changes nothing', async () => {
    h = await openCoreHarness();
    const good: AgentSettings = { version: 1, profiles: { codex: { args: ['--verbose'] } } };
    await h.call('settings.agents.set', { settings: good });
    const before = await readFile(h.settingsFile, 'utf8');
    const refused = await h.core.request('settings.agents.set', { settings: { version: 1, profiles: { codex: { maxParallel: 0, env: { 'BAD-NAME': 'x' } } } } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('INVALID_INPUT');
      expect(refused.error.message).toContain('settings.profiles.codex.maxParallel');
      expect(refused.error.message).toContain('BAD-NAME');
    }
    expect(await readFile(h.settingsFile, 'utf8')).toBe(before);
  });

  it('agents.detect lists every built-in profile with the settings command', async () => {
    h = await openCoreHarness();
    await h.call('settings.agents.set', { settings: { version: 1, profiles: { aider: { command: '/nonexistent/aider' } } } });
    const found = await h.call<{ id: string; command: string; available: boolean; version?: string }[]>('agents.detect', {});
    expect(found.map((entry) => entry.id)).toEqual(['shell', 'claude-code', 'codex', 'gemini', 'aider', 'opencode', 'qwen-code']);
    expect(found.find((entry) => entry.id === 'aider')).toMatchObject({ command: '/nonexistent/aider', available: false });
    // bash is always here, and says its version.
    expect(found.find((entry) => entry.id === 'shell')).toMatchObject({ available: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) as string });
    // The board's agent list carries the version too (detection runs beside the board, so wait for it).
    for (let i = 0; i < 100; i++) {
      const board = await h.call<{ agents: { id: string; version?: string }[] }>('board.get', {});
      if (board.agents.find((agent) => agent.id === 'shell')?.version) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the board never showed the shell profile\'s version');
  });
});
