import { spawn } from 'node:child_process';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempRepo';
import { isAtomicTempFile, readJsonResult } from '../storage/atomicFile';
import { EventLog, readEventLog } from '../storage/eventLog';

/**
 * The real thing: a child process writes the state file and appends to the event log as fast as it can, and is
 * killed with SIGKILL at an arbitrary moment. Node cannot run our TypeScript directly, so the test bundles a tiny
 * entry that imports the real atomicFile.ts and eventLog.ts (Vite, as bench/runTs.mjs does).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
/** Kills per test: each lands at a different moment of the write loop. */
const KILLS = 4;

describe('state and event log after kill -9 (real child processes)', () => {
  let work: string;
  let child: string;

  beforeAll(async () => {
    work = await makeTempDir('wavelane-kill9-');
    const entry = path.join(work, 'entry.ts');
    await writeFile(
      entry,
      `import { writeJsonAtomic } from ${JSON.stringify(path.join(here, '..', 'storage', 'atomicFile'))};
import { EventLog } from ${JSON.stringify(path.join(here, '..', 'storage', 'eventLog'))};
const dir = process.argv[2] as string;
const log = await EventLog.open(dir + '/events.jsonl');
if (!log.ok) process.exit(3);
for (let i = 0; ; i++) {
  await Promise.all([
    writeJsonAtomic(dir + '/state.json', { i, pad: 'x'.repeat((i * 997) % 20000) }),
    log.value.append({ type: 'tick', i, pad: 'y'.repeat((i * 131) % 9000) }),
  ]);
  if (i === 3) process.stdout.write('ready\\n');
}
`,
    );
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      build: {
        ssr: entry,
        outDir: path.join(work, 'out'),
        emptyOutDir: true,
        minify: false,
        target: 'node20',
        rollupOptions: { output: { format: 'esm', entryFileNames: 'child.mjs' } },
      },
      ssr: { noExternal: [] },
    });
    child = path.join(work, 'out', 'child.mjs');
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const runAndKill = (dir: string, afterMs: number) =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(process.execPath, [child, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      let started = false;
      proc.stdout.on('data', () => {
        if (started) return;
        started = true;
        setTimeout(() => proc.kill('SIGKILL'), afterMs);
      });
      proc.on('error', reject);
      proc.on('exit', (code, signal) => {
        if (signal === 'SIGKILL') resolve();
        else reject(new Error(`the writer exited on its own (code ${code})`));
      });
    });

  it('leaves a whole state file and a log whose only damage is a torn last line, repaired by the next writer', async () => {
    for (let kill = 0; kill < KILLS; kill++) {
      const dir = path.join(work, `run-${kill}`);
      await runAndKill(dir, 20 + kill * 37);

      const state = await readJsonResult(path.join(dir, 'state.json'));
      expect(state.ok).toBe(true);
      const value = (state.ok ? state.value : null) as { i: number; pad: string };
      expect(value.pad).toBe('x'.repeat((value.i * 997) % 20000));
      // A temp file may be left (killed before its rename); it is never the state file.
      for (const name of await readdir(dir)) {
        expect(['state.json', 'events.jsonl'].includes(name) || isAtomicTempFile(name), name).toBe(true);
      }

      const read = await readEventLog(path.join(dir, 'events.jsonl'));
      if (!read.ok) throw new Error(read.error.message);
      expect(read.value.torn.length).toBeLessThanOrEqual(1);
      const ticks = read.value.events.map((event) => event.i);
      expect(ticks).toEqual(ticks.map((_, index) => index));
      for (const event of read.value.events) expect(event.pad).toBe('y'.repeat(((event.i as number) * 131) % 9000));

      const reopened = await EventLog.open(path.join(dir, 'events.jsonl'));
      if (!reopened.ok) throw new Error(reopened.error.message);
      await reopened.value.append({ type: 'run.resumed' });
      await reopened.value.close();
      const again = await readEventLog(path.join(dir, 'events.jsonl'));
      if (!again.ok) throw new Error(again.error.message);
      expect(again.value.events.at(-1)?.type).toBe('run.resumed');
      expect(again.value.torn).toEqual(read.value.torn);
    }
  });
});
