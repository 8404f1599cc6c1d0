import { randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../../shared/result';

/**
 * Run ids look like `20261122-185012-ab12`: the UTC start time to the second, then a random suffix. They sort
 * as strings in start order (runs started in the same second sort by their suffix) and are safe as folder names.
 */
export const RUN_ID_PATTERN = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-([0-9a-f]{4})$/;

/** Two random bytes: enough to tell apart runs started in the same second in one repository. */
const SUFFIX_BYTES = 2;

export function newRunId(now: Date = new Date(), random: (size: number) => Buffer = randomBytes): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const date = `${pad(now.getUTCFullYear(), 4)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${date}-${time}-${random(SUFFIX_BYTES).toString('hex')}`;
}

export function isRunId(value: string): boolean {
  return parseRunId(value).ok;
}

/** Validates a run id read back from disk or typed by a user, and returns the start time it encodes. */
export function parseRunId(value: string): Result<{ id: string; startedAt: Date }, 'INVALID_RUN_ID'> {
  const match = RUN_ID_PATTERN.exec(value);
  if (!match) {
    return err('INVALID_RUN_ID', `"${value}" is not a run id (expected YYYYMMDD-HHMMSS-xxxx, e.g. 20261122-185012-ab12)`);
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const startedAt = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2026-02-31 over to March; a real id round-trips exactly.
  const valid =
    startedAt.getUTCFullYear() === year &&
    startedAt.getUTCMonth() === month - 1 &&
    startedAt.getUTCDate() === day &&
    startedAt.getUTCHours() === hour &&
    startedAt.getUTCMinutes() === minute &&
    startedAt.getUTCSeconds() === second;
  if (!valid) return err('INVALID_RUN_ID', `"${value}" is not a run id: its date or time does not exist`);
  return ok({ id: value, startedAt });
}

/** Oldest first; the same order as plain string comparison, spelled out for readers of `sort` calls. */
export function compareRunIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
