import { mkdtemp, mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { git, type GitOptions } from '../git/git';

/**
 * Real git repositories in temp folders for tests (a mock of git is not a test of git). Each has its
 * own identity so commits work on a machine without a global git config.
 */
export interface TempRepo {
  /** Absolute, symlink-free path of the working tree. */
  readonly dir: string;
  git(...args: string[]): Promise<string>;
  write(file: string, content: string | Buffer): Promise<void>;
  /** Writes the files, stages everything and commits; returns the new commit. */
  commit(message: string, files?: Record<string, string | Buffer>): Promise<string>;
  cleanup(): Promise<void>;
}

export const TEST_IDENTITY = {
  GIT_AUTHOR_NAME: 'Wavelane Test',
  GIT_AUTHOR_EMAIL: 'test@wavelane.invalid',
  GIT_COMMITTER_NAME: 'Wavelane Test',
  GIT_COMMITTER_EMAIL: 'test@wavelane.invalid',
};

/** For fixtures: git's output, or a thrown error (a fixture that cannot be set up is a broken test). */
export async function mustGit(args: readonly string[], options: GitOptions): Promise<string> {
  const out = await git(args, options);
  if (!out.ok) throw new Error(out.error.message);
  return out.value;
}

/** A temp folder that is removed by `cleanup` (or by the caller). */
export async function makeTempDir(prefix = 'wavelane-test-'): Promise<string> {
  return realpath(await mkdtemp(path.join(os.tmpdir(), prefix)));
}

export async function createTempRepo(
  options: { branch?: string; initialCommit?: boolean; files?: Record<string, string | Buffer> } = {},
): Promise<TempRepo> {
  const dir = await makeTempDir();
  const run = (...args: string[]) => mustGit(args, { cwd: dir });
  await run('init', '-q', '-b', options.branch ?? 'main');
  await run('config', 'user.name', TEST_IDENTITY.GIT_AUTHOR_NAME);
  await run('config', 'user.email', TEST_IDENTITY.GIT_AUTHOR_EMAIL);
  await run('config', 'commit.gpgsign', 'false');
  const write = async (file: string, content: string | Buffer) => {
    const target = path.join(dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  };
  const commit = async (message: string, files: Record<string, string | Buffer> = {}) => {
    for (const [file, content] of Object.entries(files)) await write(file, content);
    await run('add', '-A');
    await run('commit', '-q', '--allow-empty', '-m', message);
    return run('rev-parse', 'HEAD');
  };
  if (options.initialCommit !== false) {
    await commit('initial', options.files ?? { 'README.md': '# test repo\n' });
  }
  return {
    dir,
    git: run,
    write,
    commit,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
