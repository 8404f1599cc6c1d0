import { z } from 'zod';
import type { BoardSettings, BoardState, PlanningColumn } from '../../../shared/board/board';
import { DEFAULT_MAX_PARALLEL, MAX_PARALLEL } from '../../../shared/limits';
import { err, ok, type Result } from '../../../shared/result';
import { readJsonResult, writeFileAtomic } from './atomicFile';
import { planSchema } from '../../../shared/plan/planSchema';
import { SerialWriter } from './serialWriter';
import { findStatePaths, type StatePaths } from './statePaths';
import { describeIssues, summarizeIssues } from './zodIssues';

/**
 * The board of one repository (the plan being edited, where each task sits, the settings) in
 * `<git common dir>/wavelane/board.json`: validated on read (a damaged file is an error naming it, never
 * replaced by an empty board), written atomically, saves serialized.
 */
export const BOARD_FILE_VERSION = 1;

/** What a repository that never saved a board starts with (the defaults the board issue specifies). */
export const DEFAULT_BOARD_SETTINGS: Readonly<BoardSettings> = Object.freeze({
  maxParallel: DEFAULT_MAX_PARALLEL,
  resourceGuard: true,
  strategy: 'eager',
  reviewBeforeMerge: false,
});

export function emptyBoard(): BoardState {
  return {
    plan: { version: 1, tasks: [] },
    columns: { backlog: [], runParallel: [] },
    settings: { ...DEFAULT_BOARD_SETTINGS },
  };
}

const taskIds = z.array(z.string());

// Settings saved by an older Wavelane may lack a newer key: the default fills it (nothing the user set is lost).
const settingsSchema = z.strictObject({
  maxParallel: z.number().int().min(1).max(MAX_PARALLEL).default(DEFAULT_BOARD_SETTINGS.maxParallel),
  resourceGuard: z.boolean().default(DEFAULT_BOARD_SETTINGS.resourceGuard),
  strategy: z.enum(['eager', 'waves']).default(DEFAULT_BOARD_SETTINGS.strategy),
  reviewBeforeMerge: z.boolean().default(DEFAULT_BOARD_SETTINGS.reviewBeforeMerge),
  verify: z.string().optional(),
  budgetUsd: z.number().positive().nullable().optional(),
  budgetTokens: z.number().int().positive().nullable().optional(),
});

const boardSchema = z.strictObject({
  plan: planSchema,
  columns: z.strictObject({ backlog: taskIds.default([]), runParallel: taskIds.default([]) }),
  settings: settingsSchema.default({ ...DEFAULT_BOARD_SETTINGS }),
});

const boardFileSchema = z.strictObject({ version: z.literal(BOARD_FILE_VERSION), board: boardSchema });

export interface LoadedBoard {
  board: BoardState;
  /** References tidied on load (a column naming a deleted task, a task in no column), one line each. */
  notes: string[];
}

export type LoadBoardError = 'BOARD_UNREADABLE' | 'BOARD_CORRUPT' | 'BOARD_VERSION';
export type SaveBoardError = 'INVALID_BOARD' | 'BOARD_WRITE_FAILED';

export class BoardStore {
  private readonly writer: SerialWriter;

  constructor(readonly paths: StatePaths) {
    this.writer = new SerialWriter((content) => writeFileAtomic(paths.boardFile, content));
  }

  static async open(dir: string): Promise<Result<BoardStore, 'NOT_A_REPO'>> {
    const paths = await findStatePaths(dir);
    return paths.ok ? ok(new BoardStore(paths.value)) : paths;
  }

  /** The saved board, or an empty board with default settings when none was saved. */
  async load(): Promise<Result<LoadedBoard, LoadBoardError>> {
    const file = this.paths.boardFile;
    const read = await readJsonResult(file);
    if (!read.ok) {
      return read.error.code === 'FILE_CORRUPT'
        ? err('BOARD_CORRUPT', read.error.message, { where: file })
        : err('BOARD_UNREADABLE', read.error.message, { where: file });
    }
    if (read.value === null) return ok({ board: emptyBoard(), notes: [] });
    const value = read.value;
    if (typeof value === 'object' && value !== null && 'version' in value && value.version !== BOARD_FILE_VERSION) {
      return err(
        'BOARD_VERSION',
        `${file} has board version ${JSON.stringify(value.version)}; this Wavelane reads version ${BOARD_FILE_VERSION}`,
        { where: file },
      );
    }
    const parsed = boardFileSchema.safeParse(value);
    if (!parsed.success) {
      return err('BOARD_CORRUPT', `${file} is not a valid Wavelane board: ${summarizeIssues(parsed.error.issues)}`, {
        where: file,
        details: describeIssues(parsed.error.issues),
      });
    }
    return ok(tidyColumns(parsed.data.board));
  }

  /** Validates and writes the board; concurrent saves are written in call order. Resolves with the board as saved. */
  async save(board: BoardState): Promise<Result<BoardState, SaveBoardError>> {
    const file = this.paths.boardFile;
    const parsed = boardSchema.safeParse(board);
    if (!parsed.success) {
      const problems = summarizeIssues(parsed.error.issues);
      return err('INVALID_BOARD', `Bug: refusing to write an invalid board to ${file}: ${problems}`, {
        where: file,
        details: describeIssues(parsed.error.issues),
      });
    }
    try {
      await this.writer.write(JSON.stringify({ version: BOARD_FILE_VERSION, board: parsed.data }, null, 2) + '\n');
    } catch (error) {
      return err('BOARD_WRITE_FAILED', `Cannot write ${file}: ${(error as Error).message}`, { where: file });
    }
    return ok(parsed.data);
  }

  /** Resolves when no save is in flight (before the app quits). */
  idle(): Promise<void> {
    return this.writer.idle();
  }
}

/**
 * Columns hold task ids, which a hand edit or an older bug can leave out of step with the plan. Tidying loses
 * nothing: unknown ids and repeats are dropped, and a task in no column goes to the end of the backlog.
 */
export function tidyColumns(board: BoardState): LoadedBoard {
  const notes: string[] = [];
  const known = new Set(board.plan.tasks.map((task) => task.id));
  const placed = new Set<string>();
  const columns: Record<PlanningColumn, string[]> = { backlog: [], runParallel: [] };
  for (const column of ['backlog', 'runParallel'] as const) {
    for (const id of board.columns[column]) {
      if (!known.has(id)) notes.push(`column ${column} named task "${id}", which is not in the plan: dropped`);
      else if (placed.has(id)) notes.push(`task "${id}" was listed twice in the columns: kept its first place`);
      else {
        placed.add(id);
        columns[column].push(id);
      }
    }
  }
  for (const task of board.plan.tasks) {
    if (!placed.has(task.id)) {
      notes.push(`task "${task.id}" was in no column: put at the end of backlog`);
      columns.backlog.push(task.id);
    }
  }
  return { board: { ...board, columns }, notes };
}
