import { z } from 'zod';
import { event, request } from './define';
import type { BoardSnapshot, RunSnapshot } from '../board/board';
import { MAX_BUDGET_TOKENS, MAX_BUDGET_USD, MAX_COMMAND_LENGTH, MAX_PARALLEL, MAX_PLAN_BYTES } from '../limits';
import { adrSchema, idSchema, objectiveSchema, taskSchema } from '../plan/planSchema';

const text = (max: number) => z.string().max(max);

// The board's inputs are parts of the one plan schema: a task saved on the board passes exactly the
// checks a task in a plan file passes (ids valid as git branch names, limits, strict fields).
const id = idSchema;

const column = z.enum(['backlog', 'runParallel']);
const ERRORS = ['INVALID_PLAN', 'NOT_FOUND', 'REFUSED'] as const;

export const boardRequests = {
  /** Everything the board shows: plan, columns, wave preview, agents, the live run. */
  'board.get': request<BoardSnapshot>()(z.object({}).strict()),
  'board.saveTask': request<BoardSnapshot>()(z.object({ task: taskSchema }).strict(), ERRORS),
  'board.deleteTask': request<BoardSnapshot>()(z.object({ id }).strict(), ERRORS),
  'board.saveObjective': request<BoardSnapshot>()(z.object({ objective: objectiveSchema }).strict(), ERRORS),
  'board.deleteObjective': request<BoardSnapshot>()(z.object({ id }).strict(), ERRORS),
  'board.saveAdr': request<BoardSnapshot>()(z.object({ adr: adrSchema }).strict(), ERRORS),
  'board.deleteAdr': request<BoardSnapshot>()(z.object({ id }).strict(), ERRORS),
  /** Moves a card; a drop on Run parallel that would make the lane invalid is refused with the reason. */
  'board.moveTask': request<BoardSnapshot>()(
    z.object({ id, to: column, index: z.number().int().min(0).max(100_000) }).strict(),
    ERRORS,
  ),
  'board.setSettings': request<BoardSnapshot>()(
    z
      .object({
        maxParallel: z.number().int().min(1).max(MAX_PARALLEL).optional(),
        resourceGuard: z.boolean().optional(),
        reviewBeforeMerge: z.boolean().optional(),
        strategy: z.enum(['eager', 'waves']).optional(),
        verify: text(MAX_COMMAND_LENGTH).optional(),
        /** null clears the budget. */
        budgetUsd: z.number().positive().max(MAX_BUDGET_USD).nullable().optional(),
        budgetTokens: z.number().int().positive().max(MAX_BUDGET_TOKENS).nullable().optional(),
      })
      .strict(),
    ERRORS,
  ),
  /** Imports a plan file's text (Wavelane v1 or Auto-Claude's implementation_plan.json) into the board. */
  'board.import': request<BoardSnapshot>()(
    z.object({ text: text(MAX_PLAN_BYTES), fileName: text(500).optional() }).strict(),
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
