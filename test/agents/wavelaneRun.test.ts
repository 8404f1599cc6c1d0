import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/shared/run/taskStatus';
import { ProfileRegistry } from '../../src/main/core/agents/profileRegistry';
import { startFollowUp } from '../../src/main/core/review/followUp';
import { lastCliSession, type RunState } from '../../src/main/core/storage/runState';
import { eventsLogPath, transcriptLogPath } from '../../src/main/core/storage/sessionLog';
import { scriptedTotal, userText } from './harness/agentRun';
import { claudeCodeEnv, codexEnv } from './harness/cliEnv';
import { pinnedCli } from './harness/pinnedCli';
import { CLI_TIMEOUT_MS, tempWorkspace } from './harness/runCli';
import { startModelServer, type ModelServer } from './modelServer/server';
import type { ScriptedTurn } from './modelServer/script';

/**
 * The real CLIs through the real run loop: `wavelane run --json` (the built CLI, out/main/cli.js) with
 * four parallel tasks, two Claude Code and two Codex, their keys, endpoints and executables coming from
 * the user's agent settings (agents.json in WAVELANE_CONFIG_DIR), never from the plan. Each task's
 * prompt starts with `-`. Every task must be merged with its file on main; the report's tokens must be
 * what the server scripted (Claude's cost what Claude itself reported); each attempt's events.jsonl and
 * its pane transcript must show its tool call; and a follow-up through the core must continue the same
 * CLI session (the server sees the earlier conversation).
 */
// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\x1b\[[0-9;?]*[A-Za-z]/g;
const CLI_JS = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');
const claude = pinnedCli('claude-code');
const codex = pinnedCli('codex');

const TASKS = [
  { id: 'w1', agent: 'claude-code' },
  { id: 'w2', agent: 'claude-code' },
  { id: 'w3', agent: 'codex' },
  { id: 'w4', agent: 'codex' },
] as const;
const marker = (id: string) => `TASK-${id}`;
const file = (id: string) => `notes/${id}.txt`;

function turnsFor(id: string, n: number): ScriptedTurn[] {
  return [
    { kind: 'toolCalls', calls: [{ tool: 'writeFile', path: file(id), content: `${id}\n` }], usage: { input: 100 * n, output: 10 * n, cacheRead: n } },
    { kind: 'text', text: `${marker(id)} done`, usage: { input: 7 * n, output: 3 * n } },
  ];
}
const followUpTurn: ScriptedTurn = { kind: 'text', text: 'Follow-up done in the same session.', usage: { input: 40, output: 4 } };

