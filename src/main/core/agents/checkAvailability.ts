import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AgentProfile } from '../../../shared/plan/plan';

export interface ProfileAvailability {
  id: string;
  command: string;
  available: boolean;
  /** The executable that would run, when found. */
  path?: string;
  /** Why it is unavailable, naming the command and where we looked. */
  reason?: string;
}

/**
 * Finds the file `command` would execute, the way execvp does: a command with a slash is a path
 * (relative ones against `cwd`, the worktree the agent will run in); a bare name is looked up in each
 * PATH entry in order (an empty entry means `cwd`). Only regular files with an execute bit count,
 * because a directory or a non-executable file of that name would fail at spawn time instead.
 */
export async function findExecutable(command: string, searchPath: string | undefined, cwd: string): Promise<string | null> {
  if (command === '') return null;
  if (command.includes('/')) {
    const candidate = path.resolve(cwd, command);
    return (await isExecutableFile(candidate)) ? candidate : null;
  }
  for (const entry of (searchPath ?? '').split(path.delimiter)) {
    const candidate = path.resolve(cwd, entry === '' ? '.' : entry, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reports, before a run starts, which profiles can start here: a run that names an unavailable profile
 * is refused up front with the command name instead of failing task by task.
 */
export async function checkAvailability(
  profiles: readonly AgentProfile[],
  searchPath: string | undefined,
  cwd: string = process.cwd(),
): Promise<ProfileAvailability[]> {
  return Promise.all(
    profiles.map(async ({ id, command }): Promise<ProfileAvailability> => {
      const found = await findExecutable(command, searchPath, cwd);
      if (found !== null) return { id, command, available: true, path: found };
      const reason = command.includes('/')
        ? `Agent profile "${id}": command "${command}" is not an executable file (resolved to ${path.resolve(cwd, command)}).`
        : `Agent profile "${id}": command "${command}" was not found on PATH (${searchPath || 'PATH is empty'}).`;
      return { id, command, available: false, reason };
    }),
  );
}
