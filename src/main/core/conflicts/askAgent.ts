import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentProfile } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { AgentSession, type AgentSessionOptions } from '../agents/agentSession';
import { agentLaunch, launchedProcess, type PreviousSession } from '../agents/agentLaunch';
import { runGit } from '../git/git';
import { agentPrompt } from './agentPrompt';
import { blobText } from '../git/blobs';
import { decodeText, worktreeFileOid } from './blobFiles';
import { findMarker, markerLinesOf } from './conflictMarkers';
import { unmergedStages, type PathStages } from './conflictStages';
import type { AgentRun, ResolutionStore, StoredFile } from '../storage/resolutionStore';
import { writeResolverPrompt } from '../storage/promptFile';
import { ignoredEntries, mergeTargetIntoWorktree, restoreWorktree, untrackedFiles } from './worktreeMerge';

export interface StartAgentResolutionInput {
  worktree: string;
  /** The task branch (short name), checked out in the worktree. */
  branch: string;
  /** The target branch (short name): its current head is merged. */
  target: string;
  task: { id: string; title: string; prompt: string };
  /** The task's profile, or the one the user chose. */
  profile: AgentProfile;
  runId: string;
  /** The agent's log (the task's terminal replays it). */
  logPath: string;
  /** Where the prompt is written: OUTSIDE the worktree, so the agent cannot commit it. */
  promptFile: string;
  store: ResolutionStore;
  /** The profile is the built-in one (its adapter applies); see ProfileRegistry.isBuiltin. */
  builtin?: boolean;
  /** The task's CLI session: continued when the same adapter profile resolves (it knows the task's work). */
  previous?: PreviousSession | null;
  /** Passed on to the session (terminal size, timeout, environment, tuning). */
  session?: Partial<Pick<AgentSessionOptions, 'cols' | 'rows' | 'timeoutSec' | 'baseEnv' | 'tuning'>>;
}

export interface StartedAgentResolution {
  /** The running agent: the caller connects its output to the task's terminal and calls collect after it exits. */
  session: AgentSession;
  run: AgentRun;
}

export type AskAgentError = 'NOT_FOUND' | 'NOT_A_CONFLICT' | 'BUSY' | 'GIT_FAILED' | 'AGENT_UNAVAILABLE' | 'STORE_FAILED';

/**
 * Ask agent to resolve: merges the target into the task's worktree (conflict markers in place), writes
 * a prompt naming the files, the task's intent and the rule that both sides' changes are kept, and
 * starts the agent there. The run is recorded in the store before the agent starts, so after a crash
 * the worktree can still be collected and restored. Nothing reaches the target or the task branch.
 */
export async function startAgentResolution(input: StartAgentResolutionInput): Promise<Result<StartedAgentResolution, AskAgentError>> {
  const { worktree, branch, target, task, store } = input;
  if (store.agentRun) {
    return err('BUSY', `An agent (${store.agentRun.profile}) is already resolving the conflicts of task ${task.id}`, { where: worktree });
  }
  const relative = path.relative(path.resolve(worktree), path.resolve(input.promptFile));
  if (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)) {
    return err('AGENT_UNAVAILABLE', `The prompt file ${input.promptFile} must live outside the worktree ${worktree}`, {
      where: input.promptFile,
    });
  }
  const before = { untracked: await untrackedFiles(worktree), ignored: await ignoredEntries(worktree) };
  const merge = await mergeTargetIntoWorktree({ worktree, branch, target });
  if (!merge.ok) return merge;
  if (merge.value.status === 'clean') {
    return err('NOT_A_CONFLICT', `${branch} now merges into ${target} without conflicts; there is nothing to resolve`, { where: branch });
  }
  const { head, targetCommit, stages } = merge.value;
  const giveUp = async <C extends AskAgentError>(code: C, message: string, where?: string) => {
    // Leave the store as it was: without resolutions of its own, that is no file at all.
    if (store.agentRun) await (store.entries().length === 0 ? store.clear() : store.setAgentRun(null));
    const restored = await restoreWorktree(worktree, branch, head, before);
    return err(code, restored.ok ? message : `${message}; and the worktree could not be restored: ${restored.error.message}`, {
      where: where ?? worktree,
    });
  };

  const prompt = agentPrompt({ branch, target, task, files: stages });
  const written = await writeResolverPrompt(input.promptFile, prompt);
  if (!written.ok) return giveUp('AGENT_UNAVAILABLE', written.error.message, input.promptFile);
  const launch = await agentLaunch({
    profile: input.profile,
    builtin: input.builtin ?? false,
    previous: input.previous ?? null,
    prompt,
    promptFile: input.promptFile,
    taskId: task.id,
    title: task.title,
    cwd: worktree,
  });
  if (!launch.ok) return giveUp('AGENT_UNAVAILABLE', launch.error.message, launch.error.where);

  const files: AgentRun['files'] = {};
  for (const [file, versions] of stages) files[file] = { stages: versions, initial: await worktreeFileOid(worktree, file) };
  const run: AgentRun = {
    profile: input.profile.id,
    head,
    targetCommit,
    files,
    before,
    startedAt: new Date().toISOString(),
  };
  const saved = await store.setAgentRun(run);
  if (!saved.ok) return giveUp('STORE_FAILED', saved.error.message, saved.error.where);
  const started = await AgentSession.start({
    ...launchedProcess(launch.value),
    ...input.session,
    cwd: worktree,
    taskId: task.id,
    runId: input.runId,
    promptFile: input.promptFile,
    logPath: input.logPath,
  });
  if (!started.ok) return giveUp('AGENT_UNAVAILABLE', started.error.message, started.error.where);
  return ok({ session: started.value, run });
}

