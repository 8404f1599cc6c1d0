import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeCodeAdapter } from '../../src/main/core/agents/adapters/claudeCode';
import { claudeProjectDirName, forgetWorktreeInAgentHomes } from '../../src/main/core/storage/agentHomeState';
import { recordHomeState } from '../../src/main/core/storage/testing/homeStateFixture';
import { claudeCodeEnv, DUMMY_KEY } from './harness/cliEnv';
import { pinnedCli } from './harness/pinnedCli';
import { runCli, tempWorkspace } from './harness/runCli';
import { startModelServer, type ModelServer } from './modelServer/server';

/**
 * Where the real CLIs leave per-folder state in a home, and that removing a worktree's entries takes
 * exactly those: two worktrees of one repository, each CLI run in both with one shared home, then one
 * worktree forgotten. WAVELANE_RECORD_FIXTURES=1 records the homes as the unit tests' fixtures.
 */
const claude = pinnedCli('claude-code');
const gemini = pinnedCli('gemini');
const fixtures = join(import.meta.dirname, '..', '..', 'src', 'main', 'core', 'storage', 'fixtures', 'home-state');

describe('per-worktree state the CLIs leave in the home', () => {
  let server: ModelServer;
  const ws = tempWorkspace('home-state');
  const wtA = join(ws.root, 'worktrees', 'wt-a');
  const wtB = join(ws.root, 'worktrees', 'wt-b');
  beforeAll(async () => {
    server = await startModelServer({
      conversations: [{ marker: 'TASK-home', turns: [{ kind: 'text', text: 'hello', usage: { input: 3, output: 1 } }] }],
      fallback: { kind: 'text', text: 'hello', usage: { input: 3, output: 1 } },
    });
    for (const [dir, branch] of [[wtA, 'a'], [wtB, 'b']] as const) execFileSync('git', ['worktree', 'add', '-q', '-b', branch, dir], { cwd: ws.repo });
  });
  afterAll(async () => {
    await server.close();
    ws.dispose();
  });

  it(`Claude Code ${claude.version}: its project folder per worktree goes, the other worktree's stays`, async () => {
    const home = join(ws.root, 'claude-home');
    mkdirSync(home);
    const env = claudeCodeEnv(home, server.url);
    for (const dir of [wtA, wtB]) {
      const run = await runCli(claude.executable, claudeCodeAdapter.headlessArgs({ prompt: 'TASK-home: say hello', promptFile: '' }), dir, env);
      expect(run.code, run.stderr).toBe(0);
    }
    const projects = join(env.CLAUDE_CONFIG_DIR as string, 'projects');
    // One folder per worktree (its transcripts), and one for the main checkout (its memory, shared by every
    // worktree of the repository: not ours to remove).
    const mainDir = claudeProjectDirName(ws.repo);
    expect(readdirSync(projects).sort()).toEqual([mainDir, claudeProjectDirName(wtA), claudeProjectDirName(wtB)].sort());
    // The interactive CLI also keeps an entry per folder in .claude.json (print mode does not): written here
    // as it writes it, beside what the real CLI wrote, so the removal is checked on the real file.
    const claudeJson = join(env.CLAUDE_CONFIG_DIR as string, '.claude.json');
    const written = JSON.parse(readFileSync(claudeJson, 'utf8')) as Record<string, unknown>;
    writeFileSync(claudeJson, JSON.stringify({ ...written, projects: { [wtA]: { allowedTools: [] }, [wtB]: { allowedTools: [] } } }, null, 2));
    if (process.env.WAVELANE_RECORD_FIXTURES === '1') {
      const fixture = recordHomeState(home, { WT_A: wtA, WT_B: wtB }, 'claude-code', claude.version);
      writeFileSync(join(fixtures, `claude-code-${claude.version}.json`), JSON.stringify(fixture, null, 2) + '\n');
    }

    const forgotten = await forgetWorktreeInAgentHomes(wtA, env);
    expect(forgotten.ok && forgotten.value.skipped).toEqual([]);
    expect(readdirSync(projects).sort()).toEqual([mainDir, claudeProjectDirName(wtB)].sort());
    const after = JSON.parse(readFileSync(claudeJson, 'utf8')) as Record<string, unknown>;
    expect(after).toEqual({ ...written, projects: { [wtB]: { allowedTools: [] } } });
  });

  it(`Gemini CLI ${gemini.version}: its project registry entry and folders per worktree go, the other's stay`, async () => {
    if (!existsSync(gemini.executable)) throw new Error(`${gemini.executable} is missing: run node test/agents/installClis.mjs`);
    const home = join(ws.root, 'gemini-home');
    mkdirSync(home);
    // No Gemini protocol on the server here: the CLI registers the folder before its first request.
    const env = { HOME: home, GEMINI_API_KEY: DUMMY_KEY, GOOGLE_GEMINI_BASE_URL: server.url };
    for (const dir of [wtA, wtB]) await runCli(gemini.executable, ['--skip-trust', '--output-format', 'stream-json', '--prompt=TASK-home: say hello'], dir, env);
    const geminiDir = join(home, '.gemini');
    const registry = () => JSON.parse(readFileSync(join(geminiDir, 'projects.json'), 'utf8')) as { projects: Record<string, string> };
    expect(registry().projects).toEqual({ [wtA]: 'wt-a', [wtB]: 'wt-b' });
    expect(readFileSync(join(geminiDir, 'tmp', 'wt-a', '.project_root'), 'utf8')).toBe(wtA);
    // A folder trusted by hand in the interactive CLI (Wavelane passes --skip-trust and never adds one).
    writeFileSync(join(geminiDir, 'trustedFolders.json'), JSON.stringify({ [wtA]: 'TRUST_FOLDER', [wtB]: 'TRUST_FOLDER' }, null, 2));
    if (process.env.WAVELANE_RECORD_FIXTURES === '1') {
      const fixture = recordHomeState(home, { WT_A: wtA, WT_B: wtB }, 'gemini', gemini.version);
      writeFileSync(join(fixtures, `gemini-${gemini.version}.json`), JSON.stringify(fixture, null, 2) + '\n');
    }

    const forgotten = await forgetWorktreeInAgentHomes(wtA, env);
    expect(forgotten.ok && forgotten.value.skipped).toEqual([]);
    expect(registry().projects).toEqual({ [wtB]: 'wt-b' });
    expect(JSON.parse(readFileSync(join(geminiDir, 'trustedFolders.json'), 'utf8'))).toEqual({ [wtB]: 'TRUST_FOLDER' });
    for (const sub of ['tmp', 'history']) expect(readdirSync(join(geminiDir, sub))).toEqual(['wt-b']);
  });
});
