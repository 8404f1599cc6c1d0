import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempRepo';
import type { PathStages } from '../conflicts/conflictStages';
import { ResolutionStore, resolutionStorePath } from './resolutionStore';

const STAGES: PathStages = { base: { mode: '100644', oid: 'a'.repeat(40) }, ours: { mode: '100644', oid: 'b'.repeat(40) }, theirs: null };

describe('ResolutionStore (real files)', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const load = async (taskId = 't1') => {
    dir ??= await makeTempDir('wavelane-store-');
    const store = await ResolutionStore.load(dir, taskId);
    if (!store.ok) throw new Error(store.error.message);
    return store.value;
  };

  it('saves every change under <common dir>/wavelane/conflicts and finds it again after a restart', async () => {
    const store = await load();
    expect(store.entries()).toEqual([]);
    expect(store.file).toBe(resolutionStorePath(dir!, 't1'));
    expect(store.file.endsWith(path.join('wavelane', 'conflicts', 't1.json'))).toBe(true);
    expect((await store.set('a.txt', { resolution: { kind: 'content', text: 'x\n' }, resolvedBy: 'user', stages: STAGES })).ok).toBe(true);
    expect((await store.set('b.bin', { resolution: { kind: 'ours' }, resolvedBy: 'agent', agent: 'codex', stages: STAGES })).ok).toBe(true);
    const again = await load();
    expect(again.get('a.txt')).toEqual({ resolution: { kind: 'content', text: 'x\n' }, resolvedBy: 'user', stages: STAGES });
    expect(again.get('b.bin')).toMatchObject({ resolvedBy: 'agent', agent: 'codex' });
    expect(again.get('constructor')).toBeUndefined();
    expect((await again.delete(['a.txt'])).ok).toBe(true);
    expect((await load()).entries().map(([file]) => file)).toEqual(['b.bin']);
  });

  it('keeps the last of concurrent changes', async () => {
    const store = await load();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.set(`f${i}.txt`, { resolution: { kind: 'theirs' }, resolvedBy: 'user', stages: STAGES })),
    );
    expect((await load()).entries()).toHaveLength(20);
  });

  it('clear removes the file', async () => {
    const store = await load();
    await store.set('a.txt', { resolution: { kind: 'delete' }, resolvedBy: 'user', stages: STAGES });
    expect(existsSync(store.file)).toBe(true);
    expect((await store.clear()).ok).toBe(true);
    expect(existsSync(store.file)).toBe(false);
    expect(store.entries()).toEqual([]);
  });

  it('reports a corrupt or foreign file instead of resetting it, and refuses a task id that is not a file name', async () => {
    dir = await makeTempDir('wavelane-store-');
    const file = resolutionStorePath(dir, 't1');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{ not json');
    const corrupt = await ResolutionStore.load(dir, 't1');
    expect(corrupt).toMatchObject({ ok: false, error: { code: 'STORE_FAILED', where: file } });
    expect(await readFile(file, 'utf8')).toBe('{ not json');
    await writeFile(file, JSON.stringify({ version: 1, taskId: 'other', files: {}, agentRun: null }));
    expect(await ResolutionStore.load(dir, 't1')).toMatchObject({ ok: false, error: { code: 'STORE_FAILED' } });
    expect(await ResolutionStore.load(dir, '../escape')).toMatchObject({ ok: false, error: { code: 'STORE_FAILED' } });
  });

  it('returns a write failure as a value', async () => {
    const store = await load();
    // A folder where the file should be: the rename onto it fails.
    await mkdir(store.file, { recursive: true });
    const saved = await store.set('a.txt', { resolution: { kind: 'ours' }, resolvedBy: 'user', stages: STAGES });
    expect(saved).toMatchObject({ ok: false, error: { code: 'STORE_FAILED', where: store.file } });
  });
});
