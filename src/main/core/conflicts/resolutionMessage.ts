import type { FileResolution } from '../../../shared/conflicts/conflict';
import { oneLine, RUN_TRAILER, TASK_TRAILER, type TaskStamp } from '../git/trailers';

/** Says who settled conflicts in a resolution commit; one per resolver (`user`, `agent (<profile>)`). */
export const RESOLVED_BY_TRAILER = 'Resolved-By';

export interface SettledFile {
  path: string;
  resolution: FileResolution;
  resolvedBy: 'user' | 'agent';
  agent?: string | null;
  /** Whether the chosen side had a file at this path (false: choosing it deletes the file). */
  exists: boolean;
}

export function resolverName(file: Pick<SettledFile, 'resolvedBy' | 'agent'>): string {
  return file.resolvedBy === 'agent' ? `agent (${file.agent ? oneLine(file.agent) : 'unknown'})` : 'user';
}

/**
 * The message of the commit that merges the target into a task branch: what happened to each file and
 * who decided it (so history shows who resolved what), then the trailers every Wavelane commit carries.
 */
export function resolutionMessage(input: { target: string; stamp: TaskStamp; files: readonly SettledFile[] }): string {
  const { target, stamp } = input;
  const lines = input.files.map((file) => `${printable(file.path)}: ${describe(file, target)} (${resolverName(file)})`);
  const resolvers = [...new Set(input.files.map(resolverName))].sort();
  const trailers = [
    ...resolvers.map((name) => `${RESOLVED_BY_TRAILER}: ${name}`),
    `${TASK_TRAILER}: ${stamp.taskId}`,
    `${RUN_TRAILER}: ${stamp.runId}`,
  ];
  const subject = `Resolve conflicts of task ${stamp.taskId} with ${oneLine(target)}`;
  return `${subject}\n\n${lines.join('\n')}\n\n${trailers.join('\n')}\n`;
}

function describe(file: SettledFile, target: string): string {
  switch (file.resolution.kind) {
    case 'content':
      return 'edited result';
    case 'ours':
      return file.exists ? `took ${target}'s version` : `deleted, as on ${target}`;
    case 'theirs':
      return file.exists ? "took the task's version" : 'deleted, as in the task';
    case 'delete':
      return 'deleted';
  }
}

/** A path with a newline or control character would break the message's lines: quote it. */
function printable(file: string): string {
  return [...file].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f) ? JSON.stringify(file) : file;
}
