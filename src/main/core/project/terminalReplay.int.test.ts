import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalData, TerminalReplay } from '../../../shared/contract/terminal';
import { waitFor } from '../agents/testing/sessionFixture';
import { createCore, type Core } from '../createCore';
import { shownAfter } from '../terminals/screenFixture';
import { makeTempDir } from '../testing/tempRepo';
import { openCoreHarness, type CoreHarness } from './testing/coreHarness';

/** A task's terminal through the core's requests and events, as the board's panes use it. */
describe('task terminals through the core', () => {
  let h: CoreHarness | undefined;
  let reopened: Core | undefined;
  let scratch: string | undefined;
  afterEach(async () => {
    await reopened?.dispose();
    await h?.cleanup();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    h = undefined;
    reopened = undefined;
    scratch = undefined;
  });

  it('replays a pane mid-run and after it, takes keystrokes, and rebuilds the pane from the log in a new process', async () => {
    h = await openCoreHarness();
    const chunks: TerminalData[] = [];
    h.core.onEvent((event) => {
      if (event.name === 'terminal.data' && event.payload.taskId === 'ask') chunks.push(event.payload);
    });
    const prompt = `printf '\\033[32mWhat is your name?\\033[0m '; read -r name; echo "Thanks, $name"; echo "$name" > name.txt`;
    await h.call('board.saveTask', { task: { id: 'ask', title: 'Ask', prompt, agent: 'shell' } });
    await h.call('board.moveTask', { id: 'ask', to: 'runParallel', index: 0 });
    await h.call('run.start', {});
    await waitFor(() => chunks.map((chunk) => chunk.data).join('').includes('What is your name?'), 'the question');

    // The agent waits for input, so nothing arrives after the question: the replay ends at its chunk.
    const mid = await h.call<TerminalReplay>('terminal.replay', { taskId: 'ask' });
    expect(mid).toMatchObject({ taskId: 'ask', live: true, seq: chunks.at(-1)?.seq });
    expect((await shownAfter(mid.data))[0]).toBe('What is your name? ');
    await h.call('terminal.write', { taskId: 'ask', data: 'Ada\r' });
    await h.waitForRun((run) => run.state === 'finished', 'the run to finish');

    const after = await h.call<TerminalReplay>('terminal.replay', { taskId: 'ask' });
    expect(after).toMatchObject({ live: false, seq: chunks.at(-1)?.seq });
    expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, index) => index + 1));
    const shown = await shownAfter(after.data);
    expect(shown.slice(0, 2)).toEqual(['What is your name? Ada', 'Thanks, Ada']);
    expect(await h.call('terminal.write', { taskId: 'ask', data: 'late' }).catch((error: Error) => error.message)).toMatch(/NOT_RUNNING/);

    // Another process (the app restarted) has no terminal in memory: the pane is rebuilt from the log.
    scratch = await makeTempDir('wavelane-core-');
    reopened = createCore({ host: 'web', version: 'test', dataDir: path.join(scratch, 'data') });
    expect(await reopened.request('project.open', { path: h.repo.dir })).toMatchObject({ ok: true });
    const fromLog = await reopened.request('terminal.replay', { taskId: 'ask' });
    expect(fromLog).toMatchObject({ ok: true, value: { live: false, seq: 0 } });
    expect((await shownAfter((fromLog as { value: TerminalReplay }).value.data)).slice(0, 2)).toEqual(shown.slice(0, 2));
    expect(await reopened.request('terminal.replay', { taskId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
