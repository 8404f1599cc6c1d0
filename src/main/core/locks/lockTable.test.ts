import { describe, expect, it } from 'vitest';
import type { PlanTask } from '../../../shared/plan/plan';
import { mulberry32 } from '../testing/mulberry32';
import { conflictingGlobs, lockSetOf } from './lockOverlap';
import { LockTable } from './lockTable';

const task = (id: string, files?: string[], reads?: string[]): Pick<PlanTask, 'id' | 'files' | 'reads'> => ({ id, files, reads });

describe('LockTable', () => {
  it('refuses an overlapping exclusive lock and names the holder and its globs', () => {
    const table = new LockTable();
    expect(table.acquire(task('t1', ['src/auth/**']))).toEqual({ ok: true });
    expect(table.canAcquire(task('t2', ['src/auth/login.ts']))).toEqual({ ok: false, heldBy: 't1', globs: ['src/auth/**'] });
    expect(table.canAcquire(task('t3', ['src/**']))).toEqual({ ok: false, heldBy: 't1', globs: ['src/auth/**'] });
    expect(table.canAcquire(task('t4', ['src/billing/**']))).toEqual({ ok: true });
  });

  it('lets readers share and keeps writers out while anyone reads', () => {
    const table = new LockTable();
    expect(table.acquire(task('r1', undefined, ['src/**'])).ok).toBe(true);
    expect(table.acquire(task('r2', undefined, ['src/auth/**'])).ok).toBe(true);
    expect(table.canAcquire(task('w', ['src/auth/x.ts']))).toEqual({ ok: false, heldBy: 'r1', globs: ['src/**'] });
    expect(table.canAcquire(task('r3', undefined, ['**/*.ts'])).ok).toBe(true);
  });

  it('keeps readers out of a written area', () => {
    const table = new LockTable();
    table.acquire(task('w', ['docs/guide.md']));
    expect(table.canAcquire(task('r', ['src/x.ts'], ['docs/**']))).toEqual({ ok: false, heldBy: 'w', globs: ['docs/guide.md'] });
  });

  it('names the holder that acquired first when several block', () => {
    const table = new LockTable();
    table.acquire(task('deep', ['src/auth/login.ts']));
    table.acquire(task('mid', ['src/billing/**']));
    expect(table.canAcquire(task('x', ['src/**']))).toEqual({ ok: false, heldBy: 'deep', globs: ['src/auth/login.ts'] });
    table.release('deep');
    expect(table.canAcquire(task('x', ['src/**']))).toEqual({ ok: false, heldBy: 'mid', globs: ['src/billing/**'] });
  });

  it('finds a holder of an empty-prefix glob from any path', () => {
    const table = new LockTable();
    table.acquire(task('root', undefined, ['**/*.md']));
    table.acquire(task('near', undefined, ['src/auth/**']));
    expect(table.canAcquire(task('x', ['src/auth/login.ts']))).toEqual({ ok: false, heldBy: 'root', globs: ['**/*.md'] });
    table.release('root');
    expect(table.canAcquire(task('x', ['src/auth/login.ts']))).toEqual({ ok: false, heldBy: 'near', globs: ['src/auth/**'] });
    expect(table.canAcquire(task('y', ['lib/**'])).ok).toBe(true);
  });

  it('takes all locks or none', () => {
    const table = new LockTable();
    table.acquire(task('t1', ['lib/**']));
    expect(table.acquire(task('t2', ['src/**', 'lib/a.ts'])).ok).toBe(false);
    expect(table.holds('t2')).toBe(false);
    expect(table.canAcquire(task('t3', ['src/x.ts']))).toEqual({ ok: true });
  });

  it('gives a task without globs nothing to wait for and blocks nobody with it', () => {
    const table = new LockTable();
    table.acquire(task('everything', ['**']));
    expect(table.acquire(task('free')).ok).toBe(true);
    expect(table.holds('free')).toBe(true);
    expect(table.canAcquire(task('other', ['lib/x.ts'])).ok).toBe(false);
    table.release('everything');
    expect(table.canAcquire(task('other', ['lib/x.ts'])).ok).toBe(true);
  });

  it('refuses a second acquire by the same task and changes nothing', () => {
    const table = new LockTable();
    table.acquire(task('t1', ['src/**']));
    expect(table.acquire(task('t1', ['lib/**']))).toEqual({ ok: false, heldBy: 't1', globs: ['src/**'] });
    expect(table.canAcquire(task('t2', ['lib/**'])).ok).toBe(true);
  });

  it('releases everything a task holds, and only that', () => {
    const table = new LockTable();
    table.acquire(task('a', ['src/a/**', 'src/a/b/c.ts'], ['docs/**']));
    table.acquire(task('b', ['src/b/**']));
    expect(table.release('a')).toBe(true);
    expect(table.release('a')).toBe(false);
    expect(table.holders()).toEqual(['b']);
    expect(table.canAcquire(task('c', ['src/a/b/c.ts', 'docs/x.md'])).ok).toBe(true);
    expect(table.canAcquire(task('c', ['src/**'])).ok).toBe(false);
  });

  it('agrees with a pairwise check over every holder on random lock sets', () => {
    const random = mulberry32(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const globs = ['src/**', 'src/a/**', 'src/a/x.ts', 'src/b/*.ts', 'src/b/y.ts', 'lib/**', 'lib/z.ts', '**/*.md', 'docs/*.md', 'README.md', 'src'];
    const someGlobs = () => Array.from({ length: Math.floor(random() * 3) }, () => pick(globs));
    const table = new LockTable();
    const held: Pick<PlanTask, 'id' | 'files' | 'reads'>[] = [];
    let refusals = 0;
    for (let step = 0; step < 3000; step++) {
      if (held.length > 0 && random() < 0.4) {
        const [gone] = held.splice(Math.floor(random() * held.length), 1);
        table.release((gone as PlanTask).id);
        continue;
      }
      const request = task(`t${step}`, someGlobs(), someGlobs());
      const expected = held.find((holder) => conflictingGlobs(lockSetOf(holder), lockSetOf(request)).length > 0);
      const check = table.acquire(request);
      if (expected) {
        refusals++;
        expect(check).toEqual({ ok: false, heldBy: expected.id, globs: conflictingGlobs(lockSetOf(expected), lockSetOf(request)) });
      } else {
        expect(check).toEqual({ ok: true });
        held.push(request);
      }
    }
    expect(refusals).toBeGreaterThan(100);
    expect(table.holders().sort()).toEqual(held.map((holder) => holder.id).sort());
  });
});
