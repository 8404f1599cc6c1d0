/**
 * A mistake in what the user asked for (a flag, a path, a plan): reported in one line that names it,
 * exit code 2 on the command line, and nothing changed.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
