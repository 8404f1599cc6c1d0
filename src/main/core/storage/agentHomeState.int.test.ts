import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claudeProjectDirName, forgetWorktreeInAgentHomes } from './agentHomeState';
import { layOutHomeState, type HomeStateFixture } from './testing/homeStateFixture';

/** Homes laid out from files the real CLIs wrote (recorded by test/agents/homeState.test.ts). */
const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'home-state', `${name}.json`), 'utf8')) as HomeStateFixture;

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function setup(name: string) {
  const root = mkdtempSync(path.join(tmpdir(), 'wavelane-home-state-'));
  roots.push(root);
  const home = path.join(root, 'home');
  const worktrees = { WT_A: path.join(root, 'worktrees', 'wt-a'), WT_B: path.join(root, 'worktrees', 'wt-b') };
  layOutHomeState(fixture(name), home, worktrees);
  return { home, ...worktrees };
}

describe('forgetWorktreeInAgentHomes', () => {
  it('Claude Code 2.1.332: removes the worktree project folder and its .claude.json entry, and nothing else', async () => {
    const { home, WT_A, WT_B } = setup('claude-code-2.1.332');
    const env = { HOME: home, CLAUDE_CONFIG_DIR: path.join(home, '.claude') };
    const claudeJson = path.join(home, '.claude', '.claude.json');
    const before = JSON.parse(readFileSync(claudeJson, 'utf8')) as { projects: Record<string, unknown> };
    const forgotten = await forgetWorktreeInAgentHomes(WT_A, env);
    expect(forgotten.ok && forgotten.value.removed).toHaveLength(2);
    expect(readdirSync(path.join(home, '.claude', 'projects'))).toEqual([claudeProjectDirName(WT_B)]);
    const after = JSON.parse(readFileSync(claudeJson, 'utf8')) as { projects: Record<string, unknown> };
    const { [WT_A]: gone, ...kept } = before.projects;
    expect(gone).toBeDefined();
    expect(after).toEqual({ ...before, projects: kept });
    // Forgetting again finds nothing and rewrites nothing.
    const mtime = statSync(claudeJson).mtimeMs;
    const again = await forgetWorktreeInAgentHomes(WT_A, env);
    expect(again.ok && again.value).toEqual({ removed: [], skipped: [] });
    expect(statSync(claudeJson).mtimeMs).toBe(mtime);
  });

  it('leaves a Claude project folder whose transcripts name another folder (names collide: /a-b and /a/b)', async () => {
    const { home, WT_A } = setup('claude-code-2.1.332');
    const env = { HOME: home, CLAUDE_CONFIG_DIR: path.join(home, '.claude') };
    const dir = path.join(home, '.claude', 'projects', claudeProjectDirName(WT_A));
    writeFileSync(path.join(dir, 'other.jsonl'), JSON.stringify({ type: 'user', cwd: WT_A.replace(/wt-a$/, 'wt/a') }) + '\n');
    const forgotten = await forgetWorktreeInAgentHomes(WT_A, env);
    expect(forgotten.ok && forgotten.value.skipped).toEqual([dir]);
    expect(existsSync(dir)).toBe(true);
  });

  it('Gemini CLI 0.61.0: removes the registry entry, the trust entry and the project folders, and nothing else', async () => {
    const { home, WT_A, WT_B } = setup('gemini-0.61.0');
    const gemini = path.join(home, '.gemini');
    const forgotten = await forgetWorktreeInAgentHomes(WT_A, { HOME: home });
    expect(forgotten.ok && forgotten.value.skipped).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(gemini, 'projects.json'), 'utf8'))).toEqual({ projects: { [WT_B]: 'wt-b' } });
    expect(JSON.parse(readFileSync(path.join(gemini, 'trustedFolders.json'), 'utf8'))).toEqual({ [WT_B]: 'TRUST_FOLDER' });
    for (const sub of ['tmp', 'history']) expect(readdirSync(path.join(gemini, sub))).toEqual(['wt-b']);
  });

  it('leaves a file it cannot parse untouched and names it', async () => {
    const { home, WT_A } = setup('gemini-0.61.0');
    const registry = path.join(home, '.gemini', 'projects.json');
    writeFileSync(registry, '{ not json');
    mkdirSync(path.join(home, '.gemini', 'tmp', 'unrelated'), { recursive: true });
    const forgotten = await forgetWorktreeInAgentHomes(WT_A, { HOME: home });
    expect(forgotten.ok && forgotten.value.skipped).toEqual([`${registry}: projects["${WT_A}"]`]);
    expect(readFileSync(registry, 'utf8')).toBe('{ not json');
    expect(readdirSync(path.join(home, '.gemini', 'tmp')).sort()).toEqual(['unrelated', 'wt-b']);
  });
});
