import { readdir, readFile } from 'node:fs/promises';

/**
 * Agents of a run that outlived it. A pty's processes usually die with their session when the owner is killed,
 * but anything that ignores SIGHUP (a dev server an agent started in the background) survives. Agents run with
 * `WAVELANE_RUN_ID` in their environment (core/agents), which their children inherit: that, not a process's
 * folder, is what marks a process as ours, so a user's own shell that happens to sit in a worktree is never
 * taken for a stray.
 */
export interface StrayProcess {
  pid: number;
  /** `WAVELANE_TASK_ID` of the process, when it has one. */
  task: string | null;
}

export interface StrayScan {
  /** False where processes cannot be inspected (no /proc): nothing could be looked for. */
  supported: boolean;
  processes: StrayProcess[];
}

export interface ProcessScanner {
  findRunProcesses(runId: string): Promise<StrayScan>;
}

export const RUN_ID_ENV = 'WAVELANE_RUN_ID';
export const TASK_ID_ENV = 'WAVELANE_TASK_ID';

/** Reads /proc/<pid>/environ of this user's processes (Linux; other platforms report `supported: false`). */
export function procScanner(procDir = '/proc', selfPid = process.pid): ProcessScanner {
  return {
    async findRunProcesses(runId) {
      let entries: string[];
      try {
        entries = await readdir(procDir);
      } catch {
        return { supported: false, processes: [] };
      }
      const processes: StrayProcess[] = [];
      const wanted = `${RUN_ID_ENV}=${runId}`;
      for (const name of entries) {
        if (!/^\d+$/.test(name)) continue;
        const pid = Number(name);
        if (pid === selfPid) continue;
        let environ: string;
        try {
          environ = await readFile(`${procDir}/${name}/environ`, 'utf8');
        } catch {
          continue; // gone meanwhile, or another user's process (not ours to judge)
        }
        const variables = environ.split('\0');
        if (!variables.includes(wanted)) continue;
        const task = variables.find((variable) => variable.startsWith(`${TASK_ID_ENV}=`));
        processes.push({ pid, task: task ? task.slice(TASK_ID_ENV.length + 1) : null });
      }
      return { supported: true, processes };
    },
  };
}
