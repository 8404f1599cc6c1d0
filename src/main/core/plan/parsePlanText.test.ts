import { describe, expect, it } from 'vitest';
import { parsePlanText } from './parsePlanText';

const task = (extra: Record<string, unknown> = {}) => ({ id: 't1', title: 'T', prompt: 'p', ...extra });
const text = (plan: unknown) => JSON.stringify(plan, null, 2);

function problems(plan: unknown): string[] {
  const result = parsePlanText(text(plan), 'plan.json');
  if (result.ok) throw new Error('expected the plan to be refused');
  return result.error.details ?? [];
}

describe('parsePlanText', () => {
  it('reads the full example plan of the spec', () => {
    const plan = {
      version: 1,
      agent: 'claude-code',
      objectives: [{ id: 'auth', title: 'Sign-in', description: '...' }],
      adrs: [{ id: 'adr-001', objective: 'auth', title: 'Use JWT', status: 'accepted', context: '...', decision: '...', consequences: '...' }],
      tasks: [
        {
          id: 'login-api', title: 'Login endpoint', prompt: 'Implement ...', objective: 'auth', adrs: ['adr-001'], dependsOn: [],
          files: ['src/auth/**'], reads: ['src/db/**'], agent: 'codex', timeoutSec: 1800, retries: 1, priority: 0,
        },
      ],
      agents: [{ id: 'my-agent', command: 'my-agent', args: ['--task', '{promptFile}'], env: {} }],
      setup: 'npm ci',
      copyFiles: ['.env'],
      verify: 'npm test',
    };
    const result = parsePlanText(text(plan));
    expect(result).toEqual({ ok: true, value: plan });
  });

  it('needs only version and the id, title and prompt of each task', () => {
    expect(parsePlanText(text({ version: 1, tasks: [task()] })).ok).toBe(true);
    expect(problems({ version: 1, tasks: [{}] })).toEqual([
      'tasks[0].id at line 4, column 5: is required',
      'tasks[0].title at line 4, column 5: is required',
      'tasks[0].prompt at line 4, column 5: is required',
    ]);
    expect(problems({ tasks: [] })).toEqual(['version at line 1, column 1: is required ("version": 1)']);
    expect(problems({ version: 1 })).toEqual(['tasks at line 1, column 1: is required']);
  });

  it('reports an unknown field on its object, with the task id and a hint', () => {
    const plan = { version: 1, tasks: [task(), task({ id: 'b' }), task({ id: 'login-api', fils: ['src/**'] })] };
    expect(problems(plan)).toEqual(['tasks[2] (login-api) at line 18, column 7: unknown field "fils" (did you mean "files"?)']);
    expect(problems({ version: 1, tasks: [], verfy: 'npm test' })).toEqual(['plan at line 4, column 3: unknown field "verfy" (did you mean "verify"?)']);
    expect(problems({ version: 1, tasks: [], agents: [{ id: 'x', command: 'x', argv: [] }] })).toEqual([
      'agents[0] (x) at line 8, column 7: unknown field "argv" (did you mean "args"?)',
    ]);
  });

  it('checks numbers: timeoutSec, retries, priority, estimateSec', () => {
    const plan = {
      version: 1,
      tasks: [
        task({ id: 'a', timeoutSec: 0 }),
        task({ id: 'b', timeoutSec: 1.5 }),
        task({ id: 'c', retries: 21 }),
        task({ id: 'd', retries: -1 }),
        task({ id: 'e', priority: 0.5 }),
        task({ id: 'f', estimateSec: 0 }),
        task({ id: 'g', timeoutSec: '1800' }),
        task({ id: 'h', timeoutSec: 1, retries: 20, priority: -3, estimateSec: 0.5 }),
      ],
    };
    expect(problems(plan)).toEqual([
      'tasks[0] (a).timeoutSec at line 8, column 7: must be a positive whole number of seconds',
      'tasks[1] (b).timeoutSec at line 14, column 7: must be a positive whole number of seconds',
      'tasks[2] (c).retries at line 20, column 7: must be a whole number from 0 to 20',
      'tasks[3] (d).retries at line 26, column 7: must be a whole number from 0 to 20',
      'tasks[4] (e).priority at line 32, column 7: must be a whole number from -1000 to 1000 (higher runs earlier)',
      'tasks[5] (f).estimateSec at line 38, column 7: must be a positive number of seconds',
      'tasks[6] (g).timeoutSec at line 44, column 7: must be a number, not the string "1800"',
    ]);
  });

  it('checks types, enums, empty titles and the version', () => {
    const plan = {
      version: 2,
      objectives: [{ id: 'o', title: '  ' }],
      adrs: [{ id: 'a', title: 'A', status: 'maybe' }],
      tasks: [task({ dependsOn: 'x', files: ['ok', 3], status: 'running' })],
      agents: [{ id: 'x', command: 'x', env: { A: 1 } }],
    };
    expect(problems(plan)).toEqual([
      'version at line 2, column 3: unsupported plan version 2; this Wavelane reads version 1',
      'objectives[0] (o).title at line 6, column 7: must not be empty',
      'adrs[0] (a).status at line 13, column 7: must be one of "proposed", "accepted", "superseded", not "maybe"',
      'tasks[0] (t1).dependsOn at line 21, column 7: must be a list ([...]), not the string "x"',
      'tasks[0] (t1).files[1] at line 24, column 9: must be a string, not number 3',
      'tasks[0] (t1).status at line 26, column 7: must be one of "todo", "done", not "running"',
      'agents[0] (x).env.A at line 34, column 9: must be a string, not number 1',
    ]);
  });

  it('summarises several problems and names a single one', () => {
    const several = parsePlanText(text({ version: 1, tasks: [{ id: 'a' }] }), 'my-plan.json');
    expect(several).toMatchObject({ ok: false, error: { code: 'INVALID_PLAN', message: 'my-plan.json: 2 problems', where: 'my-plan.json' } });
    const one = parsePlanText(text({ version: 1, tasks: [task({ fils: [] })] }), 'my-plan.json');
    expect(one).toMatchObject({ ok: false, error: { message: 'my-plan.json: tasks[0] (t1) at line 8, column 7: unknown field "fils" (did you mean "files"?)' } });
  });

  it('refuses a plan that is not an object', () => {
    expect(problems([])).toEqual(['plan at line 1, column 1: a plan must be a JSON object with "version" and "tasks"']);
  });

  it('gives a JSON syntax error its line and column', () => {
    const result = parsePlanText('{\n  "version": 1,\n  "tasks": [],\n  "verify": "npm test",\n}\n', 'plan.json');
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_PLAN',
        message: 'plan.json: invalid JSON at line 4, column 23: trailing comma: JSON allows no comma before "}"',
        where: 'plan.json:4:23',
        details: ['line 4, column 23: trailing comma: JSON allows no comma before "}"'],
      },
    });
  });

  it('skips a byte-order mark', () => {
    expect(parsePlanText(`\ufeff${text({ version: 1, tasks: [] })}`).ok).toBe(true);
  });
});
