import { describe, expect, it } from 'vitest';
import { RATE_LIMIT_BACKOFF_MAX_MS, RATE_LIMIT_BACKOFF_MS, RATE_LIMIT_MIN_WAIT_MS, rateLimitResumeAt } from './rateLimitWait';

describe('rateLimitResumeAt', () => {
  it('waits for the reset time the provider gave, and never for less than a moment', () => {
    expect(rateLimitResumeAt(50_000, 10_000, 0)).toBe(50_000);
    expect(rateLimitResumeAt(9_000, 10_000, 3)).toBe(10_000 + RATE_LIMIT_MIN_WAIT_MS);
  });

  it('backs off, doubling and capped, when the reset time is unknown', () => {
    expect(rateLimitResumeAt(undefined, 0, 0)).toBe(RATE_LIMIT_BACKOFF_MS);
    expect(rateLimitResumeAt(undefined, 0, 1)).toBe(2 * RATE_LIMIT_BACKOFF_MS);
    expect(rateLimitResumeAt(undefined, 0, 30)).toBe(RATE_LIMIT_BACKOFF_MAX_MS);
  });
});
