import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import picomatch from 'picomatch';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';
import { loadPlanFile } from './loadPlan';
import { TaskGraph } from './taskGraph';

const run = promisify(execFile);
const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');

/**
 * The hello example must really work: each task's script is run with bash (as the `shell` agent does,
 * from a prompt file) in a real repository, in dependency order, and must change only files its
 * `files` globs claim; the plan's verify command must then pass on the result.
 */
describe('examples/hello-plan.json', () => {
  let repo: TempRepo | undefined;
  let scratch: string | undefined;
  afterEach(async () => {
    await repo?.cleanup();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    repo = undefined;
    scratch = undefined;
  });

  it('runs task by task in dependency order, each inside its own files, and passes verify', async () => {
    const loaded = await loadPlanFile(path.join(EXAMPLES, 'hello-plan.json'), { knownAgents: ['shell'] });
    if (!loaded.ok) throw new Error(loaded.error.message);
    const { plan } = loaded.value;
    const order = TaskGraph.of(plan.tasks).topologicalOrder();
    if (!order.ok) throw new Error(order.error.message);
    repo = await createTempRepo();
    scratch = await makeTempDir('wavelane-prompts-');

    for (const id of order.value) {
      const task = plan.tasks.find((t) => t.id === id)!;
      const promptFile = path.join(scratch, `${id}.sh`);
      await writeFile(promptFile, task.prompt);
      await run('bash', [promptFile], { cwd: repo.dir });
      const changed = (await repo.git('status', '--porcelain', '--untracked-files=all'))
        .split('\n')
        .filter(Boolean)
        .map((line) => line.slice(3));
      expect(changed.length, `${id} changed nothing`).toBeGreaterThan(0);
      const inBounds = picomatch(task.files ?? [], { dot: true });
      expect(changed.filter((file) => !inBounds(file)), `${id} wrote outside its files`).toEqual([]);
      await repo.commit(task.title);
    }

    const verify = await run('bash', ['-c', plan.verify!], { cwd: repo.dir });
    expect(verify.stdout).toContain('greet tests passed');
    const greet = await run('bash', ['-c', 'source src/greet.sh && greet Ada && farewell Ada'], { cwd: repo.dir });
    expect(greet.stdout).toBe('Hello, Ada!\nGoodbye, Ada!\n');
    expect(await readFile(path.join(repo.dir, 'docs/USAGE.md'), 'utf8')).toContain('farewell Ada');
  });

  it('has overlapping locks, so its waves are not just its dependency levels', async () => {
    const loaded = await loadPlanFile(path.join(EXAMPLES, 'hello-plan.json'));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const byId = new Map(loaded.value.plan.tasks.map((t) => [t.id, t]));
    const overlaps = (a: string, b: string) => {
      const globsA = [...(byId.get(a)!.files ?? [])];
      const globsB = [...(byId.get(b)!.files ?? []), ...(byId.get(b)!.reads ?? [])];
      return globsA.some((glob) => globsB.some((other) => picomatch(other)(glob) || picomatch(glob)(other)));
    };
    // No dependency between them, yet they cannot run side by side.
    expect(overlaps('changelog', 'usage-doc')).toBe(true);
    expect(overlaps('add-farewell', 'add-tests')).toBe(true);
    expect(overlaps('scaffold', 'usage-doc')).toBe(false);
  });
});
