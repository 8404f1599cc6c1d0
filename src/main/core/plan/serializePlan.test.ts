import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../shared/plan/plan';
import { loadPlanText } from './loadPlan';
import { serializePlan } from './serializePlan';
import { randomDagTasks } from './testing/testPlans';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');

function roundTrip(plan: Plan): Plan {
  const loaded = loadPlanText(serializePlan(plan), 'round-trip.json');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  expect(loaded.value.format).toBe('wavelane');
  return loaded.value.plan;
}

describe('serializePlan', () => {
  it('writes fields in the documented order and leaves out empty optional lists', () => {
    const plan = {
      tasks: [{ prompt: 'p', dependsOn: [], files: [], title: 'T', id: 'a', reads: ['src/**'], agent: undefined }],
      agents: [{ env: {}, command: 'x', id: 'x', args: [] }],
      objectives: [],
      version: 1,
      copyFiles: [],
    } as Plan;
    expect(serializePlan(plan)).toBe(
      [
        '{',
        '  "version": 1,',
        '  "tasks": [',
        '    {',
        '      "id": "a",',
        '      "title": "T",',
        '      "prompt": "p",',
        '      "reads": [',
        '        "src/**"',
        '      ]',
        '    }',
        '  ],',
        '  "agents": [',
        '    {',
        '      "id": "x",',
        '      "command": "x"',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps an empty task list, which the format requires', () => {
    expect(JSON.parse(serializePlan({ version: 1, tasks: [] }))).toEqual({ version: 1, tasks: [] });
  });

  it('drops fields outside the format, so the output always loads', () => {
    const plan = { version: 1, tasks: [{ id: 'a', title: 'A', prompt: 'p', runtimeState: 'x' }], extra: true } as unknown as Plan;
    expect(roundTrip(plan)).toEqual({ version: 1, tasks: [{ id: 'a', title: 'A', prompt: 'p' }] });
  });

  it('round-trips the hello example byte for byte', async () => {
    const text = await readFile(path.join(EXAMPLES, 'hello-plan.json'), 'utf8');
    const loaded = loadPlanText(text, 'hello-plan.json');
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(serializePlan(loaded.value.plan)).toBe(text);
  });

  it('round-trips an imported Auto-Claude plan, done tasks included', async () => {
    const text = await readFile(path.join(EXAMPLES, 'auto-claude/implementation_plan.json'), 'utf8');
    const imported = loadPlanText(text, 'implementation_plan.json');
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    expect(roundTrip(imported.value.plan)).toEqual(imported.value.plan);
  });

  it('round-trips every field, and a large plan', () => {
    const full: Plan = {
      version: 1,
      agent: 'claude-code',
      objectives: [{ id: 'auth', title: 'Sign-in', description: 'd' }],
      adrs: [{ id: 'adr-001', objective: 'auth', title: 'Use JWT', status: 'accepted', context: 'c', decision: 'd', consequences: 'q' }],
      tasks: [
        {
          id: 'login-api', title: 'Login', prompt: 'Implement\n"quoted"', objective: 'auth', adrs: ['adr-001'], dependsOn: [],
          files: ['src/auth/**'], reads: ['src/db/**'], agent: 'my-agent', timeoutSec: 1800, retries: 1, priority: -2, estimateSec: 90.5, status: 'todo',
        },
        { id: 'done-one', title: 'Done', prompt: 'p', status: 'done', dependsOn: ['login-api'] },
      ],
      agents: [{ id: 'my-agent', command: 'my-agent', args: ['--task', '{promptFile}'], env: { B: '2', A: '1' } }],
      setup: 'npm ci',
      copyFiles: ['.env'],
      verify: 'npm test',
    };
    const { dependsOn: _empty, ...first } = full.tasks[0]!;
    expect(roundTrip(full)).toEqual({ ...full, tasks: [first, full.tasks[1]] });
    expect(serializePlan(roundTrip(full))).toBe(serializePlan(full));

    const large: Plan = { version: 1, tasks: randomDagTasks(2_000, 3, 9).map((t) => (t.dependsOn?.length ? t : { ...t, dependsOn: undefined })) };
    const back = roundTrip(large);
    expect(back.tasks).toHaveLength(2_000);
    expect(serializePlan(back)).toBe(serializePlan(large));
  });
});