/** Runs the built CLI; resolves with its exit code and output. */
function wavelane(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_JS, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS * 2);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('wavelane run with the real Claude Code and Codex, four tasks in parallel', () => {
  let server: ModelServer;
  const ws = tempWorkspace('wavelane-run');
  const scripts = new Map(TASKS.map((task, i) => [task.id, turnsFor(task.id, i + 1)]));
  const configDir = join(ws.root, 'config');
  const dataDir = join(ws.root, 'data');
  const worktreeRoot = join(ws.root, 'worktrees');
  let report: RunReport;
  let state: RunState;

  beforeAll(async () => {
    for (const cli of [claude, codex]) {
      if (!existsSync(cli.executable)) throw new Error(`${cli.executable} is missing: run node test/agents/installClis.mjs (npm run test:agents does)`);
    }
    if (!existsSync(CLI_JS)) throw new Error(`${CLI_JS} is missing: run npm run build first`);
    server = await startModelServer({
      conversations: TASKS.map((task) => ({
        marker: marker(task.id),
        turns: [...(scripts.get(task.id) ?? []), ...(task.id === 'w1' ? [followUpTurn] : [])],
      })),
    });
    // The user's settings: each CLI's own executable (not on PATH), endpoint, key and private HOME.
    const claudeHome = join(ws.root, 'home-claude');
    const codexHome = join(ws.root, 'home-codex');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(
      join(configDir, 'agents.json'),
      JSON.stringify({
        version: 1,
        profiles: {
          'claude-code': { command: claude.executable, env: claudeCodeEnv(claudeHome, server.url) },
          codex: { command: codex.executable, env: codexEnv(codexHome, server.url) },
        },
      }),
    );
  });
  afterAll(async () => {
    await server?.close();
    ws.dispose();
  });

  it('merges every task with its file, with the scripted tokens, Claude\'s own cost, and a transcript of each tool call', async () => {
    const plan = {
      version: 1,
      tasks: TASKS.map((task) => ({
        id: task.id,
        title: `Write ${file(task.id)}`,
        prompt: `- ${marker(task.id)}: write ${file(task.id)}`,
        agent: task.agent,
        files: [file(task.id)],
      })),
    };
    const planFile = join(ws.root, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const env = { WAVELANE_CONFIG_DIR: configDir, XDG_DATA_HOME: dataDir, LANG: 'C.UTF-8' };
    const args = ['run', '--plan', planFile, '--repo', ws.repo, '--json', '--max-parallel', '4', '--keep-branches', '--worktree-root', worktreeRoot];
    const run = await wavelane(args, ws.repo, env);
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(run.stdout) as RunReport;
    state = JSON.parse(readFileSync(join(ws.repo, '.git', 'wavelane', 'runs', report.run, 'state.json'), 'utf8')) as RunState;

    for (const task of TASKS) {
      const id = task.id;
      const entry = report.tasks.find((t) => t.id === id);
      expect(entry?.status, `${id}: ${entry?.reason}`).toBe('merged');
      expect(execFileSync('git', ['show', `main:${file(id)}`], { cwd: ws.repo, encoding: 'utf8' })).toBe(`${id}\n`);
      // The prompt starting with `-` reached the model as text.
      expect(userText(server.requestsFor(marker(id))[0])).toContain(`- ${marker(id)}: write ${file(id)}`);
      const expected = scriptedTotal((scripts.get(id) ?? []).map((t) => ('usage' in t ? t.usage : undefined)));
      expect(entry?.usage?.usage, id).toMatchObject({ input: expected.input, output: expected.output, cacheRead: expected.cacheRead });

      const log = entry?.log ?? '';
      const raw = readFileSync(log, 'utf8');
      const result = raw.split('\n').find((line) => line.includes('"type":"result"'));
      if (task.agent === 'claude-code') {
        // Claude prices its tokens itself; the report carries exactly its figure.
        const reported = (JSON.parse(result ?? '{}') as { total_cost_usd?: number }).total_cost_usd;
        expect(reported).toBeGreaterThan(0);
        expect(entry?.usage?.costUsd).toBeCloseTo(reported ?? -1, 9);
      } else {
        expect(entry?.usage?.costUsd, 'Codex gives no price: none is made up').toBeNull();
      }
      const events = readFileSync(eventsLogPath(log), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind: string; tool?: string; target?: string });
      // What the pane showed, without its colours.
      const transcript = readFileSync(transcriptLogPath(log), 'utf8').replace(ANSI_SEQUENCE, '');
      const attempt = state.tasks.find((t) => t.id === id)?.attempts.at(-1);
      expect(attempt?.usage).toEqual(entry?.usage);
      expect(attempt?.sessionId, id).toEqual(expect.any(String));
      expect(events.find((e) => e.kind === 'session')).toMatchObject({ sessionId: attempt?.sessionId });
      if (task.agent === 'claude-code') {
        expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'Write', target: file(id) }));
        expect(transcript).toContain(`● Write ${file(id)}`);
      } else {
        const call = events.find((e) => e.kind === 'toolCall' && e.tool === 'apply_patch');
        expect(call?.target).toContain(`${id}.txt`);
        expect(transcript).toMatch(new RegExp(`● apply_patch .*${id}\\.txt`));
      }
      expect(transcript).toContain('✓ done');
    }
    const total = report.usage;
    const all = scriptedTotal([...scripts.values()].flat().map((t) => ('usage' in t ? t.usage : undefined)));
    expect(total?.usage).toMatchObject({ input: all.input, output: all.output, cacheRead: all.cacheRead });
    expect(total?.costUsd, 'a run with an unpriced (Codex) task has no total price').toBeNull();

    // The audit trail records each attempt's usage as the CLI reported it.
    const audit = readFileSync(join(ws.repo, '.git', 'wavelane', 'runs', report.run, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; task?: string; usage?: unknown });
    for (const task of report.tasks) {
      expect(audit.find((event) => event.type === 'attempt.usage' && event.task === task.id)?.usage).toEqual(task.usage?.usage);
    }

    const status = await wavelane(['status', '--repo', ws.repo], ws.repo, env);
    expect(status.stdout).toMatch(/w1 +merged .*tokens · \$\d/);
    expect(status.stdout).toMatch(/w3 +merged .*tokens · cost unknown/);
    expect(status.stdout).toContain('total:');
  });

  it('a follow-up through the core continues the same Claude Code session: the model sees the earlier conversation', async () => {
    const record = state.tasks.find((t) => t.id === 'w1');
    const attempt = record?.attempts.at(-1);
    expect(attempt).toBeDefined();
    if (!record || !attempt) return;
    // The run removed the merged task's worktree (its branch is kept): put it back where the session ran.
    execFileSync('git', ['worktree', 'add', '-q', attempt.worktree, attempt.branch], { cwd: ws.repo });
    const registry = ProfileRegistry.create([]);
    if (!registry.ok) throw new Error(registry.error.message);
    const profile = registry.value.resolveProfile('claude-code');
    if (!profile.ok) throw new Error(profile.error.message);
    const previous = lastCliSession(record);
    expect(previous).toMatchObject({ profile: 'claude-code', sessionId: attempt.sessionId, cwd: attempt.worktree });
    const started = await startFollowUp({
      task: { id: 'w1', title: 'Write notes/w1.txt', prompt: `- ${marker('w1')}: write ${file('w1')}` },
      profile: profile.value,
      runId: report.run,
      runDir: join(ws.repo, '.git', 'wavelane', 'runs', report.run),
      worktree: attempt.worktree,
      branch: attempt.branch,
      request: '- also say hello',
      builtin: registry.value.isBuiltin('claude-code'),
      previous,
      settingsFile: join(configDir, 'agents.json'),
    });
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value.resumed).toBe(true);
    const done = await started.value.done;
    const exit = await started.value.session.exited;
    expect(done).toEqual({ ok: true, value: 'empty' });
    expect(exit.cliSessionId).toBe(attempt.sessionId);
    const last = server.requestsFor(marker('w1')).at(-1);
    expect(last?.answered).toBe('text');
    expect(userText(last)).toContain('- also say hello');
    // The earlier conversation is in the request: the first prompt and the tool result of its Write.
    expect(userText(last)).toContain(`- ${marker('w1')}: write ${file('w1')}`);
    // Claude's totals cover the whole session: the attempt's tokens plus the follow-up's.
    const all = scriptedTotal([...(scripts.get('w1') ?? []), followUpTurn].map((t) => ('usage' in t ? t.usage : undefined)));
    expect(exit.usage?.usage).toMatchObject({ input: all.input, output: all.output });
  });
});
