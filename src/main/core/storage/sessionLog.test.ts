import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLogTail, SAFE_BOUNDARY_SEARCH_CHARS, SessionLog, trimToSafeStart } from './sessionLog';
import { SessionFixture } from '../agents/testing/sessionFixture';

describe('SessionLog / readLogTail (real files)', () => {
  const fixture = new SessionFixture();
  afterEach(() => fixture.cleanup());

  it('appends raw bytes, creates its folder, and closes once', async () => {
    const dir = await fixture.tempDir();
    const file = path.join(dir, 'logs', 'a.log');
    const opened = await SessionLog.open(file);
    if (!opened.ok) throw new Error(opened.error.message);
    opened.value.write(Buffer.from([0xff, 0x41]));
    opened.value.write('é');
    expect(await opened.value.close()).toBeNull();
    expect(await opened.value.close()).toBeNull();
    opened.value.write('after close is dropped');
    const again = await SessionLog.open(file);
    if (!again.ok) throw new Error('unexpected');
    again.value.write('!');
    await again.value.close();
    expect([...(await readFile(file))]).toEqual([0xff, 0x41, 0xc3, 0xa9, 0x21]);
  });

  it('reports a log it cannot open as a value', async () => {
    const dir = await fixture.tempDir();
    await writeFile(path.join(dir, 'file'), 'x');
    expect(await SessionLog.open(path.join(dir, 'file', 'a.log'))).toMatchObject({ ok: false, error: { code: 'LOG_OPEN_FAILED' } });
  });

  it('reads the tail of a log without a broken character at the cut', async () => {
    const dir = await fixture.tempDir();
    const file = path.join(dir, 'a.log');
    await writeFile(file, 'é'.repeat(100));
    const tail = await readLogTail(file, 5);
    expect(tail).toEqual({ ok: true, value: 'ééééé' });
    await writeFile(file, 'first\nsecond\nthird');
    expect(await readLogTail(file, 12)).toEqual({ ok: true, value: 'third' });
    expect(await readLogTail(file)).toEqual({ ok: true, value: 'first\nsecond\nthird' });
    const missing = path.join(dir, 'missing.log');
    expect(await readLogTail(missing)).toMatchObject({ ok: false, error: { code: 'LOG_NOT_FOUND', where: missing } });
    expect(existsSync(missing)).toBe(false);
  });
});

describe('trimToSafeStart', () => {
  it('prefers a nearby line start, else a code point boundary', () => {
    expect(trimToSafeStart('abcdef', 10)).toBe('abcdef');
    expect(trimToSafeStart('aaaa\nbbbb', 6)).toBe('bbbb');
    expect(trimToSafeStart('x😀yz', 3)).toBe('yz');
    const far = `${'a'.repeat(10)}${'b'.repeat(SAFE_BOUNDARY_SEARCH_CHARS + 10)}\nend`;
    expect(trimToSafeStart(far, far.length - 5)).toHaveLength(far.length - 5);
  });
});
