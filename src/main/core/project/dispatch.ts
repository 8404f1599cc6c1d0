import { isRequestName, requests, type Handlers, type RequestName } from '../../../shared/contract';
import { err, type Result } from '../../../shared/result';

/** How many schema issues an INVALID_INPUT error lists; the rest are counted. */
const MAX_LISTED_ISSUES = 10;

/**
 * The single entry for a request from outside the core (IPC, WebSocket): the name is checked against
 * the contract, the input against the request's schema, and a handler that throws becomes an INTERNAL
 * error instead of a crash.
 */
export async function dispatch(handlers: Handlers, name: unknown, input: unknown): Promise<Result<unknown>> {
  if (!isRequestName(name)) {
    return err('UNKNOWN_REQUEST', `Unknown request: ${JSON.stringify(String(name)).slice(0, 140)}`);
  }
  const parsed = requests[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.length ? issue.path.join('.') : '(input)'}: ${issue.message}`,
    );
    const listed = issues.slice(0, MAX_LISTED_ISSUES);
    if (issues.length > listed.length) listed.push(`... and ${issues.length - listed.length} more`);
    return err('INVALID_INPUT', `Invalid input for ${name}: ${listed.join('; ')}`, { where: name, details: listed });
  }
  try {
    const handler = handlers[name] as (value: unknown) => Promise<Result<unknown>>;
    return await handler(parsed.data);
  } catch (error) {
    console.error(`[wavelane] ${name} failed:`, error);
    return err('INTERNAL', `${name} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export type { RequestName };
