import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BoardSnapshot, RunSnapshot } from '../../../../shared/board/board';
import { createCore, type Core } from '../../createCore';
import { createTempRepo, makeTempDir, type TempRepo } from '../../testing/tempRepo';

/** A core with a real repository open, driven through its requests as the board drives it (tests only). */
export interface CoreHarness {
  core: Core;
  repo: TempRepo;
  /** The user's agent settings file of this core: a temp one, never the real user's. */
  settingsFile: string;
  /** Where the core keeps per-user data (logs and worktrees of runs live below `scratch`). */
  scratch: string;
  call<T>(name: string, input: unknown): Promise<T>;
  waitForRun(check: (run: RunSnapshot) => boolean, what?: string): Promise<RunSnapshot>;
  cleanup(): Promise<void>;
}

export async function openCoreHarness(files?: Record<string, string>): Promise<CoreHarness> {
  const repo = await createTempRepo(files ? { files } : {});
  const scratch = await makeTempDir('wavelane-core-');
  const settingsFile = path.join(scratch, 'config', 'agents.json');
  const core = createCore({
    host: 'web',
    version: 'test',
    dataDir: path.join(scratch, 'data'),
    worktreeRoot: path.join(scratch, 'worktrees'),
    agentSettingsFile: settingsFile,
  });
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const outcome = await core.request(name, input);
    if (!outcome.ok) throw new Error(`${name}: ${outcome.error.code} ${outcome.error.message}`);
    return outcome.value as T;
  };
  await call('project.open', { path: repo.dir });
  return {
    core,
    repo,
    settingsFile,
    scratch,
    call,
    async waitForRun(check, what = 'the run to get there') {
      for (let i = 0; i < 600; i++) {
        const board = await call<BoardSnapshot>('board.get', {});
        if (board.run && check(board.run)) return board.run;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`timed out waiting for ${what}`);
    },
    async cleanup() {
      await core.dispose();
      await repo.cleanup();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
