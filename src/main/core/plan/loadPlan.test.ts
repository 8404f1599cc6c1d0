import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPlanFile, loadPlanText } from './loadPlan';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');
const BUILTIN = ['shell', 'claude-code', 'codex', 'gemini', 'aider', 'opencode'];

describe('loadPlanText', () => {
  it('detects a Wavelane plan', () => {
    const text = JSON.stringify({ version: 1, tasks: [{ id: 'a', title: 'A', prompt: 'p' }] });
    expect(loadPlanText(text, 'p.json')).toEqual({
      ok: true,
      value: { plan: { version: 1, tasks: [{ id: 'a', title: 'A', prompt: 'p' }] }, format: 'wavelane', notes: [] },
    });
  });

  it('detects and imports an Auto-Claude plan', async () => {
    const text = await readFile(path.join(EXAMPLES, 'auto-claude/implementation_plan.json'), 'utf8');
    const result = loadPlanText(text, 'implementation_plan.json', { knownAgents: BUILTIN });
    expect(result.ok && result.value.format).toBe('auto-claude');
    expect(result.ok && result.value.plan.tasks.map((t) => t.id)).toEqual(['db-1', 'db-2', 'svc-1', 'svc-2', 'svc-3', 'api-users-get', 'api-tasks-post']);
    expect(result.ok && result.value.notes).toHaveLength(1);
  });

  it('reports shape and meaning problems of one plan together, in plan order, without repeating one', () => {
    const text = JSON.stringify({
      version: 1,
      agent: 'nobody',
      tasks: [
        { id: 'a', title: 'A', prompt: 'p', dependsOn: ['b'], fils: ['x'] },
        { id: 'b', title: 'B', prompt: 'p', dependsOn: ['a', 5, 'ghost'], timeoutSec: -1 },
        { id: 'bad id', title: 'C' },
        'not a task',
        { id: 'e', title: 'E', prompt: 'p', files: ['/abs', 7] },
      ],
    });
    const result = loadPlanText(text, 'plan.json', { knownAgents: BUILTIN });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PLAN', message: 'plan.json: 11 problems', where: 'plan.json' } });
    expect(!result.ok && result.error.details).toEqual([
      'agent: unknown agent "nobody"; known agents: shell, claude-code, codex, gemini, aider, opencode',
      'tasks[0] (a): unknown field "fils" (did you mean "files"?)',
      'tasks[0] (a).dependsOn: dependency cycle: a -> b -> a',
      'tasks[1] (b).dependsOn[1]: must be a string, not number 5',
      'tasks[1] (b).timeoutSec: must be a positive whole number of seconds',
      'tasks[1] (b).dependsOn[2]: depends on "ghost", which is not a task in this plan',
      'tasks[2] (bad id).prompt: is required',
      'tasks[2] (bad id).id: "bad id" contains " "; ids use only letters, digits, ".", "_" and "-"',
      'tasks[3]: must be an object ({...}), not the string "not a task"',
      'tasks[4] (e).files[1]: must be a string, not number 7',
      'tasks[4] (e).files[0]: "/abs" is an absolute path; write it relative to the repository root',
    ]);
  });

  it('reports a JSON syntax error alone, with line and column', () => {
    const result = loadPlanText('{\n  "version": 1\n  "tasks": []\n}', 'plan.json');
    expect(result).toMatchObject({ ok: false, error: { where: 'plan.json:3:3', details: ['line 3, column 3: missing comma before this property'] } });
  });

  it('validates an imported plan too', () => {
    // A phase that depends on itself is refused by the importer, before any task exists.
    const result = loadPlanText(JSON.stringify({ phases: [{ id: 'p', depends_on: ['p'], subtasks: [{ id: 's' }] }] }), 'ac.json');
    expect(result).toMatchObject({ ok: false, error: { message: 'ac.json: phases[0] (p).depends_on[0]: depends on itself' } });
  });
});

describe('loadPlanFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wavelane-plan-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an endless device (--plan /dev/zero) after reading no more than the cap', async () => {
    const before = process.memoryUsage().rss;
    const result = await loadPlanFile('/dev/zero');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('UNREADABLE');
    expect(!result.ok && result.error.message).toMatch(/holds more than \d+ bytes, larger than any plan/);
    // Reading /dev/zero whole used to hold ~600 MB before failing; the cap is 64 MB.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('reads a plan from a pipe, whose size is unknown', async () => {
    const text = JSON.stringify({ version: 1, tasks: [{ id: 'a', title: 'A', prompt: 'p' }] });
    const fifo = path.join(dir, 'plan.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = writeFile(fifo, text);
    const result = await loadPlanFile(fifo);
    await writer;
    expect(result.ok).toBe(true);
  });

  it('loads the hello example with no problems', async () => {
    const result = await loadPlanFile(path.join(EXAMPLES, 'hello-plan.json'), { knownAgents: BUILTIN });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.format).toBe('wavelane');
    expect(result.value.plan.objectives).toHaveLength(2);
    expect(result.value.plan.adrs).toHaveLength(1);
    expect(result.value.plan.tasks.length).toBeGreaterThanOrEqual(5);
    expect(result.value.plan.tasks.every((t) => (t.agent ?? result.value.plan.agent) === 'shell')).toBe(true);
  });

  it('names the file and the line of a trailing comma in a real malformed file', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{\n  "version": 1,\n  "tasks": [\n    { "id": "a", "title": "A", "prompt": "echo hi" },\n  ]\n}\n');
    const result = await loadPlanFile(file);
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_PLAN',
        message: `${file}: invalid JSON at line 4, column 53: trailing comma: JSON allows no comma before "]"`,
        where: `${file}:4:53`,
      },
    });
  });

  it('reports a missing file, a folder and an unreadable file by path', async () => {
    const missing = path.join(dir, 'nope.json');
    expect(await loadPlanFile(missing)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: `Plan file not found: ${missing}`, where: missing },
    });
    await mkdir(path.join(dir, 'folder.json'));
    expect(await loadPlanFile(path.join(dir, 'folder.json'))).toMatchObject({ ok: false, error: { code: 'UNREADABLE', where: path.join(dir, 'folder.json') } });
    const locked = path.join(dir, 'locked.json');
    await writeFile(locked, '{}');
    await chmod(locked, 0o000);
    const result = await loadPlanFile(locked);
    if (process.getuid?.() === 0) {
      console.log('root reads files whatever their mode: the permission case is not observable here');
      expect(result.ok).toBe(false);
    } else {
      expect(result).toMatchObject({ ok: false, error: { code: 'UNREADABLE', message: `Cannot read plan file ${locked}: permission denied` } });
    }
  });
});
