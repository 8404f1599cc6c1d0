import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../../shared/contract';
import { ok } from '../../../shared/result';
import { dispatch } from './dispatch';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app.info': async () => ok({ name: 'Wavelane' as const, version: '1.2.3', host: 'cli' as const, platform: 'linux' }),
    'project.open': async ({ path }) => ok({ path, name: 'x', branch: null, head: null }),
    'project.current': async () => ok(null),
    ...overrides,
  } as Handlers;
}

describe('dispatch', () => {
  it('runs a known request with validated input', async () => {
    expect(await dispatch(handlers(), 'project.open', { path: '/tmp/x' })).toMatchObject({
      ok: true,
      value: { path: '/tmp/x' },
    });
  });

  it('refuses board moves and task edits with an id git cannot use as a branch name, naming the id', async () => {
    const move = vi.fn();
    const save = vi.fn();
    const h = handlers({ 'board.moveTask': move, 'board.saveTask': save });
    expect(await dispatch(h, 'board.moveTask', { id: 'a..b', to: 'runParallel', index: 0 })).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'Invalid input for board.moveTask: id: "a..b" contains "..", so it cannot name a git branch (wavelane/<id>)',
        where: 'board.moveTask',
        details: ['id: "a..b" contains "..", so it cannot name a git branch (wavelane/<id>)'],
      },
    });
    const edit = await dispatch(h, 'board.saveTask', { task: { id: 'x.lock', title: 'X', prompt: 'p' } });
    expect(!edit.ok && edit.error.details).toEqual(['task.id: "x.lock" ends with ".lock", so it cannot name a git branch (wavelane/<id>)']);
    expect(move).not.toHaveBeenCalled();
    expect(save).not.toHaveBeenCalled();
  });

  it('refuses an unknown request name without calling anything', async () => {
    const outcome = await dispatch(handlers(), 'project.delete', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
    expect(await dispatch(handlers(), '__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
  });

  it('refuses invalid input with a typed error naming the field, and never calls the handler', async () => {
    const open = vi.fn();
    const h = handlers({ 'project.open': open });
    for (const input of [{}, { path: 42 }, { path: '' }, { path: '/x', extra: true }, 'string', null]) {
      const outcome = await dispatch(h, 'project.open', input);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error.code).toBe('INVALID_INPUT');
        expect(outcome.error.message).toContain('project.open');
      }
    }
    expect(open).not.toHaveBeenCalled();
    const missing = await dispatch(h, 'project.open', {});
    expect(!missing.ok && missing.error.details?.[0]).toMatch(/^path:/);
  });

  it('turns a throwing handler into an INTERNAL error instead of a crash', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const outcome = await dispatch(handlers({ 'app.info': async () => Promise.reject(new Error('boom')) }), 'app.info', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(!outcome.ok && outcome.error.message).toContain('boom');
    error.mockRestore();
  });
});
