import { z } from 'zod';
import { request } from './define';
import type { RunSnapshot } from '../board/board';
import { MAX_PROMPT_LENGTH } from '../limits';
import { idSchema } from '../plan/planSchema';

/**
 * A side of a changed file bigger than this is not sent: a reviewer does not read it line by line in
 * the dialog, and every text of a review travels in one message.
 */
export const REVIEW_FILE_MAX_BYTES = 512 * 1024;
/** All texts of one review together stay under this; files past it are marked too large, the list stays whole. */
export const REVIEW_TOTAL_MAX_BYTES = 16 * 1024 * 1024;

/** What the dialog can show of a changed file: both texts, or why not. */
export const reviewContentSchema = z.discriminatedUnion('kind', [
  /** The file's text at the base and at the task's tip ('' for the side where it does not exist). */
  z.object({ kind: z.literal('text'), oldText: z.string(), newText: z.string() }).strict(),
  /** Git sees binary content (a NUL byte, or not text to its diff). */
  z.object({ kind: z.literal('binary') }).strict(),
  /** One side is bigger than `limit` bytes (REVIEW_FILE_MAX_BYTES), or the review's total was reached. */
  z.object({ kind: z.literal('tooLarge'), bytes: z.number().int().nonnegative(), limit: z.number().int().positive() }).strict(),
]);

export const changedFileSchema = z
  .object({
    path: z.string(),
    status: z.enum(['added', 'modified', 'deleted', 'renamed']),
    /** The path before a rename. */
    oldPath: z.string().optional(),
    binary: z.boolean(),
    additions: z.number().int().nonnegative(),
    deletions: z.number().int().nonnegative(),
  })
  .strict();

export const reviewFileSchema = changedFileSchema.extend({ content: reviewContentSchema }).strict();

/** A finished task waiting in Review: what it changed against its base, file by file, old and new text. */
export const taskReviewSchema = z
  .object({
    taskId: z.string(),
    title: z.string(),
    branch: z.string(),
    /** The merge base the change is measured from (the task's own work only). */
    base: z.string(),
    head: z.string(),
    files: z.array(reviewFileSchema),
  })
  .strict();

export type ChangedFile = z.infer<typeof changedFileSchema>;
export type ReviewContent = z.infer<typeof reviewContentSchema>;
export type ReviewFile = z.infer<typeof reviewFileSchema>;
export type TaskReview = z.infer<typeof taskReviewSchema>;

/** A task id, by the plan's one id rule. */
const taskId = idSchema;
/** WORK_GONE: the task's branch is gone (clean --force, or by hand), so no work is left to show, land or change. */
const ERRORS = ['NOT_FOUND', 'NOT_IN_REVIEW', 'WORK_GONE'] as const;

export const reviewRequests = {
  /** The task's change, per file: status, counts, and the old and new texts (see taskReviewSchema). */
  'review.get': request<TaskReview>()(z.object({ taskId }).strict(), ERRORS),
  'review.approve': request<RunSnapshot | null>()(z.object({ taskId }).strict(), ERRORS),
  /** Sends a follow-up prompt to the same agent profile in the same worktree; the task runs again. */
  'review.requestChanges': request<RunSnapshot | null>()(z.object({ taskId, prompt: z.string().min(1).max(MAX_PROMPT_LENGTH) }).strict(), ERRORS),
  /** Removes the task's branch and worktree (the dialog names what will be lost first). */
  'review.discard': request<RunSnapshot | null>()(z.object({ taskId }).strict(), ERRORS),
};
