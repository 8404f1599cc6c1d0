import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempRepo';
import { isAtomicTempFile, readJsonFile, readJsonResult, writeFileAtomic, writeJsonAtomic } from './atomicFile';

describe('atomicFile', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const tempDir = async () => {
    const dir = await makeTempDir('wavelane-atomic-');
    dirs.push(dir);
    return dir;
  };

  it('writes, replaces, and leaves no temp file behind', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'nested', 'state.json');
    await writeJsonAtomic(file, { n: 1 });
    await writeJsonAtomic(file, { n: 2 });
    expect(await readJsonFile(file)).toEqual({ n: 2 });
    expect(await readdir(path.dirname(file))).toEqual(['state.json']);
  });

  it('a crash between the temp write and the rename leaves the old content readable (the temp file is ignored)', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'state.json');
    await writeJsonAtomic(file, { n: 1 });
    // What a kill -9 after the temp write and before the rename leaves: a half-written temp file beside the target.
    const leftover = `.state.json.${process.pid}.0badc0de.tmp`;
    await writeFile(path.join(dir, leftover), '{"n": 2, "half');
    expect(isAtomicTempFile(leftover)).toBe(true);
    expect(isAtomicTempFile('state.json')).toBe(false);
    expect(await readJsonResult(file)).toEqual({ ok: true, value: { n: 1 } });
    // The next write succeeds regardless and does not touch the stray temp file (clean decides about it).
    await writeJsonAtomic(file, { n: 3 });
    expect(await readJsonFile(file)).toEqual({ n: 3 });
  });

  it('readers only ever see a whole version while many writers race', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'state.json');
    const versions = Array.from({ length: 40 }, (_, i) => ({ i, pad: 'x'.repeat(1000 + i * 500) }));
    await writeJsonAtomic(file, versions[0]);
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const value = (await readJsonFile(file)) as { i: number; pad: string };
        expect(value.pad.length).toBe(1000 + value.i * 500);
        reads++;
      }
    })();
    await Promise.all(versions.map((version) => writeJsonAtomic(file, version)));
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect((await readdir(dir)).filter(isAtomicTempFile)).toEqual([]);
  });

  it('a failed write leaves the target as it was and no temp file', async () => {
    const dir = await tempDir();
    // The temp file is written, then the rename fails: a non-empty folder sits where the file should go.
    const file = path.join(dir, 'state.json');
    await mkdir(file);
    await writeFile(path.join(file, 'keep.txt'), 'mine');
    await expect(writeJsonAtomic(file, { n: 2 })).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(await readFile(path.join(file, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('reads a missing file as null and names a corrupt one', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'state.json');
    expect(await readJsonResult(file)).toEqual({ ok: true, value: null });
    expect(await readJsonFile(file)).toBeNull();
    await writeFile(file, '{"n": ');
    const read = await readJsonResult(file);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error.code).toBe('FILE_CORRUPT');
      expect(read.error.message).toContain(file);
      expect(read.error.where).toBe(file);
    }
    await expect(readJsonFile(file)).rejects.toThrow(file);
    expect(await readFile(file, 'utf8')).toBe('{"n": ');
  });

  it('reports a folder in place of the file as unreadable', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'state.json');
    await mkdir(file);
    const read = await readJsonResult(file);
    expect(read.ok === false && read.error.code).toBe('FILE_UNREADABLE');
  });

  it('writes binary content as given', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'blob.bin');
    const bytes = Buffer.from([0, 1, 2, 255, 10, 13]);
    await writeFileAtomic(file, bytes);
    expect(await readFile(file)).toEqual(bytes);
  });
});
