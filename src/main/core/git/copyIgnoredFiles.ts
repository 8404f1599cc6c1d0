import { lstat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { err, ok, type Result } from '../../../shared/result';
import { git, runGit } from './git';
import { isInside } from './worktreePaths';

export interface CopyFilesReport {
  /** Repo-relative paths copied (a folder counts once). */
  copied: string[];
  /** Literal entries that do not exist in the main checkout (a missing `.env` on a CI machine). */
  missing: string[];
  /** Entries not copied because git does not ignore them: the task would commit them as its own work. */
  notIgnored: string[];
}

/**
 * Copies the plan's `copyFiles` (git-ignored files such as `.env`, or folders) from the main checkout
 * into a new worktree. Entries are repo-relative paths or globs (matched against the ignored files and
 * folders git lists). Only ignored paths are copied: anything else would show up as the task's change.
 */
export async function copyIgnoredFiles(input: {
  from: string;
  to: string;
  entries: readonly string[];
  /**
   * Copies one entry (storage/worktreeFiles.ts's copyIntoWorktree): passed in because only storage/
   * writes files (the sole-writer rule) and storage/ stands on git/, so git/ cannot import it.
   */
  copy: (from: string, to: string, relative: string) => Promise<void>;
}): Promise<Result<CopyFilesReport, 'COPY_FAILED'>> {
  const report: CopyFilesReport = { copied: [], missing: [], notIgnored: [] };
  if (input.entries.length === 0) return ok(report);
  const literal = input.entries.filter((entry) => !picomatch.scan(entry).isGlob);
  const globs = input.entries.filter((entry) => picomatch.scan(entry).isGlob);
  const wanted = new Set<string>();
  for (const entry of literal) {
    const relative = entry.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    const source = path.resolve(input.from, relative);
    if (!isInside(source, input.from) || source === path.resolve(input.from)) {
      return err('COPY_FAILED', `copyFiles entry ${JSON.stringify(entry)} is not a path inside the repository`, { where: entry });
    }
    if (!(await lstat(source).catch(() => null))) report.missing.push(relative);
    else wanted.add(relative);
  }
  if (globs.length > 0) {
    const matches = picomatch(globs, { dot: true });
    const ignored = await git(['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'], {
      cwd: input.from,
    });
    if (!ignored.ok) return err('COPY_FAILED', `Could not list the ignored files of ${input.from}: ${ignored.error.message}`, { where: input.from });
    for (const item of ignored.value.split('\0').filter(Boolean)) {
      const relative = item.replace(/\/$/, '');
      if (matches(relative) || matches(item)) wanted.add(relative);
    }
  }
  const candidates = [...wanted];
  for (const [index, ignoredFlag] of (await ignoredFlags(input.from, candidates)).entries()) {
    const relative = candidates[index]!;
    if (!ignoredFlag) {
      report.notIgnored.push(relative);
      continue;
    }
    try {
      await input.copy(input.from, input.to, relative);
      report.copied.push(relative);
    } catch (error) {
      return err('COPY_FAILED', `Could not copy ${relative} into ${input.to}: ${(error as Error).message}`, {
        where: relative,
      });
    }
  }
  return ok(report);
}

/** For each path, whether git ignores it in `repo` (one `git check-ignore` for all of them). */
async function ignoredFlags(repo: string, files: string[]): Promise<boolean[]> {
  if (files.length === 0) return [];
  const result = await runGit(['check-ignore', '-z', '--stdin'], { cwd: repo, input: files.join('\0') + '\0' });
  const ignored = new Set(result.stdout.split('\0').filter(Boolean));
  return files.map((file) => ignored.has(file));
}
