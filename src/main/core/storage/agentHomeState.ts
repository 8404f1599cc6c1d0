import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ok, type Result } from '../../../shared/result';
import { readJsonResult, writeFileAtomic } from './atomicFile';

/**
 * What the agent CLIs leave in the user's home about one folder they ran in, found by running each real
 * CLI in a temp HOME (fixtures in storage/fixtures/home-state; test/agents/homeState.test.ts records them):
 *
 * - Claude Code 2.1.332: `<config>/projects/<path with every non-alphanumeric as '-'>/` (the sessions'
 *   transcripts, each line naming its `cwd`, and a `memory/` folder), `<config>` being `$CLAUDE_CONFIG_DIR`
 *   or `~/.claude`; and, once the folder was opened interactively, an entry keyed by the path under
 *   `projects` in `.claude.json` (`$CLAUDE_CONFIG_DIR/.claude.json` or `~/.claude.json`).
 * - Gemini CLI 0.61.0: `<gemini>/projects.json` maps the path to a short name, and `<gemini>/tmp/<name>/`
 *   and `<gemini>/history/<name>/` hold its chats, each with a `.project_root` file naming the path;
 *   `<gemini>` is `$GEMINI_CLI_HOME/.gemini` or `~/.gemini`. A trusted folder is an entry keyed by the path
 *   in `<gemini>/trustedFolders.json` (or `$GEMINI_CLI_TRUSTED_FOLDERS_PATH`); Wavelane's profile passes
 *   `--skip-trust`, so only a user who opened the worktree in Gemini by hand leaves one.
 *
 * A worktree Wavelane created and removes takes these with it, so a long-lived home does not grow one
 * entry per task forever. Only entries that name exactly that path go; a JSON file is rewritten (atomically,
 * its mode kept) only when it held such an entry; everything else is left as it was.
 */

/** Claude Code shortens longer folder names with a hash; those are left alone rather than guessed. */
const CLAUDE_MAX_PROJECT_DIR_CHARS = 200;

export interface AgentHomes {
  claudeConfigDir: string;
  claudeJson: string;
  geminiDir: string;
  geminiTrustedFolders: string;
}

/** Where each CLI keeps its state under `env` (the environment the agents ran with). */
export function agentHomesOf(env: NodeJS.ProcessEnv): AgentHomes {
  const home = env.HOME || env.USERPROFILE || '';
  const claudeConfigDir = env.CLAUDE_CONFIG_DIR || path.join(home, '.claude');
  const geminiDir = path.join(env.GEMINI_CLI_HOME || home, '.gemini');
  return {
    claudeConfigDir,
    claudeJson: env.CLAUDE_CONFIG_DIR ? path.join(env.CLAUDE_CONFIG_DIR, '.claude.json') : path.join(home, '.claude.json'),
    geminiDir,
    geminiTrustedFolders: env.GEMINI_CLI_TRUSTED_FOLDERS_PATH || path.join(geminiDir, 'trustedFolders.json'),
  };
}

/** Claude Code's folder name for a project path. */
export function claudeProjectDirName(worktreePath: string): string {
  return worktreePath.replace(/[^a-zA-Z0-9]/g, '-');
}

/**
 * Removes what the CLIs keep about `worktreePath` from the homes under `env`. Returns what it removed
 * (for the log); a file it cannot read or parse is left untouched and named in `skipped`.
 */