export interface CollectedAgentResolution {
  /** Files the agent settled: proposals, reviewed file by file before anything is committed. */
  proposed: string[];
  /** Files it left with markers (its text is kept as a draft) or could not settle (a binary it changed). */
  unresolved: string[];
  /** Other tracked files it changed: not part of a resolution, so discarded. */
  ignored: string[];
  /** Files it created: removed with the merge. */
  removed: string[];
}

export type CollectAgentError = 'NOT_FOUND' | 'GIT_FAILED' | 'STORE_FAILED';

/**
 * After the agent exited (or after a restart that interrupted it): each conflicted file's content in
 * the worktree becomes a proposal by the agent (`ours`/`theirs` when it is exactly one side's version,
 * `content` otherwise, `delete` when the file is gone); a text with markers left stays unresolved with
 * the agent's text as a draft. Then the merge is undone, so the worktree is exactly the task's commit
 * again; the proposals live in the store until the user completes.
 */
export async function collectAgentResolution(input: {
  worktree: string;
  branch: string;
  store: ResolutionStore;
}): Promise<Result<CollectedAgentResolution, CollectAgentError>> {
  const { worktree, branch, store } = input;
  const run = store.agentRun;
  if (!run) return err('NOT_FOUND', `No agent is resolving conflicts in ${worktree}`, { where: worktree });
  const files = new Map(Object.entries(run.files));
  // A path the agent staged (git add / git rm) is decided even if its content is what git left there.
  const stillUnmerged = (await unmergedStages(worktree)) ?? new Map<string, PathStages>();
  const proposals = new Map<string, StoredFile>();
  const unresolved: string[] = [];
  for (const [file, { stages, initial }] of files) {
    const stored = await readProposal(worktree, file, stages, run.profile);
    const untouched = (await worktreeFileOid(worktree, file)) === initial && stillUnmerged.has(file);
    // What git itself left (one side's binary, the surviving side of a deletion) is no decision of the agent's.
    const decided = stored.resolution !== null && !(untouched && stored.resolution.kind !== 'content');
    if (!decided) unresolved.push(file);
    proposals.set(file, decided ? stored : { ...stored, resolution: null });
  }
  // Edits the agent made to files outside the conflict (git's own merge of them is staged, the edit is not).
  const edited = await runGit(['diff', '--name-only', '-z'], { cwd: worktree });
  const ignored = edited.stdout.split('\0').filter((file) => file && !files.has(file));
  const restored = await restoreWorktree(worktree, branch, run.head, run.before);
  if (!restored.ok) return restored;
  const saved = await store.setMany(proposals);
  if (!saved.ok) return saved;
  const cleared = await store.setAgentRun(null);
  if (!cleared.ok) return cleared;
  return ok({
    proposed: [...proposals.keys()].filter((file) => !unresolved.includes(file)),
    unresolved,
    ignored,
    removed: restored.value.removed,
  });
}

/** Kills the agent and undoes its merge; nothing it wrote is kept. */
export async function cancelAgentResolution(input: {
  session: AgentSession | null;
  worktree: string;
  branch: string;
  store: ResolutionStore;
}): Promise<Result<null, CollectAgentError>> {
  await input.session?.cancel();
  const run = input.store.agentRun;
  if (!run) return ok(null);
  const restored = await restoreWorktree(input.worktree, input.branch, run.head, run.before);
  if (!restored.ok) return restored;
  return input.store.setAgentRun(null);
}

async function readProposal(worktree: string, file: string, stages: PathStages, agent: string): Promise<StoredFile> {
  const made = (resolution: StoredFile['resolution'], draft: string | null = null): StoredFile => ({
    resolution,
    ...(draft !== null ? { draft } : {}),
    resolvedBy: 'agent',
    agent,
    stages,
  });
  const full = path.join(worktree, file);
  const info = await lstat(full).catch(() => null);
  if (!info) return made({ kind: 'delete' });
  if (!info.isFile()) return made(null);
  // Exactly one side's version: say so (it keeps that side's mode and bytes, and reads better in review).
  const oid = await worktreeFileOid(worktree, file);
  if (oid && oid === stages.ours?.oid) return made({ kind: 'ours' });
  if (oid && oid === stages.theirs?.oid) return made({ kind: 'theirs' });
  const text = decodeText(await readFile(full));
  if (text === null) return made(null);
  const allowed = markerLinesOf(await blobText(worktree, stages.ours?.oid), await blobText(worktree, stages.theirs?.oid));
  if (findMarker(text, allowed)) return made(null, text);
  return made({ kind: 'content', text });
}
