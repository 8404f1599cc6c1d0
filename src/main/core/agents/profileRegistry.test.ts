import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from './builtinProfiles';
import { expandProfile } from './expandProfile';
import { ProfileRegistry } from './profileRegistry';
import { SessionFixture } from './testing/sessionFixture';

const context = { prompt: 'do "it"\nnow', promptFile: '/s/p.txt', taskId: 't', title: 'T' };

describe('built-in profiles', () => {
  it('are the seven documented ones, each expanding with the prompt as one argument or a file', () => {
    expect(BUILTIN_PROFILES.map((p) => p.id)).toEqual(['shell', 'claude-code', 'codex', 'gemini', 'aider', 'opencode', 'qwen-code']);
    for (const profile of BUILTIN_PROFILES) {
      const expanded = expandProfile(profile, context);
      if (!expanded.ok) throw new Error(expanded.error.message);
      const carriesPrompt = expanded.value.args.some((a) => a === context.prompt || a === `--prompt=${context.prompt}`) || expanded.value.args.includes(context.promptFile);
      expect(carriesPrompt, profile.id).toBe(true);
    }
    expect(expandProfile(BUILTIN_PROFILES[0]!, context)).toMatchObject({ ok: true, value: { command: 'bash', args: ['/s/p.txt'] } });
  });
});

describe('ProfileRegistry', () => {
  const fixture = new SessionFixture();
  afterEach(() => fixture.cleanup());

  it('merges plan profiles over the built-ins: a plan profile with a built-in id replaces it', () => {
    const created = ProfileRegistry.create([
      { id: 'claude-code', command: 'claude', args: ['-p', '{prompt}', '--dangerously-skip-permissions'] },
      { id: 'mine', command: './agent.sh', args: ['{promptFile}'], env: { X: '1' } },
    ]);
    if (!created.ok) throw new Error(created.error.message);
    const registry = created.value;
    expect(registry.overridden).toEqual(['claude-code']);
    expect(registry.resolveProfile('claude-code')).toEqual({
      ok: true,
      value: { id: 'claude-code', command: 'claude', args: ['-p', '{prompt}', '--dangerously-skip-permissions'] },
    });
    expect(registry.list().map((p) => p.id)).toEqual(['shell', 'claude-code', 'codex', 'gemini', 'aider', 'opencode', 'qwen-code', 'mine']);
    const resolved = registry.resolveProfile('mine');
    if (resolved.ok) resolved.value.args?.push('mutated');
    expect(registry.resolveProfile('mine')).toMatchObject({ ok: true, value: { args: ['{promptFile}'] } });
  });

  it('reports an unknown profile and a duplicated plan profile id', () => {
    const registry = ProfileRegistry.create();
    if (!registry.ok) throw new Error('unexpected');
    const unknown = registry.value.resolveProfile('cursor');
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PROFILE', where: 'cursor' } });
    expect(!unknown.ok && unknown.error.message).toContain('claude-code');
    const duplicated = ProfileRegistry.create([
      { id: 'a', command: 'x' },
      { id: 'a', command: 'y' },
    ]);
    expect(duplicated).toMatchObject({ ok: false, error: { code: 'DUPLICATE_PROFILE', where: 'agents[1]' } });
  });

  it('checks availability on a real PATH: found, missing by name, and unknown ids', async () => {
    const dir = await fixture.tempDir();
    const bin = path.join(dir, 'bin');
    await mkdir(bin);
    await writeFile(path.join(bin, 'fake-agent'), '#!/bin/sh\n');
    await chmod(path.join(bin, 'fake-agent'), 0o755);
    const created = ProfileRegistry.create([
      { id: 'fake', command: 'fake-agent' },
      { id: 'gone', command: 'no-such-agent-cli' },
    ]);
    if (!created.ok) throw new Error('unexpected');
    const report = await created.value.checkAvailability(bin, dir, ['fake', 'gone', 'nope']);
    expect(report).toEqual([
      { id: 'fake', command: 'fake-agent', available: true, path: path.join(bin, 'fake-agent') },
      { id: 'gone', command: 'no-such-agent-cli', available: false, reason: expect.stringContaining('"no-such-agent-cli"') },
      { id: 'nope', command: '', available: false, reason: expect.stringContaining('"nope"') },
    ]);
    const all = await created.value.checkAvailability(bin, dir);
    expect(all.find((entry) => entry.id === 'claude-code')).toMatchObject({ available: false, reason: expect.stringContaining('"claude"') });
  });

  it('isBuiltin: a built-in id the plan did not replace (its adapter applies); not a plan\'s own or an override', () => {
    const registry = ProfileRegistry.create([{ id: 'codex', command: 'codex', args: ['exec', '--', '{prompt}'] }, { id: 'mine', command: 'x' }]);
    if (!registry.ok) throw new Error(registry.error.message);
    expect(registry.value.isBuiltin('claude-code')).toBe(true);
    expect(registry.value.isBuiltin('codex')).toBe(false);
    expect(registry.value.isBuiltin('mine')).toBe(false);
    expect(registry.value.isBuiltin('nope')).toBe(false);
  });
});
