import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PlanTask } from '../../../shared/plan/plan';
import { importAutoClaude, isAutoClaudePlan } from './importAutoClaude';
import { validatePlan } from './validatePlan';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/auto-claude/implementation_plan.json');
const CONTEXT = (phase: string) => `\n\nContext: part of "Task tracker API", ${phase} (imported from Auto-Claude's implementation_plan.json).`;

function imported(json: unknown) {
  const result = importAutoClaude(json);
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

const deps = (tasks: PlanTask[]) => Object.fromEntries(tasks.map((t) => [t.id, t.dependsOn ?? []]));

describe('importAutoClaude: the sample file', () => {
  it('turns phases into objectives and subtasks into tasks with the right dependencies', async () => {
    const json: unknown = JSON.parse(await readFile(SAMPLE, 'utf8'));
    expect(isAutoClaudePlan(json)).toBe(true);
    const { plan, notes } = imported(json);
    expect(plan.version).toBe(1);
    expect(plan.objectives).toEqual([
      { id: 'phase-1', title: 'Database schema' },
      { id: 'phase-2', title: 'Backend services' },
      { id: 'phase-3', title: 'API endpoints' },
    ]);
    const phase1 = CONTEXT('phase 1 "Database schema"');
    const phase2 = CONTEXT('phase 2 "Backend services"');
    const phase3 = CONTEXT('phase 3 "API endpoints"');
    expect(plan.tasks).toEqual([
      // Phase 1 is not parallel_safe: its subtasks are chained in order.
      { id: 'db-1', title: 'Create the users table', prompt: `Create the users table${phase1}`, objective: 'phase-1' },
      {
        id: 'db-2',
        title: 'Create the tasks table with a foreign key to users',
        prompt: `Create the tasks table with a foreign key to users${phase1}`,
        objective: 'phase-1',
        dependsOn: ['db-1'],
      },
      // Phase 2 is parallel_safe and depends on phase 1: every subtask waits for all of phase 1.
      { id: 'svc-1', title: 'Implement UserService', prompt: `Implement UserService${phase2}`, objective: 'phase-2', dependsOn: ['db-1', 'db-2'] },
      { id: 'svc-2', title: 'Implement TaskService', prompt: `Implement TaskService${phase2}`, objective: 'phase-2', dependsOn: ['db-1', 'db-2'] },
      {
        id: 'svc-3',
        title: 'Implement AuthService',
        prompt: `Implement AuthService${phase2}`,
        objective: 'phase-2',
        dependsOn: ['db-1', 'db-2'],
        status: 'done',
      },
      {
        id: 'api-users-get',
        title: 'GET /api/users endpoint',
        prompt: `GET /api/users endpoint${phase3}`,
        objective: 'phase-3',
        dependsOn: ['svc-1', 'svc-2', 'svc-3'],
      },
      {
        id: 'api-tasks-post',
        title: 'POST /api/tasks endpoint',
        prompt: `POST /api/tasks endpoint${phase3}`,
        objective: 'phase-3',
        dependsOn: ['svc-1', 'svc-2', 'svc-3'],
      },
    ]);
    expect(notes).toEqual(['1 subtask was already completed in Auto-Claude and is imported as done (not run): svc-3']);
    expect(validatePlan(plan, { knownAgents: ['shell'] })).toEqual([]);
  });
});

describe('importAutoClaude: real-world variations', () => {
  it('accepts depends_on by phase number (number or string) and phases without ids', () => {
    const { plan } = imported({
      phases: [
        { phase: 1, name: 'One', subtasks: [{ id: 'a', description: 'A' }] },
        { phase: 2, name: 'Two', depends_on: [1], subtasks: [{ id: 'b', description: 'B' }] },
        { phase: 3, name: 'Three', depends_on: ['2', 'phase-1'], subtasks: [{ id: 'c', description: 'C' }] },
      ],
    });
    expect(plan.objectives?.map((o) => o.id)).toEqual(['phase-1', 'phase-2', 'phase-3']);
    expect(deps(plan.tasks)).toEqual({ a: [], b: ['a'], c: ['b', 'a'] });
    expect(plan.tasks[0]!.prompt).toBe('A\n\nContext: phase 1 "One" (imported from Auto-Claude\'s implementation_plan.json).');
  });

  it('ignores keys it has no use for, at every level', () => {
    const { plan, notes } = imported({
      feature: 'F',
      workflow_type: 'feature',
      services_involved: ['api'],
      final_acceptance: ['works'],
      qa_signoff: { status: 'approved' },
      phases: [
        {
          id: 'p1',
          name: 'P',
          type: 'implementation',
          parallel_safe: true,
          estimated_hours: 3,
          subtasks: [
            {
              id: 's1',
              description: 'Do it',
              status: 'in_progress',
              service: 'api',
              files_to_modify: ['src/a.ts'],
              files_to_create: [],
              patterns_from: [],
              verification: { type: 'command', command: 'npm test' },
            },
          ],
        },
      ],
    });
    expect(plan.tasks).toEqual([
      { id: 's1', title: 'Do it', prompt: 'Do it\n\nContext: part of "F", phase 1 "P" (imported from Auto-Claude\'s implementation_plan.json).', objective: 'p1' },
    ]);
    expect(notes).toEqual([]);
  });

  it('derives valid, unique ids for missing, invalid and repeated subtask ids, and says so', () => {
    const { plan, notes } = imported({
      phases: [
        {
          id: 'phase-1',
          name: 'P',
          subtasks: [
            { description: 'no id' },
            { id: 'db 2', description: 'spaces' },
            { id: 'x', description: 'first x' },
            { id: 'x', description: 'second x' },
            { id: 7, description: 'numeric id' },
            { id: '!!!', description: 'nothing usable' },
            { id: 'phase-1-1', description: 'really has the id a derived one would take' },
          ],
        },
      ],
    });
    expect(plan.tasks.map((t) => t.id)).toEqual(['phase-1-1-2', 'db-2', 'x', 'x-2', '7', 'phase-1-6', 'phase-1-1']);
    expect(notes).toEqual([
      'phases[0] (phase-1).subtasks[0]: has no id; imported as task "phase-1-1-2"',
      'phases[0] (phase-1).subtasks[1] (db 2): id "db 2" is not a valid id; imported as task "db-2"',
      'phases[0] (phase-1).subtasks[3] (x): id "x" is already used by phases[0] (phase-1).subtasks[2] (x); imported as task "x-2"',
      'phases[0] (phase-1).subtasks[5] (!!!): id "!!!" is not a valid id; imported as task "phase-1-6"',
    ]);
    // Not parallel_safe: the chain follows file order through the renamed tasks.
    expect(plan.tasks[3]!.dependsOn).toEqual(['x']);
    expect(validatePlan(plan)).toEqual([]);
  });

  it('reads the older "chunks" name and passes dependencies through an empty phase', () => {
    const { plan, notes } = imported({
      phases: [
        { id: 'a', name: 'A', chunks: [{ id: 'a1', description: 'A1' }] },
        { id: 'b', name: 'B (nothing left)', depends_on: ['a'], subtasks: [] },
        { id: 'c', name: 'C', depends_on: ['b'], subtasks: [{ id: 'c1', description: 'C1' }] },
      ],
    });
    expect(deps(plan.tasks)).toEqual({ a1: [], c1: ['a1'] });
    expect(plan.objectives?.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    expect(notes).toEqual(['phases[1]: has no subtasks; phases that depend on it wait for the phases it depends on']);
  });

  it('chains a sequential phase after its upstream phases, and lets phase ids equal task ids', () => {
    const { plan } = imported({
      phases: [
        { id: 'a', parallel_safe: true, subtasks: [{ id: 'a', description: 'A' }, { id: 'b', description: 'B' }] },
        { id: 'c', parallel_safe: false, depends_on: ['a'], subtasks: [{ id: 'c', description: 'C' }, { id: 'd', description: 'D' }] },
      ],
    });
    expect(deps(plan.tasks)).toEqual({ a: [], b: [], c: ['a', 'b'], d: ['a', 'b', 'c'] });
    expect(plan.objectives?.map((o) => o.id)).toEqual(['a', 'c']);
    expect(validatePlan(plan)).toEqual([]);
  });

  it('makes a short title from the first line of a long description and keeps all of it in the prompt', () => {
    const description =
      '\n  Implement the session refresh flow so that expired access tokens are renewed silently without logging the user out\nDetails: use the refresh endpoint.';
    const { plan } = imported({ phases: [{ id: 'p', name: 'P', subtasks: [{ id: 's', description }] }] });
    const [only] = plan.tasks;
    expect(only!.title).toBe('Implement the session refresh flow so that expired access tokens are renewed…');
    expect(only!.title.length).toBeLessThanOrEqual(80);
    expect(only!.prompt.startsWith(description.trim())).toBe(true);
  });

  it('imports a subtask without a description with a title from its id, and notes it', () => {
    const { plan, notes } = imported({ phases: [{ id: 'p', name: 'P', subtasks: [{ id: 's' }] }] });
    expect(plan.tasks[0]).toMatchObject({ id: 's', title: 'Subtask s' });
    expect(notes).toEqual(['phases[0] (p).subtasks[0] (s): has no description; its prompt is only the phase context']);
  });
});

describe('importAutoClaude: refusals', () => {
  it('reports every structural problem together', () => {
    const result = importAutoClaude({
      phases: [
        { id: 'a', name: 'A', depends_on: ['nope', 'a'], subtasks: [{ id: 'a1' }, 'junk'] },
        'not a phase',
        { id: 'c', name: 'C', depends_on: 'a', subtasks: {} },
        { id: 'd', name: 'D', depends_on: [{ id: 'a' }, 'phase-c'], subtasks: [] },
      ],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PLAN', message: 'implementation_plan.json: 8 problems' } });
    expect(!result.ok && result.error.details).toEqual([
      'phases[0] (a).subtasks[1]: must be an object',
      'phases[0] (a).depends_on[0]: depends on phase "nope", which is not in this plan',
      'phases[0] (a).depends_on[1]: depends on itself',
      'phases[1]: must be an object',
      'phases[2] (c).subtasks: must be a list of subtasks',
      'phases[2] (c).depends_on: must be a list of phase ids or numbers',
      'phases[3] (d).depends_on[0]: must be a phase id or number, not {"id":"a"}',
      'phases[3] (d).depends_on[1]: depends on phase "phase-c", which is not in this plan',
    ]);
  });

  it('reports a cycle of phases once, in phase terms', () => {
    const result = importAutoClaude({
      phases: [
        { id: 'p1', depends_on: ['p3'], subtasks: [{ id: 'a' }, { id: 'b' }] },
        { id: 'p2', depends_on: ['p1'], subtasks: [{ id: 'c' }] },
        { id: 'p3', depends_on: [2], subtasks: [{ id: 'd' }] },
      ],
    });
    expect(!result.ok && result.error.details).toEqual(['phases[0] (p1).depends_on: phase dependency cycle: p1 -> p3 -> p2 -> p1']);
  });

  it('refuses what is not an Auto-Claude plan', () => {
    expect(importAutoClaude([])).toMatchObject({ ok: false, error: { details: ['plan: an Auto-Claude plan must be a JSON object with "phases"'] } });
    expect(importAutoClaude({ phases: 'x' })).toMatchObject({ ok: false, error: { details: ['phases: must be a list of phases'] } });
    expect(isAutoClaudePlan({ version: 1, tasks: [], phases: [] })).toBe(false);
    expect(isAutoClaudePlan({ phases: {} })).toBe(false);
  });
});
