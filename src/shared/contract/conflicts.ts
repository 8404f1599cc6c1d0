import { z } from 'zod';
import { event, request } from './define';
import type { ConflictSession } from '../conflicts/conflict';
import type { RunSnapshot } from '../board/board';
import { MAX_PROMPT_LENGTH } from '../limits';
import { idSchema } from '../plan/planSchema';

/** A task id, by the plan's one id rule. */
const taskId = idSchema;
const resolution = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('content'), text: z.string().max(20_000_000) }).strict(),
  z.object({ kind: z.literal('ours') }).strict(),
  z.object({ kind: z.literal('theirs') }).strict(),
  z.object({ kind: z.literal('delete') }).strict(),
]);
const ERRORS = ['NOT_FOUND', 'NOT_A_CONFLICT', 'INVALID_RESOLUTION', 'UNRESOLVED', 'BUSY', 'GIT_FAILED', 'AGENT_UNAVAILABLE'] as const;

export const conflictRequests = {
  /** Opens (or returns) the resolution of a task in `conflict`: its files, three versions each, and proposals. */
  'conflict.get': request<ConflictSession>()(z.object({ taskId }).strict(), ERRORS),
  'conflict.resolveFile': request<ConflictSession>()(
    z.object({ taskId, path: z.string().min(1).max(4096), resolution }).strict(),
    ERRORS,
  ),
  /** Merges the target into the task's worktree (markers in place) and runs an agent to resolve them. */
  'conflict.askAgent': request<ConflictSession>()(z.object({ taskId, agent: taskId.optional() }).strict(), ERRORS),
  /** Commits the resolution on the task branch as a merge of the target into it, then re-queues the task. */
  'conflict.complete': request<RunSnapshot | null>()(z.object({ taskId }).strict(), ERRORS),
  /** Leaves everything exactly as it was before the dialog opened. */
  'conflict.abort': request<null>()(z.object({ taskId }).strict(), ERRORS),
  /** A task whose verify failed: run verify again, or ask its agent to fix it with the failing output. */
  /** WORK_GONE: the task's branch was removed (clean --force, or by hand); a new run of the task starts afresh. */
  'task.retry': request<RunSnapshot | null>()(z.object({ taskId }).strict(), ['NOT_FOUND', 'NOT_RETRYABLE', 'WORK_GONE'] as const),
  'task.fix': request<RunSnapshot | null>()(z.object({ taskId, prompt: z.string().max(MAX_PROMPT_LENGTH).optional() }).strict(), [
    'NOT_FOUND',
    'NOT_RETRYABLE',
    'WORK_GONE',
  ] as const),
};

export const conflictEvents = {
  'conflict.changed': event<ConflictSession>(),
};
