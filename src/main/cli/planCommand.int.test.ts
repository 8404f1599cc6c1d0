import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PLAN_BYTES } from '../../shared/limits';
import { runCliProcess } from './testing/cliProcess';

const ROOT = path.resolve(import.meta.dirname, '../../..');

async function planFile(plan: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wavelane-plan-'));
  const file = path.join(dir, 'plan.json');
  await writeFile(file, typeof plan === 'string' ? plan : JSON.stringify(plan, null, 2));
  return file;
}

describe('wavelane plan (the built CLI)', () => {
  it('prints the documented JSON for the wave example', async () => {
    const file = await planFile({
      version: 1,
      tasks: [
        { id: 't1', title: 'T1', prompt: '', files: ['a/**'] },
        { id: 't2', title: 'T2', prompt: '', files: ['a/**'] },
        { id: 't3', title: 'T3', prompt: '', dependsOn: ['t1'] },
        { id: 't4', title: 'T4', prompt: '' },
      ],
    });
    const result = await runCliProcess(['plan', '--plan', file, '--json'], { cwd: ROOT });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      waves: [['t1', 't4'], ['t2', 't3']],
      criticalPath: ['t1', 't3'],
      conflicts: [{ task: 't2', with: 't1', globs: ['a/**'] }],
    });
  });

  it('explains the shipped example: waves, locks, conflicts and the critical path', async () => {
    const result = await runCliProcess(['plan', '--plan', 'examples/hello-plan.json'], { cwd: ROOT });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Wave 1$/m);
    expect(result.stdout).toContain('locks: src/greet.sh (exclusive)');
    expect(result.stdout).toMatch(/Lock conflicts:\n {2}\S+ waits for \S+/);
    expect(result.stdout).toMatch(/Critical path: \S+ -> /);
  });

  it('imports an Auto-Claude implementation_plan.json', async () => {
    const result = await runCliProcess(['plan', '--plan', 'examples/auto-claude/implementation_plan.json', '--json'], { cwd: ROOT });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    // Phase 1 is not parallel-safe (chained); phase 2 waits for phase 1; the completed subtask is not scheduled.
    expect(summary.waves[0]).toEqual(['db-1']);
    expect(summary.waves[1]).toEqual(['db-2']);
    expect(summary.waves.flat()).not.toContain('svc-3');
  });

  it('reports every problem of an invalid plan on stderr, one per line, with exit 2', async () => {
    const file = await planFile({
      version: 1,
      tasks: [
        { id: 'a', title: 'A', prompt: '', dependsOn: ['b'] },
        { id: 'b', title: 'B', prompt: '', dependsOn: ['a'], agent: 'nope', fils: [] },
        { id: 'c', title: 'C', prompt: '', files: ['../outside'] },
      ],
    });
    const result = await runCliProcess(['plan', '--plan', file], { cwd: ROOT });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe(`${file}: 4 problems`);
    expect(result.stderr).toContain('a -> b -> a');
    expect(result.stderr).toContain('unknown field "fils"');
    expect(result.stderr).toContain('unknown agent "nope"');
    expect(result.stderr).toContain('"../outside"');
  });

  it('gives the line and column of a JSON syntax error, and names a missing file', async () => {
    const file = await planFile('{\n  "version": 1,\n  "tasks": [\n    { "id": "a", "title": "A", "prompt": "" },\n  ]\n}\n');
    const syntax = await runCliProcess(['plan', '--plan', file], { cwd: ROOT });
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/line 4, column \d+/);
    const missing = await runCliProcess(['plan', '--plan', '/nonexistent/plan.json'], { cwd: ROOT });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/plan.json');
  });

  it('refuses a plan larger than the limit after reading at most the limit (--plan /dev/zero), and an id git cannot branch', async () => {
    const zero = await runCliProcess(['plan', '--plan', '/dev/zero'], { cwd: ROOT });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain(`/dev/zero holds more than ${MAX_PLAN_BYTES} bytes, larger than any plan`);
    const file = await planFile({ version: 1, agent: 'shell', tasks: [{ id: 'a..b', title: 't', prompt: 'true' }] });
    const badId = await runCliProcess(['plan', '--plan', file], { cwd: ROOT });
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('tasks[0] (a..b).id at line 6, column 7: "a..b" contains "..", so it cannot name a git branch (wavelane/<id>)');
  });
});
