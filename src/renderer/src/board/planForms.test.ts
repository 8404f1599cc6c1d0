import { describe, expect, it } from 'vitest';
import { adrToForm, formToAdr, formToObjective, objectiveToForm } from './planForms';

describe('objective and ADR forms', () => {
  it('creates an objective with an id from its title and keeps the id on edit', () => {
    expect(formToObjective({ title: 'Auth', description: '' }, null, new Set(['auth']))).toEqual({
      ok: true,
      value: { id: 'auth-2', title: 'Auth' },
    });
    const existing = { id: 'auth', title: 'Auth', description: 'Sign in' };
    expect(formToObjective({ ...objectiveToForm(existing), title: 'Sign-in' }, existing, new Set())).toEqual({
      ok: true,
      value: { id: 'auth', title: 'Sign-in', description: 'Sign in' },
    });
    expect(formToObjective({ title: ' ', description: '' }, null, new Set()).ok).toBe(false);
  });

  it('numbers a new ADR, ties it to an objective, and round-trips an existing one', () => {
    const form = { ...adrToForm(null, 'auth'), title: 'Use JWT', decision: 'JWT' };
    expect(formToAdr(form, null, ['ADR-001'])).toEqual({
      ok: true,
      value: { id: 'ADR-002', title: 'Use JWT', status: 'proposed', objective: 'auth', decision: 'JWT' },
    });
    const adr = { id: 'ADR-007', title: 'T', status: 'accepted' as const, context: 'c', decision: 'd', consequences: 'e' };
    expect(formToAdr(adrToForm(adr), adr, [])).toEqual({ ok: true, value: adr });
  });
});
