import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killProcessTree } from '../core/processes/killProcessTree';
import { mulberry32 } from '../core/testing/mulberry32';
import { runCliProcess } from './testing/cliProcess';
import { createRunFixture, type RunFixture } from './testing/runFixture';

/** Kill rounds: each lands at a different moment of a run (starting, running agents, committing, merging, recovering). */
const ROUNDS = 12;
/** A kill comes this long after the start at most: about one run of the plan on a quiet machine. */
const MAX_KILL_AFTER_MS = 2_500;
/** Runs after the last kill before giving up: one normally finishes it, each may find more to recover. */
const MAX_FINAL_RUNS = 4;
const TASKS = 6;
/** Marks every process of one round (CLI, git, agents) so the kill finds those that escaped the tree. */
const MARK = 'CHAOS_MARK';

/**
 * kill -9 of the whole process tree (the CLI, its git processes and its agents) at random moments, then the
 * same command again until it finishes: every task lands exactly once, `wavelane clean` leaves nothing of
 * ours, and the repository is sound (issue 13). The seed is printed; WAVELANE_CHAOS_SEED replays one.
 */
describe('wavelane run under kill -9 at random moments', () => {
  let fx: RunFixture | undefined;
  afterEach(async () => {
    await fx?.cleanup();
    fx = undefined;
  });

  it(`every task lands exactly once after ${ROUNDS} kills, clean leaves nothing, fsck is clean`, async () => {
    const seed = Number(process.env.WAVELANE_CHAOS_SEED) || Date.now() % 2 ** 31;
    console.log(`chaos seed: ${seed} (WAVELANE_CHAOS_SEED=${seed} replays it)`);
    const random = mulberry32(seed);
    fx = await createRunFixture();
    const ids = Array.from({ length: TASKS }, (_, i) => `c${i}`);
    await fx.writePlan(
      ids.map((id, i) => ({
        id,
        // The work is written at the very end, so a kill mostly finds either no change or a committed one.
        prompt: `sleep ${(0.2 + random() * 0.5).toFixed(2)}; echo ${id} > ${id}.txt`,
        ...(i >= 4 ? { dependsOn: [ids[i - 4]!] } : {}),
      })),
    );
    const args = ['--max-parallel', '3', '--no-resource-guard', '--json'];

    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const mark = `${seed}-${round}`;
      const run = fx.start(args, { [MARK]: mark });
      const killAfter = Math.floor(random() * MAX_KILL_AFTER_MS);
      const ended = await Promise.race([run.done.then(() => true), sleep(killAfter).then(() => false)]);
      if (!ended) {
        const killed = await killProcessTree(run.child.pid!, { graceMs: 0, envMarker: { name: MARK, value: mark } });
        expect(killed.survivors).toEqual([]);
      }
      const result = await run.done;
      outcomes.push(ended ? `round ${round}: finished (exit ${result.code})` : `round ${round}: killed after ${killAfter} ms`);
      // A run that ended on its own must have ended well: exit 0, or the start refused while a kill's leftovers settle.
      if (ended) expect(result.code, `${outcomes.join('\n')}\n${result.stderr}`).toBe(0);
    }

    let final = await fx.run(args);
    for (let again = 1; again < MAX_FINAL_RUNS && final.code !== 0; again++) final = await fx.run(args);
    const history = `${outcomes.join('\n')}\nfinal: exit ${final.code}\n${final.stderr}`;
    expect(final.code, history).toBe(0);
    expect(final.report!.tasks.map((task) => [task.id, task.status]), history).toEqual(ids.map((id) => [id, 'merged']));

    // Exactly once: one merge commit per task on the target, by its trailer, and each task's file there.
    const landed = (await fx.repo.git('log', '--merges', '--format=%(trailers:key=Wavelane-Task,valueonly)', 'main')).split('\n').filter(Boolean);
    expect(landed.sort(), history).toEqual(ids);
    for (const id of ids) expect(await fx.repo.git('show', `main:${id}.txt`)).toBe(id);

    // Clean keeps only what the README promises to keep: a worktree holding uncommitted work (a kill between
    // the agent writing its file and the commit), with its branch. Nothing else of ours survives it.
    const cleaned = await runCliProcess(['clean', '--repo', fx.repo.dir], { cwd: fx.repo.dir, env: { XDG_DATA_HOME: fx.dataHome } });
    expect(cleaned.code, `${history}\n${cleaned.stdout}${cleaned.stderr}`).toBe(0);
    const kept = cleaned.stdout.split('\n').filter((line) => line.startsWith('kept '));
    const documented = /^kept (worktree .*: uncommitted changes in|branch wavelane\/\S+: checked out in a worktree that is kept|run \S+: its record stays while)/;
    expect(kept.filter((line) => !documented.test(line)), cleaned.stdout).toEqual([]);
    console.log(`chaos seed ${seed}:\n${outcomes.join('\n')}\nclean kept ${kept.length ? kept.join('; ') : 'nothing'}`);
    const keptWorktrees = kept.filter((line) => line.startsWith('kept worktree ')).length;
    expect(await worktreePaths(fx), cleaned.stdout).toHaveLength(1 + keptWorktrees);
    expect((await fx.repo.git('branch', '--list', 'wavelane/*')).split('\n').filter(Boolean), cleaned.stdout).toHaveLength(keptWorktrees);

    // What uncommitted work there was is given up only when asked: then nothing of ours is left at all.
    const forced = await runCliProcess(['clean', '--force', '--repo', fx.repo.dir], { cwd: fx.repo.dir, env: { XDG_DATA_HOME: fx.dataHome } });
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(await worktreePaths(fx)).toEqual([fx.repo.dir]);
    expect(await fx.repo.git('branch', '--format=%(refname:short)')).toBe('main');
    const admin = path.join(fx.repo.dir, '.git', 'worktrees');
    expect(existsSync(admin) ? await readdir(admin) : []).toEqual([]);
    // State: the current run's record only (`wavelane status` shows it), and no lock file of ours.
    const stateDir = path.join(fx.repo.dir, '.git', 'wavelane');
    expect(await readdir(path.join(stateDir, 'runs'))).toEqual([final.report!.run]);
    expect((await readdir(stateDir, { recursive: true })).filter((file) => String(file).endsWith('.lock'))).toEqual([]);
    expect(await fx.repo.git('status', '--porcelain')).toBe('');
    await fx.repo.git('fsck', '--strict', '--no-dangling');
  }, 300_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function worktreePaths(fixture: RunFixture): Promise<string[]> {
  const listed = await fixture.repo.git('worktree', 'list', '--porcelain');
  return listed.split('\n').filter((line) => line.startsWith('worktree ')).map((line) => line.slice('worktree '.length));
}
