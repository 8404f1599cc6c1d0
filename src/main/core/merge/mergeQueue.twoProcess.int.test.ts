import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { MergeOutcome, MergeRequest } from './mergeQueue';
import { bundleForNode } from './testing/bundleForNode';
import { createMergeFixture, type MergeFixture } from './testing/taskFixture';

/** A second (and third) real process running the merge queue on the same repository. */
const CHILD = `
const [bundle, repo, commonDir, requests, outFile, tag] = process.argv.slice(1);
const { MergeQueue } = await import(bundle);
const { appendFileSync } = await import('node:fs');
const now = () => performance.timeOrigin + performance.now();
let start = 0;
const queue = new MergeQueue({
  repo, commonDir, target: 'main', maxBatch: 1, lockStaleMs: 60000,
  hooks: {
    onLockAcquired() { start = now(); },
    // Widen the window in which an unlocked rival would move the target under us.
    async beforeAdvance() { await new Promise((r) => setTimeout(r, 30)); },
    onLockReleasing() { appendFileSync(outFile, tag + ' ' + start + ' ' + now() + '\\n'); },
  },
});
const outcomes = await Promise.all(JSON.parse(requests).map((r) => queue.enqueue(r)));
queue.dispose();
console.log(JSON.stringify(outcomes));
`;

describe('MergeQueue across processes', () => {
  let fx: MergeFixture;
  afterEach(async () => {
    await fx?.cleanup();
  });

  it('two processes never merge at the same time, and both land everything', async () => {
    fx = await createMergeFixture();
    const bundle = await bundleForNode(
      path.join(path.dirname(fileURLToPath(import.meta.url)), 'mergeQueue.ts'),
      path.join(fx.worktreeRoot, '..', 'bundle'),
    );
    const requests: MergeRequest[] = [];
    for (let i = 0; i < 8; i++) requests.push(await fx.task(`p${i}`, { [`p${i}.txt`]: `${i}\n` }));
    const spans = path.join(fx.worktreeRoot, '..', 'spans.txt');
    const run = (tag: string, mine: MergeRequest[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--input-type=module', '-e', CHILD, bundle, fx.repo.dir, fx.commonDir, JSON.stringify(mine), spans, tag],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const [a, b] = await Promise.all([run('a', requests.slice(0, 4)), run('b', requests.slice(4))]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const outcomes = [...JSON.parse(a.stdout), ...JSON.parse(b.stdout)] as MergeOutcome[];
    expect(outcomes.map((o) => o.status)).toEqual(Array(8).fill('merged'));
    // With the lock, the target never moved under anyone: no merge had to start over.
    expect(outcomes.map((o) => (o.status === 'merged' ? o.restarts : -1))).toEqual(Array(8).fill(0));
    const sections = (await readFile(spans, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => line.split(' ').map(Number) as [number, number, number])
      .map(([, start, end]) => ({ start, end }))
      .sort((x, y) => x.start - y.start);
    expect(sections).toHaveLength(8);
    for (let i = 1; i < sections.length; i++) expect(sections[i]!.start).toBeGreaterThanOrEqual(sections[i - 1]!.end);
    const merges = (await fx.repo.git('log', '--first-parent', '--merges', '--format=%s', 'main')).split('\n');
    expect(merges.sort()).toEqual(requests.map((r) => `Merge task ${r.taskId}: ${r.title}`).sort());
    expect(await fx.repo.git('status', '--porcelain')).toBe('');
  });
});
