import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomicFile';
import { ID_PATTERN } from '../../../shared/plan/planId';
import { err, ok, type Result } from '../../../shared/result';

export type PromptFileError = 'INVALID_PROMPT_FILE' | 'PROMPT_FILE_WRITE_FAILED';

export interface PromptFileRequest {
  /** The run's state folder (or any folder OUTSIDE the worktree). */
  dir: string;
  taskId: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  prompt: string;
  /** When given, `dir` must not be inside it: the agent must not see (or commit) its own prompt file. */
  worktree?: string;
}

/** Owner-only: prompts can hold internal details, and the file outlives the attempt for the log viewer. */
const PROMPT_FILE_MODE = 0o600;
/** Owner-only folder for the same reason (other users could otherwise list task names). */
const PROMPT_DIR_MODE = 0o700;

/** `<dir>/<taskId>.attempt-<n>.prompt.txt`: one file per attempt, so a retry never rewrites the file a
 * still-running previous attempt may be reading. */
export function promptFilePath(dir: string, taskId: string, attempt: number): string {
  return path.join(dir, `${taskId}.attempt-${attempt}.prompt.txt`);
}

/**
 * Writes an attempt's prompt to a file (mode 0600) and returns its absolute path, for `{promptFile}`
 * and `WAVELANE_PROMPT_FILE`. The file is written in full or not at all (a failed write removes it).
 */
export async function writePromptFile(request: PromptFileRequest): Promise<Result<string, PromptFileError>> {
  const { taskId, attempt, prompt } = request;
  const dir = path.resolve(request.dir);
  if (!ID_PATTERN.test(taskId)) {
    return err('INVALID_PROMPT_FILE', `Task id "${taskId}" cannot name a prompt file (expected ${ID_PATTERN}).`, { where: taskId });
  }
  if (!Number.isInteger(attempt) || attempt < 1) {
    return err('INVALID_PROMPT_FILE', `Attempt number ${attempt} for task "${taskId}" must be a positive integer.`, { where: taskId });
  }
  if (request.worktree !== undefined && isInside(dir, path.resolve(request.worktree))) {
    return err('INVALID_PROMPT_FILE', `Prompt folder ${dir} is inside the worktree ${request.worktree}; it must live outside it.`, {
      where: dir,
    });
  }
  const file = promptFilePath(dir, taskId, attempt);
  try {
    await mkdir(dir, { recursive: true, mode: PROMPT_DIR_MODE });
  } catch (error) {
    return err('PROMPT_FILE_WRITE_FAILED', `Cannot create the prompt folder ${dir}: ${describe(error)}.`, { where: dir });
  }
  try {
    await writeOwnerOnly(file, prompt);
  } catch (error) {
    await rm(file, { force: true });
    return err('PROMPT_FILE_WRITE_FAILED', `Cannot write the prompt file ${file}: ${describe(error)}.`, { where: file });
  }
  return ok(file);
}

/**
 * Writes the conflict resolver agent's prompt to `file` (mode 0600, its folder created if missing), for
 * `{promptFile}`. The error names the file; the caller decides what a failure means for its session.
 */
export async function writeResolverPrompt(file: string, prompt: string): Promise<Result<string, 'PROMPT_FILE_WRITE_FAILED'>> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeOwnerOnly(file, prompt);
  } catch (error) {
    return err('PROMPT_FILE_WRITE_FAILED', `Cannot write the prompt file ${file}: ${describe(error)}`, { where: file });
  }
  return ok(file);
}

/** Writes `text` to `file`, readable by its owner only. */
async function writeOwnerOnly(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w', PROMPT_FILE_MODE);
  try {
    // `open`'s mode only applies when it creates the file; an existing file (a re-run of the same
    // attempt number) keeps its old mode unless we set it, before the prompt goes in.
    await handle.chmod(PROMPT_FILE_MODE);
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Where a follow-up (Request changes, Ask agent to fix) keeps its prompt and its terminal log: in the
 * run's folder beside the attempts' files, named by a stamp so each follow-up has its own.
 */
export function followUpFiles(runDir: string, taskId: string, stamp: number): { promptFile: string; logPath: string } {
  return {
    promptFile: path.join(runDir, 'prompts', `${taskId}-follow-up-${stamp}.md`),
    logPath: path.join(runDir, 'logs', `${taskId}-follow-up-${stamp}.log`),
  };
}

/** Writes a follow-up's prompt atomically (an agent never reads half of it); the error names the file. */
export async function writeFollowUpPrompt(file: string, prompt: string): Promise<Result<string, 'PROMPT_FILE_WRITE_FAILED'>> {
  try {
    await writeFileAtomic(file, prompt);
  } catch (error) {
    return err('PROMPT_FILE_WRITE_FAILED', `Cannot write the prompt file ${file}: ${describe(error)}.`, { where: file });
  }
  return ok(file);
}
