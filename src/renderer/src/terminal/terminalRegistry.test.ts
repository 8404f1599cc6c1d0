import { describe, expect, it } from 'vitest';
import type { TerminalReplay } from '../../../shared/contract/index';
import type { Result } from '../../../shared/result';
import { scriptedCore } from '../testing/scriptedCore';
import { ACK_BATCH_CHARS, ACK_DELAY_MS, createTerminalRegistry, type TerminalSink } from './terminalRegistry';

/** Records what xterm would show; write callbacks run when the test says xterm has parsed them. */
function recordingSink() {
  let screen = '';
  const callbacks: (() => void)[] = [];
  const sink: TerminalSink = {
    write(data, callback) {
      screen += data;
      if (callback) callbacks.push(callback);
    },
    reset() {
      screen = '';
    },
  };
  return { sink, screen: () => screen, parse: () => callbacks.splice(0).forEach((callback) => callback()) };
}

type ReplayOutcome = Result<TerminalReplay, 'NOT_FOUND'>;

/** A scripted core whose replays the test answers when it wants, with a manual timer for acks. */
function setup() {
  const replays: ((outcome: ReplayOutcome) => void)[] = [];
  const core = scriptedCore({
    'terminal.replay': () => new Promise<ReplayOutcome>((resolve) => replays.push(resolve)),
    'terminal.ack': () => ({ ok: true, value: null }),
  });
  const timers: { callback: () => void; ms: number }[] = [];
  const registry = createTerminalRegistry({
    request: core.request,
    setTimer: (callback, ms) => {
      const timer = { callback, ms };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      const index = timers.indexOf(handle as (typeof timers)[number]);
      if (index >= 0) timers.splice(index, 1);
    },
  });
  const answer = async (data: string, seq: number, taskId = 't') => {
    replays.shift()?.({ ok: true, value: { taskId, data, seq, live: true } });
    await settle();
  };
  const acks = () =>
    core.calls.filter((call) => call.name === 'terminal.ack').map((call) => call.input as { taskId: string; chars: number });
  const fireTimers = () => timers.splice(0).forEach((timer) => timer.callback());
  return { core, registry, replays, timers, answer, acks, fireTimers };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const chunk = (seq: number, data: string, taskId = 't') => ({ taskId, seq, data });

describe('terminal registry', () => {
  it('writes the replay, then only chunks newer than its seq, in order', async () => {
    const { registry, answer } = setup();
    const pane = recordingSink();
    registry.attach('t', pane.sink);
    // Arrive while the replay is on its way: 3 is already in it, 4 and 5 are not.
    registry.onData(chunk(5, 'E'));
    registry.onData(chunk(3, 'C'));
    registry.onData(chunk(4, 'D'));
    await answer('ABC', 3);
    expect(pane.screen()).toBe('ABCDE');
    registry.onData(chunk(6, 'F'));
    registry.onData(chunk(6, 'F'));
    registry.onData(chunk(2, 'B'));
    expect(pane.screen()).toBe('ABCDEF');
  });

  it('replays again after a gap (events lost while disconnected), without duplicating output', async () => {
    const { registry, answer, core } = setup();
    const pane = recordingSink();
    registry.attach('t', pane.sink);
    await answer('ab', 2);
    registry.onData(chunk(5, 'e'));
    expect(pane.screen()).toBe('ab');
    expect(core.names().filter((name) => name === 'terminal.replay')).toHaveLength(2);
    await answer('abcde', 5);
    registry.onData(chunk(6, 'f'));
    expect(pane.screen()).toBe('abcdef');
  });

  it('acks written characters after xterm has parsed them, batched by time', async () => {
    const { registry, answer, acks, timers, fireTimers } = setup();
    const pane = recordingSink();
    registry.attach('t', pane.sink);
    await answer('', 0);
    registry.onData(chunk(1, 'hello'));
    registry.onData(chunk(2, 'world!'));
    expect(acks()).toEqual([]);
    pane.parse();
    expect(acks()).toEqual([]);
    expect(timers.map((timer) => timer.ms)).toEqual([ACK_DELAY_MS]);
    fireTimers();
    expect(acks()).toEqual([{ taskId: 't', chars: 11 }]);
  });

  it('acks at once when a batch reaches the size cap', async () => {
    const { registry, answer, acks } = setup();
    const pane = recordingSink();
    registry.attach('t', pane.sink);
    await answer('', 0);
    registry.onData(chunk(1, 'x'.repeat(ACK_BATCH_CHARS)));
    pane.parse();
    expect(acks()).toEqual([{ taskId: 't', chars: ACK_BATCH_CHARS }]);
  });

  it('acks output of a task without a pane, so the core never pauses an agent nobody watches', () => {
    const { registry, acks, fireTimers } = setup();
    registry.onData(chunk(1, 'abc', 'hidden'));
    registry.onData(chunk(2, 'de', 'hidden'));
    fireTimers();
    expect(acks()).toEqual([{ taskId: 'hidden', chars: 5 }]);
  });

  it('acks dropped duplicates and, on detach, unparsed and waiting chunks exactly once', async () => {
    const { registry, answer, acks, fireTimers } = setup();
    const pane = recordingSink();
    const detach = registry.attach('t', pane.sink);
    registry.onData(chunk(1, 'old'));
    await answer('old', 1);
    registry.onData(chunk(2, 'new'));
    // 'old' (seq 1) was in the replay: acked as dropped. 'new' is written but not parsed yet.
    detach();
    pane.parse();
    registry.onData(chunk(3, 'gone'));
    fireTimers();
    expect(acks()).toEqual([{ taskId: 't', chars: 3 + 3 + 4 }]);
    expect(registry.isAttached('t')).toBe(false);
  });

  it('ignores a replay answer that arrives after its pane closed', async () => {
    const { registry, answer } = setup();
    const first = recordingSink();
    const detach = registry.attach('t', first.sink);
    detach();
    await answer('late', 1);
    expect(first.screen()).toBe('');
  });

  it('starts every open pane over after a reconnect', async () => {
    const { registry, answer, replays } = setup();
    const a = recordingSink();
    const b = recordingSink();
    registry.attach('a', a.sink);
    registry.attach('b', b.sink);
    await answer('a1', 1, 'a');
    await answer('b1', 1, 'b');
    const done = registry.replayAll();
    expect(replays).toHaveLength(2);
    await answer('a1a2', 2, 'a');
    await answer('b1b2', 2, 'b');
    await done;
    expect([a.screen(), b.screen()]).toEqual(['a1a2', 'b1b2']);
  });

  it('says so in the pane when there is nothing to replay, and shows live output from wherever it starts', async () => {
    const { registry, replays } = setup();
    const pane = recordingSink();
    registry.attach('t', pane.sink);
    replays.shift()?.({ ok: false, error: { code: 'NOT_FOUND', message: 't has no terminal yet' } });
    await settle();
    registry.onData(chunk(40, 'live'));
    registry.onData(chunk(41, '!'));
    expect(pane.screen()).toBe('[t has no terminal yet]\r\nlive!');
  });
});
