import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AgentProfile } from '../../../../shared/plan/plan';
import { makeTempDir } from '../../testing/tempRepo';
import { AgentSession, type AgentSessionOptions, type DataBatch } from '../agentSession';
import { expandProfile } from '../expandProfile';
import { ProfileRegistry } from '../profileRegistry';
import { writePromptFile } from '../../storage/promptFile';

/**
 * Test support for the pty integration tests: starts a real agent session the way the executor will
 * (registry -> prompt file -> expandProfile -> AgentSession.start) in a temp folder, and records what
 * it prints. Not used by production code.
 */
export interface StartedSession {
  session: AgentSession;
  batches: Array<DataBatch & { at: number }>;
  /** Everything received so far. */
  text(): string;
  worktree: string;
  stateDir: string;
  logPath: string;
  promptFile: string;
}

export class SessionFixture {
  private readonly dirs: string[] = [];
  private readonly sessions: AgentSession[] = [];

  /** A temp folder removed by `cleanup`. */
  async tempDir(): Promise<string> {
    const dir = await makeTempDir('wavelane-agent-');
    this.dirs.push(dir);
    return dir;
  }

  async start(
    prompt: string,
    options: { profile?: AgentProfile; taskId?: string; title?: string } & Partial<AgentSessionOptions> = {},
  ): Promise<StartedSession> {
    const root = await this.tempDir();
    const worktree = path.join(root, 'worktree');
    const stateDir = path.join(root, 'state');
    await mkdir(worktree);
    const taskId = options.taskId ?? 'task-1';
    const written = await writePromptFile({ dir: stateDir, taskId, attempt: 1, prompt, worktree });
    if (!written.ok) throw new Error(written.error.message);
    const registry = ProfileRegistry.create(options.profile ? [options.profile] : []);
    if (!registry.ok) throw new Error(registry.error.message);
    const profile = registry.value.resolveProfile(options.profile?.id ?? 'shell');
    if (!profile.ok) throw new Error(profile.error.message);
    const command = expandProfile(profile.value, { prompt, promptFile: written.value, taskId, title: options.title ?? 'A task' });
    if (!command.ok) throw new Error(command.error.message);
    const logPath = path.join(stateDir, `${taskId}.attempt-1.log`);
    const started = await AgentSession.start({
      ...command.value,
      cwd: worktree,
      taskId,
      runId: 'run-1',
      promptFile: written.value,
      logPath,
      ...options,
    });
    if (!started.ok) throw new Error(started.error.message);
    const session = started.value;
    this.sessions.push(session);
    const batches: StartedSession['batches'] = [];
    session.onDidData((batch) => batches.push({ ...batch, at: performance.now() }));
    return { session, batches, text: () => batches.map((b) => b.data).join(''), worktree, stateDir, logPath, promptFile: written.value };
  }

  /** Cancels whatever still runs and removes the temp folders. */
  async cleanup(): Promise<void> {
    await Promise.all(this.sessions.splice(0).map((session) => session.cancel()));
    await Promise.all(this.dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

export { waitFor } from '../../testing/waitFor';

/** Reads a file the script writes, or '' while it does not exist yet. */
export async function readIfExists(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}
