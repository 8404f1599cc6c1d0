import { describe, expect, it } from 'vitest';
import { planTask } from '../testing/boardFixtures';
import { formToTask, taskToForm } from './taskForm';

describe('task form', () => {
  it('round-trips a task through the form, keeping the fields the dialog does not show', () => {
    const task = planTask('api', {
      objective: 'auth',
      adrs: ['ADR-001'],
      dependsOn: ['db', 'schema'],
      files: ['src/{a,b}/**', 'src/api.ts'],
      reads: ['docs/**'],
      agent: 'claude',
      retries: 2,
      priority: 5,
      budgetUsd: 2.5,
      budgetTokens: 400000,
      review: true,
      status: 'done',
    });
    const saved = formToTask(taskToForm(task), task, new Set(['api', 'db', 'schema']));
    const { status: _dropped, ...rest } = task;
    // `status` is not part of the contract's task input.
    expect(saved).toEqual({ ok: true, value: rest });
  });

  it('gives a new task an id from its title and leaves empty fields out', () => {
    const form = { ...taskToForm(null), title: 'Login API', prompt: 'Build it', dependsOn: 'db, ', files: '\n' };
    expect(formToTask(form, null, new Set(['login-api']))).toEqual({
      ok: true,
      value: { id: 'login-api-2', title: 'Login API', prompt: 'Build it', dependsOn: ['db'] },
    });
  });

  it('saves Review before merge when it is on, and leaves it out when it is turned off', () => {
    const reviewed = planTask('a', { review: true });
    expect(taskToForm(reviewed).review).toBe(true);
    expect(formToTask({ ...taskToForm(null), title: 'Doc', review: true }, null, new Set())).toMatchObject({ ok: true, value: { review: true } });
    const cleared = formToTask({ ...taskToForm(reviewed), review: false }, reviewed, new Set(['a']));
    expect(cleared).toEqual({ ok: true, value: { id: 'a', title: 'Task a', prompt: 'do a' } });
  });

  it('reads budgets as numbers (thousands separators allowed) and leaves empty ones out', () => {
    const form = { ...taskToForm(null), title: 'T', budgetUsd: ' 0.75 ', budgetTokens: '250,000' };
    expect(formToTask(form, null, new Set())).toMatchObject({ ok: true, value: { budgetUsd: 0.75, budgetTokens: 250_000 } });
    const cleared = formToTask({ ...taskToForm(planTask('a', { budgetUsd: 1 })), budgetUsd: '' }, planTask('a', { budgetUsd: 1 }), new Set(['a']));
    expect(cleared.ok && 'budgetUsd' in cleared.value).toBe(false);
  });

  it('starts a new task in the filtered objective', () => {
    expect(taskToForm(null, 'auth').objective).toBe('auth');
  });

  it('refuses a missing title, a bad or taken id, a bad reference and a self-dependency, naming the field', () => {
    const base = { ...taskToForm(null), title: 'T' };
    const where = (form: typeof base, taken = new Set<string>()) => {
      const result = formToTask(form, null, taken);
      return result.ok ? null : result.error.where;
    };
    expect(where({ ...base, title: '  ' })).toBe('Title');
    expect(where({ ...base, id: '-bad' })).toBe('Id');
    expect(where({ ...base, id: 'x' }, new Set(['x']))).toBe('Id');
    expect(where({ ...base, dependsOn: 'ok, no/slash' })).toBe('Depends on');
    expect(where({ ...base, id: 'me', dependsOn: 'me' })).toBe('Depends on');
    expect(where({ ...base, agent: 'has space' })).toBe('Agent');
    expect(where({ ...base, budgetUsd: '$2' })).toBe('Budget (USD)');
    expect(where({ ...base, budgetUsd: '0' })).toBe('Budget (USD)');
    expect(where({ ...base, budgetTokens: '1.5' })).toBe('Budget (tokens)');
    expect(where(base)).toBeNull();
  });
});
