import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentAdapter } from '../../src/main/core/agents/agentEvent';
import { claudeCodeAdapter } from '../../src/main/core/agents/adapters/claudeCode';
import { codexAdapter } from '../../src/main/core/agents/adapters/codex';
import { parseStdout, scriptedTotal, summedUsage } from './harness/agentRun';
import { claudeCodeEnv, codexEnv } from './harness/cliEnv';
import { pinnedCli } from './harness/pinnedCli';
import { runCli, tempWorkspace } from './harness/runCli';
import { startModelServer, type ModelServer } from './modelServer/server';
import type { ScriptedTurn } from './modelServer/script';

/**
 * Four tasks at once against one server, as a run starts them: two Claude Code and two Codex, each in
 * its own worktree of one repository, each CLI's sessions sharing one HOME (as on a user's machine, and
 * fresh, as on a first start). Each task must follow its own script (routed by its id in the prompt),
 * write its own file, and be charged exactly its own tokens.
 */
const TASKS: { id: string; cli: string; adapter: AgentAdapter; env: (home: string, url: string) => Record<string, string> }[] = [
  { id: 'TASK-p1', cli: 'claude-code', adapter: claudeCodeAdapter, env: claudeCodeEnv },
  { id: 'TASK-p2', cli: 'claude-code', adapter: claudeCodeAdapter, env: claudeCodeEnv },
  { id: 'TASK-p3', cli: 'codex', adapter: codexAdapter, env: codexEnv },
  { id: 'TASK-p4', cli: 'codex', adapter: codexAdapter, env: codexEnv },
];

function turnsFor(id: string, n: number): ScriptedTurn[] {
  return [
    { kind: 'toolCalls', calls: [{ tool: 'writeFile', path: `notes/${id}.txt`, content: `${id}\n` }], usage: { input: 100 * n, output: 10 * n, cacheRead: n } },
    { kind: 'text', text: `${id} done`, usage: { input: 7 * n, output: 3 * n } },
  ];
}

describe('four CLIs at once against one server', () => {
  let server: ModelServer;
  const ws = tempWorkspace('parallel');
  const scripts = new Map(TASKS.map((t, i) => [t.id, turnsFor(t.id, i + 1)]));
  beforeAll(async () => {
    server = await startModelServer({ conversations: TASKS.map((t) => ({ marker: t.id, turns: scripts.get(t.id) ?? [] })) });
  });
  afterAll(async () => {
    await server.close();
    ws.dispose();
  });

  it('each task follows its own script, writes its own file and is charged exactly its own tokens', async () => {
    const homes = new Map<string, string>();
    const runs = TASKS.map((task) => {
      const worktree = join(ws.root, 'worktrees', task.id);
      execFileSync('git', ['worktree', 'add', '-q', '-b', task.id, worktree], { cwd: ws.repo });
      const home = homes.get(task.cli) ?? join(ws.root, `home-${task.cli}`);
      homes.set(task.cli, home);
      mkdirSync(home, { recursive: true });
      const args = task.adapter.headlessArgs({ prompt: `- ${task.id}: write notes/${task.id}.txt`, promptFile: '' });
      return runCli(pinnedCli(task.cli).executable, args, worktree, task.env(home, server.url)).then((run) => ({ task, worktree, run }));
    });
    for (const { task, worktree, run } of await Promise.all(runs)) {
      expect(run.code, `${task.id}: ${run.stderr}`).toBe(0);
      expect(readFileSync(join(worktree, `notes/${task.id}.txt`), 'utf8')).toBe(`${task.id}\n`);
      expect(server.requestsFor(task.id).map((r) => r.answered)).toEqual(['toolCalls', 'text']);
      const events = parseStdout(task.adapter, run.stdout);
      const script = scripts.get(task.id) ?? [];
      expect(summedUsage(events).usage, task.id).toEqual(scriptedTotal(script.map((t) => ('usage' in t ? t.usage : undefined))));
      expect(events.at(-1)).toMatchObject({ kind: 'done', ok: true });
    }
    for (const home of homes.values()) rmSync(home, { recursive: true, force: true });
  });
});
