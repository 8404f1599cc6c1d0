import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentSettingsPath, loadAgentSettings, saveAgentSettings } from './agentSettingsStore';
import type { SecretCodec } from './secretCodec';

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

/** Stands in for Electron's safeStorage (which needs Electron): reversible, and visibly not the plain text. */
const seal = (plain: string) => Buffer.from(`sealed:${plain}`).toString('base64');
const fakeCodec: SecretCodec = {
  encrypt: async (plain) => seal(plain),
  decrypt: async (base64) => {
    const text = Buffer.from(base64, 'base64').toString();
    return text.startsWith('sealed:') ? text.slice('sealed:'.length) : null;
  },
};

describe('agent settings with a secret codec (the desktop app)', () => {
  const settings = {
    version: 1 as const,
    profiles: { 'claude-code': { env: { ANTHROPIC_API_KEY: 'sk-secret-1', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' }, args: ['--verbose'] } },
  };

  it('writes secret env values as { enc } and plain ones as text, and reads them back', async () => {
    const file = path.join(dir, 'agents.json');
    expect(await saveAgentSettings(file, settings, fakeCodec)).toEqual({ ok: true, value: null });
    const raw = await readFile(file, 'utf8');
    expect(raw).not.toContain('sk-secret-1');
    const json = JSON.parse(raw) as { profiles: Record<string, { env: Record<string, unknown> }> };
    expect(json.profiles['claude-code']!.env.ANTHROPIC_API_KEY).toEqual({ enc: seal('sk-secret-1') });
    expect(json.profiles['claude-code']!.env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:9');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadAgentSettings(file, fakeCodec)).toEqual({ ok: true, value: settings });
  });

  it('reads a plain file with a codec, and without one writes plain text', async () => {
    const file = path.join(dir, 'agents.json');
    await saveAgentSettings(file, settings);
    expect(await readFile(file, 'utf8')).toContain('sk-secret-1');
    expect(await loadAgentSettings(file, fakeCodec)).toEqual({ ok: true, value: settings });
  });

  it('names the field it cannot decrypt, without a codec or with the wrong key', async () => {
    const file = path.join(dir, 'agents.json');
    await saveAgentSettings(file, settings, fakeCodec);
    for (const codec of [undefined, { encrypt: fakeCodec.encrypt, decrypt: async () => null }]) {
      const loaded = await loadAgentSettings(file, codec);
      expect(loaded.ok).toBe(false);
      if (!loaded.ok) {
        expect(loaded.error.code).toBe('SETTINGS_INVALID');
        expect(loaded.error.message).toContain('profiles.claude-code.env.ANTHROPIC_API_KEY');
      }
    }
  });
});
