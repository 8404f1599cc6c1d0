import { stat } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import type { ProjectInfo } from '../../../shared/contract/index';
import { runGit } from '../git/git';

export type OpenProjectError = 'NOT_FOUND' | 'NOT_A_DIRECTORY' | 'NOT_A_REPO' | 'BARE_REPO';

/**
 * Resolves a folder to the git repository it belongs to. Reads only: opening a project never writes
 * to the repository.
 */
export async function openProject(input: string, cwd = process.cwd()): Promise<Result<ProjectInfo, OpenProjectError>> {
  const target = path.resolve(cwd, input);
  let info;
  try {
    info = await stat(target);
  } catch {
    return err('NOT_FOUND', `No such folder: ${target}`, { where: target });
  }
  if (!info.isDirectory()) {
    return err('NOT_A_DIRECTORY', `Not a folder: ${target}`, { where: target });
  }
  const probe = await runGit(['rev-parse', '--is-bare-repository', '--show-toplevel'], { cwd: target });
  if (probe.code !== 0) {
    const bareProbe = await runGit(['rev-parse', '--is-bare-repository'], { cwd: target });
    if (bareProbe.code === 0 && bareProbe.stdout.trim() === 'true') {
      return err('BARE_REPO', `${target} is a bare git repository; Wavelane needs a repository with a working tree`, {
        where: target,
      });
    }
    return err('NOT_A_REPO', `${target} is not inside a git repository (run "git init" there first)`, { where: target });
  }
  const [isBare, topLevel] = probe.stdout.trim().split('\n');
  if (isBare === 'true' || !topLevel) {
    return err('BARE_REPO', `${target} is a bare git repository; Wavelane needs a repository with a working tree`, {
      where: target,
    });
  }
  return ok(await describeRepository(topLevel));
}

/** Name, branch and head of a repository's top-level folder. */
export async function describeRepository(topLevel: string): Promise<ProjectInfo> {
  const [branch, head] = await Promise.all([
    runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: topLevel }),
    runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: topLevel }),
  ]);
  return {
    path: topLevel,
    name: path.basename(topLevel),
    branch: branch.code === 0 ? branch.stdout.trim() : null,
    head: head.code === 0 ? head.stdout.trim() : null,
  };
}
