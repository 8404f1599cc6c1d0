import { existsSync } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../src/main/core/storage/atomicFile';

/**
 * bench/RESULTS.md is shared by every benchmark: each owns one section between
 * `<!-- name:start -->` and `<!-- name:end -->` and rewrites only that, so benchmarks run separately
 * (or in any order) never erase each other's figures.
 */

/**
 * The repository root: benchmarks run from a temp bundle (see runTs.mjs) inside node_modules/.cache, so
 * walk up from there (or from the working directory) to the folder that holds bench/runTs.mjs.
 */
export function repoRoot(): string {
  for (const start of [path.dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'bench', 'runTs.mjs'))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  return process.cwd();
}

export const RESULTS_FILE = path.join(repoRoot(), 'bench', 'RESULTS.md');

const HEADER = '# Benchmark results\n\nWritten by the benchmarks (`npm run bench`); each section is replaced by its own benchmark.\n';

/** Replaces (or appends) the section `name` of bench/RESULTS.md with `markdown`. */
export async function writeSection(name: string, markdown: string, file = RESULTS_FILE): Promise<void> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`section name must be lowercase letters, digits and dashes: ${JSON.stringify(name)}`);
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  // Benchmarks run side by side would otherwise each read the file, and the last write would drop the others.
  await withLock(`${file}.lock`, async () => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      text = HEADER;
    }
    const section = `${start}\n${markdown.trim()}\n${end}`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    const next = from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`;
    await writeFileAtomic(file, next);
  });
}

/** How long to wait for another benchmark's write, and when a lock file is old enough to be a leftover. */
const LOCK_WAIT_MS = 10_000;
const LOCK_STALE_MS = 30_000;
const LOCK_RETRY_MS = 50;

async function withLock(lockFile: string, fn: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await (await open(lockFile, 'wx')).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lockFile).then((info) => Date.now() - info.mtimeMs, () => 0);
      if (age > LOCK_STALE_MS) await rm(lockFile, { force: true });
      else if (Date.now() > deadline) throw new Error(`${lockFile} is held by another benchmark; remove it if none runs`);
      else await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
  try {
    await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}

/** `AMD EPYC 7B13, 2 cores, Node v20.19.0, linux x64`: enough to compare figures across machines. */
export function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  return `${model}, ${cpus.length} cores, Node ${process.version}, ${process.platform} ${process.arch}`;
}

/** The header every section starts with: what ran, when, where. */
export function runHeader(title: string, command: string): string {
  // The load average says whether other work shared the machine, which makes figures noisier.
  const load = os.loadavg()[0]?.toFixed(2) ?? '?';
  return [`## ${title}`, '', `- Command: \`${command}\``, `- Date: ${new Date().toISOString()}`, `- Machine: ${machineLine()}`, `- Load average at start: ${load}`, ''].join('\n');
}

/** A Markdown table from a header row and rows of cells. */
export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Median of repeated timings (ms), robust to a GC pause or a noisy neighbour in one of them. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
