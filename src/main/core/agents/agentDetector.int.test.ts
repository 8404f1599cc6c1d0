import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_AGENT_SETTINGS } from '../../../shared/agents/agentSettings';
import { AgentDetector } from './agentDetector';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wavelane-detect-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in CLI that prints `output` for --version and counts how often it was asked (this tests our parsing, not a CLI). */
async function fakeCli(name: string, output: string, exitCode = 0): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\necho asked >> "${file}.calls"\nprintf '%s\\n' '${output}'\nexit ${exitCode}\n`);
  await chmod(file, 0o755);
  return file;
}

const calls = async (file: string) => (await readFile(`${file}.calls`, 'utf8')).split('\n').filter(Boolean).length;

describe('AgentDetector (fake CLIs on PATH)', () => {
  it('finds each CLI, reads its version, warns below the tested one, and honours the settings command', async () => {
    const claude = await fakeCli('claude', '2.0.1 (Claude Code)');
    await fakeCli('codex', 'codex-cli 9.0.0');
    await fakeCli('gemini', 'no version here');
    await fakeCli('qwen', 'oops', 3);
    const mine = await fakeCli('my-opencode', '1.18.33');
    const detector = new AgentDetector({ env: () => ({ PATH: `${dir}:/usr/bin:/bin` }), cwd: dir });
    const settings = { ...EMPTY_AGENT_SETTINGS, profiles: { opencode: { command: mine } } };
    const found = await detector.detect(settings);
    const byId = new Map(found.map((entry) => [entry.id, entry]));

    expect(byId.get('claude-code')).toMatchObject({ available: true, path: claude, version: '2.0.1', testedVersion: '2.1.332' });
    expect(byId.get('claude-code')?.warning).toBe('claude 2.0.1 is older than 2.1.332, the version Wavelane was tested with');
    expect(byId.get('codex')).toMatchObject({ available: true, version: '9.0.0' });
    expect(byId.get('codex')?.warning).toBeUndefined();
    expect(byId.get('gemini')?.version).toBeUndefined();
    expect(byId.get('gemini')?.warning).toContain('gemini --version printed no version');
    expect(byId.get('qwen-code')?.warning).toContain('exit 3');
    expect(byId.get('opencode')).toMatchObject({ command: mine, available: true, version: '1.18.33' });
    expect(byId.get('aider')).toMatchObject({ available: false, command: 'aider' });
    expect(byId.get('aider')?.version).toBeUndefined();
    expect(detector.current).toEqual(found);

    // Cached per start: a second detection asks no CLI again.
    await detector.detect(settings);
    expect(await calls(claude)).toBe(1);
    expect(await calls(mine)).toBe(1);
  });
});
