import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatStatusLine, formatTransition, ProgressPrinter } from './progressPrinter';

const at = new Date(2026, 10, 22, 12, 0, 3);

describe('progress output', () => {
  it('prints one stable line per transition', () => {
    expect(formatTransition({ at, task: 't2', status: 'running', wave: 1, reason: null, attempt: 1 })).toBe('12:00:03 t2 running (wave 1)');
    expect(formatTransition({ at, task: 't3', status: 'skipped', wave: 2, reason: 'skipped: t1 failed', attempt: 0 })).toBe('12:00:03 t3 skipped (skipped: t1 failed)');
    expect(formatTransition({ at, task: 't1', status: 'merged', wave: 1, reason: null, attempt: 1 })).toBe('12:00:03 t1 merged');
  });

  it('draws a status line with counts, a bar, the elapsed time and a hold reason', () => {
    const line = formatStatusLine({ total: 4, byStatus: { merged: 2, running: 1, failed: 0 }, holdReason: 'waiting: memory' }, 65_000);
    expect(line).toBe('[############------------] 2/4 1:05 running 1, merged 2 | waiting: memory');
  });

  it('keeps the live line only on a terminal, clearing it before each transition line', () => {
    const written: string[] = [];
    const sink = Object.assign(new Writable({ write: (chunk, _enc, done) => (written.push(String(chunk)), done()) }), { isTTY: true, columns: 80 });
    const printer = new ProgressPrinter(sink as unknown as NodeJS.WriteStream);
    printer.status({ total: 1, byStatus: {}, holdReason: null }, 0);
    printer.transition({ at, task: 't1', status: 'running', wave: 1, reason: null, attempt: 1 }, { total: 1, byStatus: { running: 1 }, holdReason: null }, 0);
    expect(written.join('')).toContain('\r\x1b[K12:00:03 t1 running (wave 1)\n');
    const piped: string[] = [];
    const pipe = new Writable({ write: (chunk, _enc, done) => (piped.push(String(chunk)), done()) });
    const plain = new ProgressPrinter(pipe as unknown as NodeJS.WriteStream);
    plain.transition({ at, task: 't1', status: 'merged', wave: 1, reason: null, attempt: 1 }, { total: 1, byStatus: { merged: 1 }, holdReason: null }, 0);
    expect(piped.join('')).toBe('12:00:03 t1 merged\n');
  });
});
