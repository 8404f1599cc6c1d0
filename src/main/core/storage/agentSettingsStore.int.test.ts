import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentSettingsPath, loadAgentSettings, saveAgentSettings } from './agentSettingsStore';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wavelane-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('agent settings file', () => {
  it('lives in the user config folder, never in a repository', () => {
    expect(agentSettingsPath({ XDG_CONFIG_HOME: '/home/u/.cfg' }, 'linux')).toBe('/home/u/.cfg/wavelane/agents.json');
    expect(agentSettingsPath({ WAVELANE_CONFIG_DIR: '/x' }, 'linux')).toBe('/x/agents.json');
    expect(agentSettingsPath({ XDG_CONFIG_HOME: 'relative' }, 'linux')).toBe(path.join(os.homedir(), '.config', 'wavelane', 'agents.json'));
  });

  it('is empty when missing, round-trips, and is written readable by its owner only', async () => {
    const file = path.join(dir, 'wavelane', 'agents.json');
    expect(await loadAgentSettings(file)).toEqual({ ok: true, value: { version: 1, profiles: {} } });
    const settings = { version: 1 as const, profiles: { 'claude-code': { env: { ANTHROPIC_API_KEY: 'sk-test' }, maxParallel: 2 } } };
    expect(await saveAgentSettings(file, settings)).toEqual({ ok: true, value: null });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadAgentSettings(file)).toEqual({ ok: true, value: settings });
  });

  it('names the file and the field of a bad setting, and a refused save changes nothing', async () => {
    const file = path.join(dir, 'agents.json');
    await writeFile(file, JSON.stringify({ version: 1, profiles: { codex: { env: { 'BAD-NAME': 'x' } } } }));
    const loaded = await loadAgentSettings(file);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.error.code).toBe('SETTINGS_INVALID');
      expect(loaded.error.message).toContain(file);
      expect(loaded.error.message).toContain('profiles.codex.env.BAD-NAME');
    }
    const before = await readFile(file, 'utf8');
    const saved = await saveAgentSettings(file, { version: 1, profiles: { codex: { maxParallel: 0 } } });
    expect(saved.ok).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('reports a file that is not JSON with its path', async () => {
    const file = path.join(dir, 'agents.json');
    await writeFile(file, '{ nope');
    const loaded = await loadAgentSettings(file);
    expect(!loaded.ok && loaded.error.code).toBe('SETTINGS_INVALID');
    expect(!loaded.ok && loaded.error.message).toContain(file);
  });
});
