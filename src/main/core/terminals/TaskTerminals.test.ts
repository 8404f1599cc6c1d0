import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalData } from '../../../shared/contract/terminal';
import { err, ok, type Result } from '../../../shared/result';
import { toDisposable, type Disposable } from '../events/disposable';
import { Emitter } from '../events/emitter';
import { HEADLESS_VIEWER_ID, TaskTerminals, type TaskTerminalsOptions, type TerminalSession } from './TaskTerminals';
import { REPLAY_SCROLLBACK_LINES } from './TerminalScreen';
import { shownAfter as shown } from './screenFixture';

/** A session whose output the test prints by hand; records what TaskTerminals sends it. */
class ScriptedSession implements TerminalSession {
  private readonly output = new Emitter<{ data: string }>();
  readonly onDidData = this.output.event;
  readonly exited: Promise<void>;
  running = true;
  cols = 80;
  rows = 24;
  readonly input: string[] = [];
  readonly acked = new Map<string, number>();
  readonly viewers = new Map<string, number>();
  private resolveExit!: () => void;

  constructor() {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  print(data: string): void {
    this.output.fire({ data });
  }

  exit(): Promise<void> {
    this.running = false;
    this.resolveExit();
    return this.exited;
  }

  write(data: string): Result<null, 'NOT_RUNNING'> {
    if (!this.running) return err('NOT_RUNNING', 'exited');
    this.input.push(data);
    return ok(null);
  }

  resize(cols: number, rows: number): Result<null, 'NOT_RUNNING' | 'INVALID_SIZE'> {
    if (!this.running) return err('NOT_RUNNING', 'exited');
    this.cols = cols;
    this.rows = rows;
    return ok(null);
  }

  /** Viewers by id: a pane's (the default id) and the headless terminal's. */
  attachViewer(viewerId = 'default'): Disposable {
    this.viewers.set(viewerId, (this.viewers.get(viewerId) ?? 0) + 1);
    return toDisposable(() => this.viewers.set(viewerId, (this.viewers.get(viewerId) ?? 0) - 1));
  }

  ack(chars: number, viewerId = 'default'): void {
    this.acked.set(viewerId, (this.acked.get(viewerId) ?? 0) + chars);
  }
}


/** Output with what a replay must keep: colours, a `\r` progress bar, cursor moves, wrapped lines, an emoji. */
function richOutput(lines: number): string {
  let text = '';
  for (let i = 1; i <= lines; i++) {
    text += `\x1b[3${i % 8}mline ${i}\x1b[0m ${'é😀'.repeat(i % 5)}\r\n`;
    if (i % 7 === 0) text += `progress 10%\rprogress 99%\r\n`;
    if (i % 11 === 0) text += `${'w'.repeat(130)}\r\n`;
  }
  return `${text}\x1b[2A\x1b[5Cedited\x1b[2B`;
}

describe('TaskTerminals', () => {
  const terminals: TaskTerminals[] = [];
  const dirs: string[] = [];
  const create = (options?: TaskTerminalsOptions) => {
    const created = new TaskTerminals(options);
    terminals.push(created);
    return created;
  };
  afterEach(async () => {
    for (const each of terminals.splice(0)) each.dispose();
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('numbers every chunk of a task in one sequence across its attempts, follow-ups and side agents', async () => {
    const owner = create();
    const sent: TerminalData[] = [];
    owner.onDidData((chunk) => sent.push(chunk));
    const first = new ScriptedSession();
    owner.attach('a', first, 'attempt');
    first.print('one\r\n');
    first.print('two\r\n');
    const other = new ScriptedSession();
    owner.attach('b', other, 'attempt');
    other.print('b1\r\n');
    await first.exit();
    const retry = new ScriptedSession();
    owner.attach('a', retry, 'attempt');
    retry.print('three\r\n');
    await retry.exit();
    const followUp = new ScriptedSession();
    owner.attach('a', followUp, 'followUp');
    followUp.print('four\r\n');
    const side = new ScriptedSession();
    owner.attach('a', side, 'side');
    side.print('five\r\n');
    expect(sent.filter((c) => c.taskId === 'a').map((c) => [c.seq, c.data])).toEqual([
      [1, 'one\r\n'],
      [2, 'two\r\n'],
      [3, 'three\r\n'],
      [4, 'four\r\n'],
      [5, 'five\r\n'],
    ]);
    expect(sent.filter((c) => c.taskId === 'b').map((c) => c.seq)).toEqual([1]);
    const replay = await owner.replay('a');
    expect(replay).toMatchObject({ taskId: 'a', seq: 5, live: true });
  });

  it('replays exactly what a fresh xterm shows, with the seq it ends at', async () => {
    const owner = create();
    const session = new ScriptedSession();
    owner.attach('t', session, 'attempt');
    const output = richOutput(60);
    for (let at = 0; at < output.length; at += 97) session.print(output.slice(at, at + 97));
    const replay = await owner.replay('t');
    expect(replay?.seq).toBe(Math.ceil(output.length / 97));
    expect(await shown(replay?.data ?? '')).toEqual(await shown(output));
  });

  it('joins a replay taken mid-stream with the live chunks after it: no gap, no duplicate', async () => {
    const owner = create();
    const session = new ScriptedSession();
    const live: TerminalData[] = [];
    owner.onDidData((chunk) => live.push(chunk));
    owner.attach('t', session, 'attempt');
    const output = richOutput(40);
    const half = Math.floor(output.length / 2);
    session.print(output.slice(0, half));
    const pending = owner.replay('t');
    // Printed while the replay waits for the parser: after its seq, so the pane takes it live.
    session.print(output.slice(half));
    const replay = await pending;
    const after = live.filter((chunk) => chunk.seq > (replay?.seq ?? 0)).map((chunk) => chunk.data);
    expect(after).toEqual([output.slice(half)]);
    expect(await shown((replay?.data ?? '') + after.join(''))).toEqual(await shown(output));
  });

  it('starts a new attempt on a clean screen; follow-ups and side agents continue below', async () => {
    const owner = create();
    const first = new ScriptedSession();
    owner.attach('t', first, 'attempt');
    first.print('failed attempt\r\n');
    await first.exit();
    const retry = new ScriptedSession();
    owner.attach('t', retry, 'attempt');
    retry.print('second attempt\r\n');
    await retry.exit();
    const side = new ScriptedSession();
    owner.attach('t', side, 'side');
    side.print('resolver\r\n');
    const lines = await shown((await owner.replay('t'))?.data ?? '');
    expect(lines.join('\n')).not.toContain('failed attempt');
    expect(lines.slice(0, 2)).toEqual(['second attempt', 'resolver']);
  });

  it('keeps memory bounded: the scrollback caps the replay, and an ended task keeps only its text', async () => {
    const owner = create({ freezeIdleMs: 0 });
    const session = new ScriptedSession();
    owner.attach('t', session, 'attempt');
    const lines = 5 * REPLAY_SCROLLBACK_LINES;
    for (let i = 1; i <= lines; i++) session.print(`line ${i} ${'x'.repeat(60)}\r\n`);
    await session.exit();
    await waitUntil(() => owner.screenCount === 0);
    const replay = await owner.replay('t');
    const restored = await shown(replay?.data ?? '');
    expect(restored.length).toBeLessThanOrEqual(REPLAY_SCROLLBACK_LINES + 24);
    expect(restored.at(-2)).toBe(`line ${lines} ${'x'.repeat(60)}`);
    // Well under what the agent printed (~350 KB): only the scrollback's worth is kept.
    expect(replay?.data.length ?? 0).toBeLessThan(80 * (REPLAY_SCROLLBACK_LINES + 24));
    expect(replay).toMatchObject({ seq: lines, live: false });
    expect(owner.parseBacklog).toBe(0);
  });

  it('sends input, resizes and acks to the newest live session, and says NOT_RUNNING once none runs', async () => {
    const owner = create();
    const run = new ScriptedSession();
    owner.attach('t', run, 'attempt');
    expect(owner.write('t', 'yes\r')).toEqual(ok(null));
    const side = new ScriptedSession();
    owner.attach('t', side, 'side');
    owner.write('t', 'to the side\r');
    expect(owner.resize('t', 100, 40)).toEqual(ok(null));
    owner.ack('t', 7);
    expect(run.input).toEqual(['yes\r']);
    expect(side).toMatchObject({ input: ['to the side\r'], cols: 100, rows: 40 });
    expect(side.acked.get('default')).toBe(7);
    await side.exit();
    owner.write('t', 'back\r');
    expect(run.input).toEqual(['yes\r', 'back\r']);
    await run.exit();
    expect(owner.isLive('t')).toBe(false);
    expect(owner.write('t', 'late')).toMatchObject({ ok: false, error: { code: 'NOT_RUNNING' } });
    expect(owner.resize('t', 80, 24)).toMatchObject({ ok: false, error: { code: 'NOT_RUNNING' } });
    expect(owner.write('unknown', 'x')).toMatchObject({ ok: false, error: { code: 'NOT_RUNNING' } });
  });

  it('lets a replayed pane pace the live session (flow control) until that session ends', async () => {
    const owner = create();
    const session = new ScriptedSession();
    owner.attach('t', session, 'attempt');
    expect(session.viewers.get('default')).toBeUndefined();
    await owner.replay('t');
    await owner.replay('t');
    expect(session.viewers.get('default')).toBe(1);
    await session.exit();
    expect(session.viewers.get('default')).toBe(0);
  });

  it('paces a session by its headless terminal too: every chunk is acked once parsed, and the viewer goes with the session', async () => {
    const owner = create();
    const session = new ScriptedSession();
    owner.attach('t', session, 'attempt');
    expect(session.viewers.get(HEADLESS_VIEWER_ID)).toBe(1);
    const output = richOutput(200);
    session.print(output);
    await owner.replay('t');
    expect(session.acked.get(HEADLESS_VIEWER_ID)).toBe(output.length);
    await session.exit();
    expect(session.viewers.get(HEADLESS_VIEWER_ID)).toBe(0);
  });

  it('rebuilds a task no session ran in this process from its logs, and knows nothing of a task without any', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wavelane-terminals-'));
    dirs.push(dir);
    const log = path.join(dir, 't.attempt-1.log');
    await writeFile(log, 'from disk\r\n\x1b[32mgreen\x1b[0m\r\n');
    const owner = create();
    expect(await owner.replay('t')).toBeNull();
    const replay = await owner.replay('t', [log]);
    expect(replay).toMatchObject({ taskId: 't', seq: 0, live: false });
    expect((await shown(replay?.data ?? '')).slice(0, 2)).toEqual(['from disk', 'green']);
    // A side agent started after a restart (a conflict resolver) continues below what the logs showed.
    const side = new ScriptedSession();
    owner.attach('t', side, 'side');
    side.print('resolver\r\n');
    const after = await owner.replay('t', [log]);
    expect(after).toMatchObject({ seq: 1, live: true });
    expect((await shown(after?.data ?? '')).slice(0, 3)).toEqual(['from disk', 'green', 'resolver']);
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
