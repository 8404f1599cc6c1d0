import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PLAN_BYTES } from '../../../shared/limits';
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
      'agent at line 1, column 14: unknown agent "nobody"; known agents: shell, claude-code, codex, gemini, aider, opencode',
      'tasks[0] (a) at line 1, column 93: unknown field "fils" (did you mean "files"?)',
      'tasks[0] (a).dependsOn at line 1, column 75: dependency cycle: a -> b -> a',
      'tasks[1] (b).dependsOn[1] at line 1, column 159: must be a string, not number 5',
      'tasks[1] (b).timeoutSec at line 1, column 170: must be a positive whole number of seconds',
      'tasks[1] (b).dependsOn[2] at line 1, column 161: depends on "ghost", which is not a task in this plan',
      'tasks[2] (bad id).id at line 1, column 188: "bad id" contains " "; ids use only letters, digits, ".", "_" and "-"',
      'tasks[2] (bad id).prompt at line 1, column 187: is required',
      'tasks[3] at line 1, column 215: must be an object ({...}), not the string "not a task"',
      'tasks[4] (e).files[1] at line 1, column 279: must be a string, not number 7',
      'tasks[4] (e).files[0] at line 1, column 272: "/abs" is an absolute path; write it relative to the repository root',
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

  it('refuses a file larger than any plan without reading more than the limit', async () => {
    const big = path.join(dir, 'big.json');
    await writeFile(big, '');
    await truncate(big, MAX_PLAN_BYTES + 1);
    expect(await loadPlanFile(big)).toMatchObject({
      ok: false,
      error: { code: 'UNREADABLE', message: `${big} is ${MAX_PLAN_BYTES + 1} bytes, larger than any plan (limit ${MAX_PLAN_BYTES} bytes); is it the right file?` },
    });
    // A device reports no size: reading stops at the limit instead of filling memory.
    const started = process.memoryUsage().rss;
    expect(await loadPlanFile('/dev/zero')).toMatchObject({
      ok: false,
      error: { code: 'UNREADABLE', where: '/dev/zero', message: `/dev/zero holds more than ${MAX_PLAN_BYTES} bytes, larger than any plan (limit ${MAX_PLAN_BYTES} bytes); is it the right file?` },
    });
    expect(process.memoryUsage().rss - started).toBeLessThan(4 * MAX_PLAN_BYTES);
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
