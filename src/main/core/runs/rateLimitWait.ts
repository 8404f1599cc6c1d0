/**
 * When a rate-limited task tries again. The provider's reset time when the CLI gave one; otherwise a
 * backoff that doubles with each rate limit in a row, capped, so a provider that never says when still
 * gets asked again at a sane pace.
 */

/** The first wait when the reset time is unknown: most per-minute limits lift within a minute. */
export const RATE_LIMIT_BACKOFF_MS = 60_000;
/** The longest wait without a reset time: hourly quotas exist, but a run should not sleep for hours unasked. */
export const RATE_LIMIT_BACKOFF_MAX_MS = 15 * 60_000;
/** A reset time already past (clock skew, a slow exit): still a moment's pause rather than a hot retry. */
export const RATE_LIMIT_MIN_WAIT_MS = 1_000;
/** After this many rate limits in a row the task fails with the reason, rather than waiting forever. */
export const MAX_RATE_LIMIT_WAITS = 8;

/** Epoch ms when to resume, after `waitsSoFar` rate limits in a row before this one. */
export function rateLimitResumeAt(resetsAt: number | undefined, now: number, waitsSoFar: number): number {
  if (resetsAt !== undefined && Number.isFinite(resetsAt)) return Math.max(resetsAt, now + RATE_LIMIT_MIN_WAIT_MS);
  return now + Math.min(RATE_LIMIT_BACKOFF_MS * 2 ** Math.max(0, waitsSoFar), RATE_LIMIT_BACKOFF_MAX_MS);
}
