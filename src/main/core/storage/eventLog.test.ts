import { appendFile, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempRepo';
import { EventLog, readEventLog, TORN_LINE_EVENT } from './eventLog';

describe('EventLog', () => {
  const dirs: string[] = [];
  const logs: EventLog[] = [];
  afterEach(async () => {
    for (const log of logs.splice(0)) await log.close();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const logFile = async () => {
    const dir = await makeTempDir('wavelane-events-');
    dirs.push(dir);
    await mkdir(path.join(dir, 'runs', 'r'), { recursive: true });
    return path.join(dir, 'runs', 'r', 'events.jsonl');
  };
  const openLog = async (file: string, now?: () => Date) => {
    const opened = await EventLog.open(file, now ? { now } : {});
    if (!opened.ok) throw new Error(opened.error.message);
    logs.push(opened.value);
    return opened.value;
  };
  const readOk = async (file: string) => {
    const read = await readEventLog(file);
    if (!read.ok) throw new Error(read.error.message);
    return read.value;
  };

  it('appends one JSON line per event, stamped by its clock, in call order', async () => {
    const file = await logFile();
    const log = await openLog(file, () => new Date('2026-01-01T00:00:00.000Z'));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => log.append({ type: 'task.status', task: `t${i}`, attempt: 1, status: 'running' })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toHaveLength(51);
    const read = await readOk(file);
    expect(read.torn).toEqual([]);
    expect(read.events.map((event) => event.task)).toEqual(Array.from({ length: 50 }, (_, i) => `t${i}`));
    expect(read.events[0]).toEqual({ type: 'task.status', task: 't0', attempt: 1, status: 'running', at: '2026-01-01T00:00:00.000Z' });
  });

  it('logs the event as it was when appended, not as the caller changes it later', async () => {
    const file = await logFile();
    const log = await openLog(file);
    const event = { type: 'task.merged', task: 'a', commits: ['x'] };
    const pending = log.append(event);
    event.commits.push('y');
    await pending;
    expect((await readOk(file)).events[0]?.commits).toEqual(['x']);
  });

  it('never rewrites past lines: reopening and appending only adds bytes at the end', async () => {
    const file = await logFile();
    const first = await openLog(file);
    await first.append({ type: 'run.started' });
    await first.close();
    const before = await readFile(file);
    const second = await openLog(file);
    await second.append({ type: 'run.finished' });
    const after = await readFile(file);
    expect(after.subarray(0, before.length)).toEqual(before);
    expect((await readOk(file)).events.map((event) => event.type)).toEqual(['run.started', 'run.finished']);
  });

  it('ignores and reports a last line cut short by kill -9, wherever the cut falls', async () => {
    const file = await logFile();
    const log = await openLog(file);
    await log.append({ type: 'a' });
    await log.append({ type: 'b', detail: 'ünïcode ✓' });
    await log.close();
    const whole = await readFile(file);
    const lastStart = whole.subarray(0, whole.length - 1).lastIndexOf(0x0a) + 1;
    for (let cut = lastStart + 1; cut < whole.length - 1; cut++) {
      await writeFile(file, whole.subarray(0, cut));
      const read = await readOk(file);
      expect(read.events.map((event) => event.type)).toEqual(['a']);
      expect(read.torn).toEqual([{ line: 2, bytes: cut - lastStart }]);
    }
    // Cut just before the newline: the event is whole, so it counts.
    await writeFile(file, whole.subarray(0, whole.length - 1));
    expect((await readOk(file)).events.map((event) => event.type)).toEqual(['a', 'b']);
  });

  it('the next writer ends a torn line and marks it, so the log stays readable with the torn line reported', async () => {
    const file = await logFile();
    const log = await openLog(file);
    await log.append({ type: 'a' });
    await log.close();
    await appendFile(file, '{"at":"2026-01-01T00:00:00.000Z","type":"b","fi');
    const before = await readFile(file);
    const reopened = await openLog(file);
    await reopened.append({ type: 'c' });
    const after = await readFile(file);
    expect(after.subarray(0, before.length)).toEqual(before);
    const read = await readOk(file);
    expect(read.events.map((event) => event.type)).toEqual(['a', TORN_LINE_EVENT, 'c']);
    expect(read.events[1]).toMatchObject({ line: 2, bytes: before.length - before.indexOf(0x0a) - 1 });
    expect(read.torn).toEqual([{ line: 2, bytes: before.length - before.indexOf(0x0a) - 1 }]);
  });

  it('completes a whole last event that only lacked its newline, without marking it torn', async () => {
    const file = await logFile();
    await writeFile(file, '{"at":"2026-01-01T00:00:00.000Z","type":"a"}');
    const log = await openLog(file);
    await log.append({ type: 'b' });
    const read = await readOk(file);
    expect(read.events.map((event) => event.type)).toEqual(['a', 'b']);
    expect(read.torn).toEqual([]);
  });

  it('treats a bad line elsewhere as corruption, naming file and line', async () => {
    const file = await logFile();
    const log = await openLog(file);
    await log.append({ type: 'a' });
    await appendFile(file, 'garbage\n');
    await log.append({ type: 'c' });
    const read = await readEventLog(file);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error.code).toBe('EVENT_LOG_CORRUPT');
      expect(read.error.where).toBe(`${file}:2`);
      expect(read.error.message).toContain(`${file}:2`);
    }
    // Valid JSON that is not an event is corruption too.
    await writeFile(file, '{"type":"no time"}\n');
    const noTime = await readEventLog(file);
    expect(noTime.ok === false && noTime.error.code).toBe('EVENT_LOG_CORRUPT');
  });

  it('reads a missing log as empty and refuses appends after close', async () => {
    const file = await logFile();
    expect(await readOk(file)).toEqual({ events: [], torn: [] });
    const log = await openLog(file);
    await log.close();
    const late = await log.append({ type: 'late' });
    expect(late.ok === false && late.error.code).toBe('EVENT_LOG_CLOSED');
  });

  it('reports a log it cannot open as a value naming the file', async () => {
    const file = await logFile();
    await mkdir(file); // a folder where the log should be
    const opened = await EventLog.open(file);
    expect(opened.ok).toBe(false);
    if (!opened.ok) {
      expect(opened.error.code).toBe('EVENT_LOG_UNWRITABLE');
      expect(opened.error.where).toBe(file);
    }
  });

  it('keeps appending after the file was truncated mid-line by hand (the repair is itself an append)', async () => {
    const file = await logFile();
    const log = await openLog(file);
    await log.append({ type: 'a', pad: 'x'.repeat(100) });
    await log.close();
    const size = (await readFile(file)).length;
    await truncate(file, size - 30);
    const again = await openLog(file);
    await again.append({ type: 'b' });
    const read = await readOk(file);
    expect(read.events.map((event) => event.type)).toEqual([TORN_LINE_EVENT, 'b']);
    expect(read.torn).toEqual([{ line: 1, bytes: size - 30 }]);
  });
});
