import path from 'node:path';
import { GitError as SimpleGitError, GitPluginError, simpleGit, type SimpleGit } from 'simple-git';

/**
 * One simple-git instance per repository, keyed by the repository's common git dir (the folder its
 * worktrees share), so that instance's `maxConcurrentProcesses` bounds how many git processes run at
 * once against that repository however many tasks ask. Every call names its folder with `git -C`, so
 * one instance serves the main checkout and every worktree of the repository.
 */

/**
 * Git processes at once per repository: two cores here, and a git process mostly waits on the disk,
 * so two per core keeps both busy while a burst (about 32 git processes per task) queues instead of
 * thrashing the machine the agents also need.
 */
export const MAX_GIT_PROCESSES_PER_REPO = 4;

/**
 * A git that prints nothing for this long is stuck (a hook waiting on something, a prompt we could not
 * suppress): it is killed and the call fails with GIT_TIMEOUT instead of hanging the run. Long enough
 * for a slow hook on a big checkout.
 */
export const GIT_SILENCE_TIMEOUT_MS = 10 * 60_000;

/** Folders remembered with their repository; past this the memory is dropped (worktrees come and go). */
const MAX_REMEMBERED_FOLDERS = 1000;

/** Git must never stop to ask a question (it has no terminal here) and must answer in one language we parse. */
export const FIXED_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_ASKPASS: 'echo',
  LC_ALL: 'C',
  LANG: 'C',
};

/**
 * Git exited with a non-zero code. simple-git (by default) only fails a command that also wrote to
 * stderr; we need every exit code (`merge-base --is-ancestor` answers with 1), so its `errors` hook
 * turns every non-zero exit into this. It extends simple-git's own error so simple-git passes it on
 * unchanged.
 */
export class GitExit extends SimpleGitError {
  constructor(
    /** Null when a signal ended git. */
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(undefined, exitCode === null ? 'git was killed by a signal' : `git exited with code ${exitCode}`);
  }
}

interface RepoGit {
  git: SimpleGit;
  controller: AbortController;
}

const byCommonDir = new Map<string, RepoGit>();
const commonDirByFolder = new Map<string, string>();
/** Folders outside any repository (and `git init`, before there is one) share this instance. */
const NO_REPO = '';

function createInstance(baseDir: string): RepoGit {
  const controller = new AbortController();
  // The process's environment (as it is when this instance is made), plus our fixed settings. simple-git
  // refuses explicitly given GIT_* and other "guarded" keys unless named; naming every key we pass keeps
  // the user's environment (GIT_CONFIG_GLOBAL, an identity in GIT_AUTHOR_NAME) in charge, as before.
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, FIXED_ENV);
  const git = simpleGit({
    baseDir,
    maxConcurrentProcesses: MAX_GIT_PROCESSES_PER_REPO,
    timeout: { block: GIT_SILENCE_TIMEOUT_MS },
    abort: controller.signal,
    allowEnvironment: Object.keys(env),
    // `-C <folder>` is the one argument we add ourselves (never taken from input): it names the worktree.
    unsafe: { allowUnsafeConfigPaths: true },
    // Keys our own commands write (test fixtures, the merge settings we pass with -c).
    allowConfig: ['user.name', 'user.email', 'commit.gpgsign', 'rerere.enabled', 'merge.autoStash', 'merge.conflictStyle', 'core.quotePath'],
    errors(error, result) {
      // A plugin's own refusal (timeout, abort, an unsafe argument) stays as it is; any exit code wins over
      // simple-git's default error, which keeps only the text.
      // A git killed by a signal from elsewhere has no exit code (null): a failure too, never partial output.
      if (result.exitCode === 0 || error instanceof GitPluginError) return error;
      return new GitExit(result.exitCode, Buffer.concat(result.stdOut).toString('utf8'), Buffer.concat(result.stdErr).toString('utf8'));
    },
  }).env(env);
  return { git, controller };
}

function instanceFor(commonDir: string): SimpleGit {
  let repo = byCommonDir.get(commonDir);
  if (!repo) {
    repo = createInstance(commonDir === NO_REPO ? path.parse(process.cwd()).root : commonDir);
    byCommonDir.set(commonDir, repo);
  }
  return repo.git;
}

/** The simple-git instance of the repository `folder` belongs to (found once per folder). */
export async function gitFor(folder: string): Promise<SimpleGit> {
  const known = commonDirByFolder.get(folder);
  if (known !== undefined) return instanceFor(known);
  let commonDir = NO_REPO;
  try {
    const out = await instanceFor(NO_REPO).raw(['-C', folder, 'rev-parse', '--path-format=absolute', '--git-common-dir']);
    commonDir = out.trim();
  } catch {
    // Not a repository (yet), or a folder that does not exist: the shared instance runs it, and git
    // itself says what is wrong.
    return instanceFor(NO_REPO);
  }
  if (commonDirByFolder.size >= MAX_REMEMBERED_FOLDERS) commonDirByFolder.clear();
  commonDirByFolder.set(folder, commonDir);
  return instanceFor(commonDir);
}

/**
 * Kills every git process running for the repository whose common dir is `commonDir` (their calls fail
 * with GIT_CANCELLED); later calls get a fresh instance.
 */
export function cancelGit(commonDir: string): void {
  const repo = byCommonDir.get(commonDir);
  if (!repo) return;
  byCommonDir.delete(commonDir);
  repo.controller.abort();
}
