import { mkdir, readdir, rm } from 'node:fs/promises';
import { z } from 'zod';
import type { Plan } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { readJsonResult, writeFileAtomic, writeJsonAtomic } from './atomicFile';
import { EventLog, readEventLog, type EventLogContents, type EventLogOptions, type ReadEventLogError } from './eventLog';
import { systemHostProbe, type HostProbe } from '../processes/hostProbe';
import { planSchema } from '../../../shared/plan/planSchema';
import { compareRunIds, isRunId, newRunId, RUN_ID_PATTERN } from './runId';
import {
  newTaskRecord,
  parseRunState,
  RUN_STATE_VERSION,
  type RunOptions,
  type RunState,
  type TaskRecord,
} from './runState';
import { SerialWriter } from './serialWriter';
import { findStatePaths, type StatePaths } from './statePaths';
import { summarizeIssues } from './zodIssues';

export type LoadRunError =
  | 'RUN_NOT_FOUND'
  | 'STATE_UNREADABLE'
  | 'STATE_CORRUPT'
  | 'STATE_VERSION'
  | 'INVALID_RUN_ID';
export type SaveRunError = 'INVALID_STATE' | 'STATE_WRITE_FAILED';
export type CreateRunError = 'RUN_EXISTS' | 'INVALID_RUN_ID' | SaveRunError;

export interface NewRun {
  /** Defaults to a fresh id for the probe's current time. */
  id?: string;
  repo: string;
  target: { branch: string; head: string };
  options: RunOptions;
  /** The validated plan as run; stored once in plan.json. */
  plan: Plan;
  /** Defaults to one pending record per plan task, in plan order. */
  tasks?: TaskRecord[];
}

export interface RunListing {
  /** Oldest first. */
  runs: RunState[];
  /** Run folders whose state could not be read: reported, never deleted or reset. */
  problems: Array<{ runId: string; code: LoadRunError; message: string }>;
}

const currentRunSchema = z.strictObject({ run: z.string().regex(RUN_ID_PATTERN) });

/**
 * The sole writer of run state files (ARCHITECTURE.md). Writes of one run are serialized (see SerialWriter),
 * validated before they reach the disk, and atomic; reads are validated, and a bad file is an error naming it.
 */
export class RunStore {
  private readonly writers = new Map<string, SerialWriter>();
  private readonly logs = new Map<string, Promise<Result<EventLog, 'EVENT_LOG_UNWRITABLE'>>>();

  constructor(
    readonly paths: StatePaths,
    private readonly probe: HostProbe = systemHostProbe,
  ) {}

  /** The store of the repository that contains `dir` (any checkout or worktree of it). */
  static async open(dir: string, probe: HostProbe = systemHostProbe): Promise<Result<RunStore, 'NOT_A_REPO'>> {
    const paths = await findStatePaths(dir);
    return paths.ok ? ok(new RunStore(paths.value, probe)) : paths;
  }

  /**
   * Creates a run owned by this process: its folder (with logs/ and prompts/), plan.json, state.json in state
   * `running`, and current.json pointing at it. On failure nothing of the new run is left behind.
   */
  async createRun(input: NewRun): Promise<Result<RunState, CreateRunError>> {
    const now = this.probe.now().toISOString();
    const id = input.id ?? newRunId(this.probe.now());
    if (!isRunId(id)) return err('INVALID_RUN_ID', `"${id}" is not a run id`);
    const plan = planSchema.safeParse(input.plan);
    if (!plan.success) {
      const problems = summarizeIssues(plan.error.issues);
      return err('INVALID_STATE', `Bug: the plan given to run ${id} does not have the plan shape: ${problems}`);
    }
    const state: RunState = {
      version: RUN_STATE_VERSION,
      id,
      repo: input.repo,
      target: { ...input.target },
      options: { ...input.options },
      state: 'running',
      startedAt: now,
      endedAt: null,
      owner: { pid: this.probe.pid, hostname: this.probe.hostname(), startedAt: now, heartbeatAt: now },
      tasks: input.tasks ?? input.plan.tasks.map((task) => newTaskRecord(task.id)),
    };
    const checked = parseRunState(state, this.paths.stateFile(id));
    if (!checked.ok) return err('INVALID_STATE', `Bug: ${checked.error.message}`, { details: checked.error.details ?? [] });

    const runDir = this.paths.runDir(id);
    try {
      await mkdir(this.paths.runsDir, { recursive: true });
      // Not recursive: an existing folder (two starts in the same second with the same suffix) must fail here.
      await mkdir(runDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        return err('RUN_EXISTS', `A run ${id} already exists in ${this.paths.runsDir}`, { where: runDir });
      }
      return err('STATE_WRITE_FAILED', `Cannot create ${runDir}: ${(error as Error).message}`, { where: runDir });
    }
    try {
      await mkdir(this.paths.logsDir(id));
      await mkdir(this.paths.promptsDir(id));
      await writeJsonAtomic(this.paths.planFile(id), plan.data);
      await this.writerFor(id).write(serialize(checked.value));
      // Last: until current.json names the run, `currentRun` keeps answering with the previous one.
      await writeJsonAtomic(this.paths.currentRunFile, { run: id });
    } catch (error) {
      await rm(runDir, { recursive: true, force: true });
      return err('STATE_WRITE_FAILED', `Cannot write the state of run ${id} in ${runDir}: ${(error as Error).message}`, {
        where: runDir,
      });
    }
    return ok(checked.value);
  }

