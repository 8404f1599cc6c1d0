import { z } from 'zod';
import { event, request } from './define';
import type { BoardSnapshot, RunSnapshot } from '../board/board';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'ids are letters, digits, ".", "_" or "-" (up to 64)');
const text = (max: number) => z.string().max(max);
const globs = z.array(z.string().min(1).max(512)).max(200);

export const taskInput = z
  .object({
    id,
    title: text(300).min(1, 'a task needs a title'),
    prompt: text(200_000),
    objective: id.optional(),
    adrs: z.array(id).max(100).optional(),
    dependsOn: z.array(id).max(500).optional(),
    files: globs.optional(),
    reads: globs.optional(),
    agent: id.optional(),
    timeoutSec: z.number().int().positive().max(7 * 24 * 3600).optional(),
    retries: z.number().int().min(0).max(20).optional(),
    priority: z.number().int().min(-1000).max(1000).optional(),
    estimateSec: z.number().positive().max(7 * 24 * 3600).optional(),
    budgetUsd: z.number().positive().max(10_000).optional(),
    budgetTokens: z.number().int().positive().max(1_000_000_000).optional(),
    review: z.boolean().optional(),
  })
  .strict();

const objectiveInput = z.object({ id, title: text(300).min(1), description: text(20_000).optional() }).strict();

const adrInput = z
  .object({
    id,
    objective: id.optional(),
    title: text(300).min(1),
    status: z.enum(['proposed', 'accepted', 'superseded']).optional(),
    context: text(50_000).optional(),
    decision: text(50_000).optional(),
    consequences: text(50_000).optional(),
  })
  .strict();

const column = z.enum(['backlog', 'runParallel']);
const ERRORS = ['INVALID_PLAN', 'NOT_FOUND', 'REFUSED'] as const;

export const boardRequests = {
  /** Everything the board shows: plan, columns, wave preview, agents, the live run. */
  'board.get': request<BoardSnapshot>()(z.object({}).strict()),
  'board.saveTask': request<BoardSnapshot>()(z.object({ task: taskInput }).strict(), ERRORS),
  'board.deleteTask': request<BoardSnapshot>()(z.object({ id }).strict(), ERRORS),
  'board.saveObjective': request<BoardSnapshot>()(z.object({ objective: objectiveInput }).strict(), ERRORS),
  'board.deleteObjective': request<BoardSnapshot>()(z.object({ id }).strict(), ERRORS),
  'board.saveAdr': request<BoardSnapshot>()(z.object({ adr: adrInput }).strict(), ERRORS),
  'board.deleteAdr': request<BoardSnapshot>()(z.object({ id }).strict(), ERRORS),
  /** Moves a card; a drop on Run parallel that would make the lane invalid is refused with the reason. */
  'board.moveTask': request<BoardSnapshot>()(
    z.object({ id, to: column, index: z.number().int().min(0).max(100_000) }).strict(),
    ERRORS,
  ),
  'board.setSettings': request<BoardSnapshot>()(
    z
      .object({
        maxParallel: z.number().int().min(1).max(64).optional(),
        resourceGuard: z.boolean().optional(),
        reviewBeforeMerge: z.boolean().optional(),
        strategy: z.enum(['eager', 'waves']).optional(),
        verify: text(2000).optional(),
        /** null clears the budget. */
        budgetUsd: z.number().positive().max(10_000).nullable().optional(),
        budgetTokens: z.number().int().positive().max(1_000_000_000).nullable().optional(),
      })
      .strict(),
    ERRORS,
  ),
  /** Imports a plan file's text (Wavelane v1 or Auto-Claude's implementation_plan.json) into the board. */
  'board.import': request<BoardSnapshot>()(
    z.object({ text: text(20_000_000), fileName: text(500).optional() }).strict(),
    ERRORS,
  ),
  'board.export': request<{ fileName: string; text: string }>()(z.object({}).strict()),
  /** Starts a run with the tasks on Run parallel. */
  'run.start': request<RunSnapshot>()(z.object({}).strict(), [
    'INVALID_PLAN',
    'ALREADY_RUNNING',
    'START_CHECK_FAILED',
    'AGENT_UNAVAILABLE',
  ] as const),
  'run.cancel': request<RunSnapshot | null>()(z.object({}).strict(), ['NOT_RUNNING'] as const),
  'task.cancel': request<RunSnapshot | null>()(z.object({ id }).strict(), ['NOT_RUNNING', 'NOT_FOUND'] as const),
};

export const boardEvents = {
  'board.changed': event<BoardSnapshot>(),
  'run.changed': event<RunSnapshot>(),
};
