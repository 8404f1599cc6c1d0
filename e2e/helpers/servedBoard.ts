import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { createTempRepo, type TempRepo } from '../../src/main/core/testing/tempRepo';
import { serveRepo, type ServedHost } from '../serveHost';

/** A temp repository served by the built `wavelane serve`, with its own data folder (worktrees, run state). */
export interface ServedBoard {
  repo: TempRepo;
  host: ServedHost;
  dataDir: string;
  /** The host's user config folder (WAVELANE_CONFIG_DIR: agents.json), never the real user's. */
  configDir: string;
  /** Stops the host first (it stops its agents), then removes the repository and the data folder. */
  cleanup(): Promise<void>;
}

/**
 * Where the hosts' data folders go: Playwright's output folder (git-ignored, emptied at each run). Not the
 * OS temp folder, where the core rightly refuses to put worktrees by default (the system may clean them
 * with a user's work in them), and never the user's real data folder.
 */
const DATA_PARENT = path.resolve(import.meta.dirname, '..', '..', 'test-results');

/**
 * Starts `wavelane serve` on a fresh temp repository with its own data folder (WAVELANE_DATA_DIR) and user
 * config folder (WAVELANE_CONFIG_DIR), plus `options.env`. The variables are set only while the child is spawned (the child
 * copies the environment), so other specs in
 * this worker are unaffected.
 */
export async function serveTempBoard(options: { env?: Record<string, string> } = {}): Promise<ServedBoard> {
  const repo = await createTempRepo({ branch: 'main' });
  await mkdir(DATA_PARENT, { recursive: true });
  const dataDir = await mkdtemp(path.join(DATA_PARENT, 'wavelane-data-'));
  const configDir = path.join(dataDir, 'config');
  const childEnv: Record<string, string> = { WAVELANE_DATA_DIR: dataDir, WAVELANE_CONFIG_DIR: configDir, ...options.env };
  const previous = Object.fromEntries(Object.keys(childEnv).map((name) => [name, process.env[name]]));
  Object.assign(process.env, childEnv);
  // serveRepo spawns the child before it returns its promise, so the variables can go back at once.
  // An explicit --worktree-root: the default location is refused inside the OS temp folder, and a CI
  // checkout (hence test-results/) may well live there.
  const starting = serveRepo(repo.dir, ['--worktree-root', path.join(dataDir, 'worktrees')]);
  for (const [name, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  let host: ServedHost;
  try {
    host = await starting;
  } catch (error) {
    await repo.cleanup();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    repo,
    host,
    dataDir,
    configDir,
    async cleanup() {
      await host.stop();
      await repo.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
