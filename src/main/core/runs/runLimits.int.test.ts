import { afterEach, describe, expect, it } from 'vitest';
import { createRunHarness, loggedScript, type RunHarness } from './testing/runHarness';

/**
 * Per-profile caps in a real run: real git, real `shell` agents. (Budgets and rate limits need a CLI's
 * structured events: test/agents covers them with the real CLIs.)
 */
describe('the run loop: per-profile caps', () => {
  let h: RunHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('runs at most --max-per-agent agents of a profile at once, whatever the free slots', async () => {
    h = await createRunHarness();
    const { probe } = h;
    const plan = h.plan(['a', 'b', 'c'].map((id) => ({ id, files: [`${id}.txt`], prompt: loggedScript(probe, id, `echo ${id} > ${id}.txt\nsleep 0.3`) })));
    const run = await h.start(plan, { maxParallel: 3, maxPerAgent: { shell: 1 } });
    const holds = new Set<string | null>([run.controller.snapshot().holdReason]);
    run.controller.onDidChange((snapshot) => holds.add(snapshot.holdReason));
    const report = await run.finish();
    expect(report.tasks.map((task) => task.status)).toEqual(['merged', 'merged', 'merged']);
    // One at a time: every start comes after the previous agent's end.
    const log = (await h.probeLines()).filter((line) => /^(start|end) /.test(line));
    for (let i = 0; i < log.length; i += 2) {
      expect(log[i]).toMatch(/^start /);
      expect(log[i + 1]).toBe(`end ${(log[i] as string).slice('start '.length)}`);
    }
    // The status bar and the progress line say why the free slots stay empty.
    expect(holds).toContain('waiting: shell at its cap of 1');
    expect(run.prepared.state.options.maxPerAgent).toEqual({ shell: 1 });
  });
});
