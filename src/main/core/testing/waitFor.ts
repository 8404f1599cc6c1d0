import { setTimeout as delay } from 'node:timers/promises';

/** How often a condition is looked at again: quick to notice, light on two busy cores. */
const POLL_MS = 25;

/** Waits until `check` gives a truthy value (and returns it), or fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await delay(POLL_MS);
  }
}