  /** Deletes a finished run's folder (state, events, logs, prompts): only `wavelane clean` asks for this. */
  async removeRun(runId: string): Promise<Result<void, 'INVALID_RUN_ID' | 'STATE_WRITE_FAILED'>> {
    if (!isRunId(runId)) return err('INVALID_RUN_ID', `Not a run id: ${JSON.stringify(runId)}`);
    const dir = this.paths.runDir(runId);
    try {
      await rm(dir, { recursive: true, force: true });
      this.writers.delete(runId);
      return ok(undefined);
    } catch (error) {
      return err('STATE_WRITE_FAILED', `Cannot remove ${dir}: ${(error as Error).message}`, { where: dir });
    }
  }

  /** Points `current.json` at an existing run (a resumed one), so `status` reports it. */
  async markCurrent(runId: string): Promise<Result<void, 'STATE_WRITE_FAILED'>> {
    try {
      await writeJsonAtomic(this.paths.currentRunFile, { run: runId });
      return ok(undefined);
    } catch (error) {
      return err('STATE_WRITE_FAILED', `Cannot write ${this.paths.currentRunFile}: ${(error as Error).message}`, {
        where: this.paths.currentRunFile,
      });
    }
  }

  /**
   * Writes a run's state atomically. Calls for one run are written in call order and never interleave; the
   * state is validated first (a bad state is a bug upstream and changes nothing on disk). The state is copied
   * when called, so the caller may keep mutating its object.
   */
  async saveRunState(state: RunState): Promise<Result<RunState, SaveRunError>> {
    if (!isRunId(state.id)) return err('INVALID_STATE', `Bug: "${state.id}" is not a run id`);
    const file = this.paths.stateFile(state.id);
    const checked = parseRunState(state, file);
    if (!checked.ok) {
      return err('INVALID_STATE', `Bug: refusing to write an invalid state to ${file}: ${checked.error.message}`, {
        where: file,
        details: checked.error.details ?? [],
      });
    }
    try {
      await this.writerFor(state.id).write(serialize(checked.value));
    } catch (error) {
      return err('STATE_WRITE_FAILED', `Cannot write ${file}: ${(error as Error).message}`, { where: file });
    }
    return ok(checked.value);
  }

  /** Marks the heartbeat of a run this process owns and saves it (the executor calls this on a timer). */
  async heartbeat(state: RunState): Promise<Result<RunState, SaveRunError>> {
    state.owner.heartbeatAt = this.probe.now().toISOString();
    return this.saveRunState(state);
  }

  /** Makes this process the owner of a run it resumes (after recoverRun found the old owner dead). */
  takeOver(state: RunState): RunState {
    const now = this.probe.now().toISOString();
    return {
      ...state,
      state: 'running',
      endedAt: null,
      owner: { pid: this.probe.pid, hostname: this.probe.hostname(), startedAt: now, heartbeatAt: now },
    };
  }

  async loadRunState(runId: string): Promise<Result<RunState, LoadRunError>> {
    if (!isRunId(runId)) return err('INVALID_RUN_ID', `"${runId}" is not a run id (expected e.g. 20261122-185012-ab12)`);
    const file = this.paths.stateFile(runId);
    const read = await readJsonResult(file);
    if (!read.ok) {
      return read.error.code === 'FILE_CORRUPT'
        ? err('STATE_CORRUPT', read.error.message, { where: file })
        : err('STATE_UNREADABLE', read.error.message, { where: file });
    }
    if (read.value === null) return err('RUN_NOT_FOUND', `No run ${runId}: ${file} does not exist`, { where: file });
    return parseRunState(read.value, file);
  }

