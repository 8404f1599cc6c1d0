/**
 * Named limits, declared once: the plan schema, the contract, the CLI's flags and the board's controls all
 * check against these, so a value accepted in one place is accepted everywhere.
 */

/** More agents than this at once thrashes any single machine (each is a CLI, a pty and a worktree). */
export const MAX_PARALLEL = 64;
/** Agents at once when nobody says: a laptop stays usable and the merge queue keeps up. */
export const DEFAULT_MAX_PARALLEL = 3;
/** More attempts than this is a runaway loop, not resilience. */
export const MAX_RETRIES = 20;

/** Longest id; ids name branches and folders (`wavelane/<id>`), which should stay readable. */
export const MAX_ID_LENGTH = 64;
/** A title is one line on a card. */
export const MAX_TITLE_LENGTH = 300;
/** A prompt is a long brief, not a document dump (the agent reads files itself). */
export const MAX_PROMPT_LENGTH = 200_000;
/** An objective's description. */
export const MAX_DESCRIPTION_LENGTH = 20_000;
/** Each of an ADR's context, decision and consequences. */
export const MAX_ADR_TEXT_LENGTH = 50_000;
/** Setup and verify commands are one shell line each. */
export const MAX_COMMAND_LENGTH = 2000;
/** One glob (a repository path and its wildcards). */
export const MAX_GLOB_LENGTH = 512;
/** Globs in one list (a task's files or reads, the plan's copyFiles). */
export const MAX_GLOBS = 200;
/** ADRs one task may cite. */
export const MAX_TASK_ADRS = 100;
/** Dependencies of one task. */
export const MAX_DEPENDENCIES = 500;
/** A week: a task's timeout or estimate beyond this is a typo. */
export const MAX_TASK_SECONDS = 7 * 24 * 3600;
/** Priorities run from -1000 to 1000: room to slot a task between any two others. */
export const MAX_PRIORITY = 1000;

/**
 * Largest plan file or pasted plan text read (bytes): 10,000 tasks are a few MB, so a bigger input is the
 * wrong file (or `/dev/zero`), refused before it fills memory.
 */
export const MAX_PLAN_BYTES = 20 * 1024 * 1024;
/** Above any plausible run or task: a typo (an extra zero or two) in a budget is caught rather than spent. */
export const MAX_BUDGET_USD = 10_000;
export const MAX_BUDGET_TOKENS = 1_000_000_000;
