import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TerminalData } from '../../../shared/contract/terminal';
import { SessionFixture, waitFor } from '../agents/testing/sessionFixture';
import { TaskTerminals } from './TaskTerminals';
import { shownAfter as shown } from './screenFixture';


describe('TaskTerminals with agents in real ptys', () => {
  const fixture = new SessionFixture();
  const owner = new TaskTerminals();
  afterEach(() => fixture.cleanup());
  afterAll(() => owner.dispose());

  it('lets a pane that attaches mid-run join the live output without gaps or duplicates', async () => {
    const { session, text } = await fixture.start(`for i in $(seq 1 50); do printf '\\033[3%dmline %d\\033[0m\\n' $((i % 8)) $i; sleep 0.02; done`, {
      taskId: 'late',
    });
    const chunks: TerminalData[] = [];
    owner.onDidData((chunk) => chunk.taskId === 'late' && chunks.push(chunk));
    owner.attach('late', session, 'attempt');
    await waitFor(() => text().includes('line 10'), 'some output');
    const replay = await owner.replay('late');
    expect(replay?.live).toBe(true);
    await session.exited;
    const live = chunks.filter((chunk) => chunk.seq > (replay?.seq ?? 0)).map((chunk) => chunk.data);
    expect(await shown((replay?.data ?? '') + live.join(''), session.cols, session.rows)).toEqual(await shown(text(), session.cols, session.rows));
    expect(text()).toContain('line 50');
    // After the exit the pane gets the same screen, not live any more.
    const after = await owner.replay('late');
    expect(after).toMatchObject({ live: false, seq: chunks.at(-1)?.seq });
    expect(await shown(after?.data ?? '', session.cols, session.rows)).toEqual(await shown(text(), session.cols, session.rows));
  });

  it('routes keystrokes typed into the pane to the agent, and the pane size to its pty', async () => {
    const { session, text } = await fixture.start(`read -r line; echo "got:$line size:$(stty size)"`, { taskId: 'ask' });
    owner.attach('ask', session, 'attempt');
    expect(owner.resize('ask', 100, 40).ok).toBe(true);
    expect(owner.write('ask', 'hello\r').ok).toBe(true);
    await session.exited;
    expect(text()).toContain('got:hello size:40 100');
    expect(owner.write('ask', 'late').ok).toBe(false);
  });
});