  async loadRunPlan(runId: string): Promise<Result<Plan, LoadRunError>> {
    if (!isRunId(runId)) return err('INVALID_RUN_ID', `"${runId}" is not a run id`);
    const file = this.paths.planFile(runId);
    const read = await readJsonResult(file);
    if (!read.ok) {
      return read.error.code === 'FILE_CORRUPT'
        ? err('STATE_CORRUPT', read.error.message, { where: file })
        : err('STATE_UNREADABLE', read.error.message, { where: file });
    }
    if (read.value === null) {
      return err('RUN_NOT_FOUND', `No plan for run ${runId}: ${file} does not exist`, { where: file });
    }
    const parsed = planSchema.safeParse(read.value);
    if (!parsed.success) {
      return err('STATE_CORRUPT', `${file} is not a valid Wavelane plan: ${summarizeIssues(parsed.error.issues)}`, {
        where: file,
      });
    }
    return ok(parsed.data);
  }

  /** Every run of the repository, oldest first; folders that are not run ids (or temp files) are ignored. */
  async listRuns(): Promise<Result<RunListing, 'STATE_UNREADABLE'>> {
    let names: string[];
    try {
      names = await readdir(this.paths.runsDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok({ runs: [], problems: [] });
      return err('STATE_UNREADABLE', `Cannot list ${this.paths.runsDir}: ${(error as Error).message}`, {
        where: this.paths.runsDir,
      });
    }
    const listing: RunListing = { runs: [], problems: [] };
    for (const runId of names.filter(isRunId).sort(compareRunIds)) {
      const loaded = await this.loadRunState(runId);
      if (loaded.ok) listing.runs.push(loaded.value);
      else listing.problems.push({ runId, code: loaded.error.code, message: loaded.error.message });
    }
    return ok(listing);
  }

  /**
   * The active or last run: the one current.json names, or (when current.json is missing) the newest run that
   * can be read; null when the repository never ran anything. A current.json naming a missing run is an error.
   */
  async currentRun(): Promise<Result<RunState | null, LoadRunError>> {
    const file = this.paths.currentRunFile;
    const read = await readJsonResult(file);
    if (!read.ok) return err('STATE_CORRUPT', read.error.message, { where: file });
    if (read.value === null) {
      const listing = await this.listRuns();
      if (!listing.ok) return listing;
      return ok(listing.value.runs[listing.value.runs.length - 1] ?? null);
    }
    const parsed = currentRunSchema.safeParse(read.value);
    if (!parsed.success || !isRunId(parsed.data.run)) {
      return err('STATE_CORRUPT', `${file} does not name a run (expected { "run": "<run id>" })`, { where: file });
    }
    const loaded = await this.loadRunState(parsed.data.run);
    if (!loaded.ok && loaded.error.code === 'RUN_NOT_FOUND') {
      const message = `${file} names run ${parsed.data.run}, which does not exist (remove ${file} to fall back to the newest run)`;
      return err('RUN_NOT_FOUND', message, { where: file });
    }
    return loaded;
  }

  /**
   * Writes an attempt's prompt to `prompts/<task>-<n>.md` (atomically, so an agent never reads half of it) and
   * returns the path, for `{promptFile}` and WAVELANE_PROMPT_FILE.
   */
  async writePrompt(
    runId: string,
    taskId: string,
    attempt: number,
    prompt: string,
  ): Promise<Result<string, 'STATE_WRITE_FAILED'>> {
    const file = this.paths.promptFile(runId, taskId, attempt);
    try {
      await writeFileAtomic(file, prompt);
    } catch (error) {
      return err('STATE_WRITE_FAILED', `Cannot write the prompt file ${file}: ${(error as Error).message}`, { where: file });
    }
    return ok(file);
  }

  /** The run's event log, opened once per store and shared by callers. */
  eventLog(runId: string, options?: EventLogOptions): Promise<Result<EventLog, 'EVENT_LOG_UNWRITABLE'>> {
    let opened = this.logs.get(runId);
    if (!opened) {
      opened = EventLog.open(this.paths.eventsFile(runId), options);
      this.logs.set(runId, opened);
      // A failed open is not cached, so a later call (after the disk is fixed) tries again.
      void opened.then((result) => {
        if (!result.ok) this.logs.delete(runId);
      });
    }
    return opened;
  }

  readEvents(runId: string): Promise<Result<EventLogContents, ReadEventLogError>> {
    return readEventLog(this.paths.eventsFile(runId));
  }

  /** Waits for pending state writes and closes open event logs. */
  async close(): Promise<void> {
    await Promise.all([...this.writers.values()].map((writer) => writer.idle()));
    const logs = await Promise.all(this.logs.values());
    this.logs.clear();
    await Promise.all(logs.map((log) => (log.ok ? log.value.close() : undefined)));
  }

  private writerFor(runId: string): SerialWriter {
    let writer = this.writers.get(runId);
    if (!writer) {
      const file = this.paths.stateFile(runId);
      writer = new SerialWriter((content) => writeFileAtomic(file, content));
      this.writers.set(runId, writer);
    }
    return writer;
  }
}

function serialize(state: RunState): string {
  return JSON.stringify(state, null, 2) + '\n';
}