export async function forgetWorktreeInAgentHomes(
  worktreePath: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Result<{ removed: string[]; skipped: string[] }, never>> {
  const homes = agentHomesOf(env);
  const target = path.resolve(worktreePath);
  const removed: string[] = [];
  const skipped: string[] = [];
  const note = (outcome: 'removed' | 'skipped' | 'none', what: string) => {
    if (outcome === 'removed') removed.push(what);
    else if (outcome === 'skipped') skipped.push(what);
  };

  note(await dropKey(homes.claudeJson, ['projects'], target), `${homes.claudeJson}: projects["${target}"]`);
  note(await dropClaudeProjectDir(homes.claudeConfigDir, target), path.join(homes.claudeConfigDir, 'projects', claudeProjectDirName(target)));
  note(await dropKey(homes.geminiTrustedFolders, [], target), `${homes.geminiTrustedFolders}: "${target}"`);
  const short = await geminiShortName(homes.geminiDir, target);
  for (const sub of ['tmp', 'history']) {
    const dir = path.join(homes.geminiDir, sub, short ?? path.basename(target));
    note(await dropIfRootIs(dir, target), dir);
  }
  note(await dropKey(path.join(homes.geminiDir, 'projects.json'), ['projects'], target), `${path.join(homes.geminiDir, 'projects.json')}: projects["${target}"]`);
  return ok({ removed, skipped });
}

/** Deletes `key` from the object at `at` inside a JSON file, rewriting the file only when it was there. */
async function dropKey(file: string, at: readonly string[], key: string): Promise<'removed' | 'skipped' | 'none'> {
  const read = await readJsonResult(file);
  if (!read.ok) return 'skipped';
  let holder: unknown = read.value;
  for (const step of at) holder = isObject(holder) ? holder[step] : undefined;
  if (!isObject(holder) || !Object.hasOwn(holder, key)) return 'none';
  delete holder[key];
  try {
    const mode = (await stat(file)).mode & 0o777;
    await writeFileAtomic(file, JSON.stringify(read.value, null, 2), mode);
    return 'removed';
  } catch {
    // Read-only home, full disk: the entry stays, as it would have without us; the caller names the file.
    return 'skipped';
  }
}

/**
 * Claude's project folder, when every transcript in it names exactly this path as its `cwd`: folder names
 * collide (`/a-b` and `/a/b` give the same one), and another folder's sessions must never go with ours.
 */
async function dropClaudeProjectDir(configDir: string, target: string): Promise<'removed' | 'skipped' | 'none'> {
  const name = claudeProjectDirName(target);
  if (name.length > CLAUDE_MAX_PROJECT_DIR_CHARS) return 'none';
  const dir = path.join(configDir, 'projects', name);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return 'none';
  }
  for (const entry of entries.filter((file) => file.endsWith('.jsonl'))) {
    const cwds = await transcriptCwds(path.join(dir, entry));
    if (cwds === null || [...cwds].some((cwd) => cwd !== target)) return 'skipped';
  }
  return removeDir(dir);
}

async function removeDir(dir: string): Promise<'removed' | 'skipped'> {
  try {
    await rm(dir, { recursive: true, force: true });
    return 'removed';
  } catch {
    return 'skipped';
  }
}

/** Every `cwd` a Claude transcript names, or null when it cannot be read. */
async function transcriptCwds(file: string): Promise<Set<string> | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  const cwds = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.includes('"cwd"')) continue;
    try {
      const parsed = JSON.parse(line) as unknown;
      if (isObject(parsed) && typeof parsed.cwd === 'string') cwds.add(parsed.cwd);
    } catch {
      // A line cut short by a crash: the other lines still say whose transcript it is.
    }
  }
  return cwds;
}

async function geminiShortName(geminiDir: string, target: string): Promise<string | null> {
  const read = await readJsonResult(path.join(geminiDir, 'projects.json'));
  if (!read.ok || !isObject(read.value) || !isObject(read.value.projects)) return null;
  const name = read.value.projects[target];
  return typeof name === 'string' && name !== '' && !name.includes('/') && !name.includes('\\') && name !== '..' ? name : null;
}

/** Gemini's per-project folder, only when its `.project_root` names exactly this path. */
async function dropIfRootIs(dir: string, target: string): Promise<'removed' | 'skipped' | 'none'> {
  let root: string;
  try {
    root = (await readFile(path.join(dir, '.project_root'), 'utf8')).trim();
  } catch {
    return 'none';
  }
  if (root !== target) return 'none';
  return removeDir(dir);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
