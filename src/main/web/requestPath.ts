import { err, ok, type Result } from '../../shared/result';

/** Where a relative request target is resolved; only its path is ever used. */
const PLACEHOLDER_ORIGIN = 'http://placeholder';

/**
 * The decoded path of a request target, or BAD_PATH: never throws, whatever the client sent (malformed
 * percent-escapes such as `%E0%A4%A` or overlong UTF-8 `%c0%ae`, a target that is not a URL, NUL bytes).
 */
export function decodeRequestPath(target: string | undefined): Result<string, 'BAD_PATH'> {
  let pathname: string;
  try {
    pathname = new URL(target ?? '/', PLACEHOLDER_ORIGIN).pathname;
  } catch {
    return err('BAD_PATH', 'the request target is not a URL');
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return err('BAD_PATH', 'the path has a malformed percent-escape');
  }
  if (decoded.includes('\0')) return err('BAD_PATH', 'the path holds a NUL byte');
  return ok(decoded);
}

/**
 * A request target fit for a log line: the path without its query (the token rides in the query string,
 * and a log is read by more eyes than the terminal that printed the URL), quoted so control characters
 * cannot forge log lines.
 */
export function loggableTarget(target: string | undefined): string {
  const raw = target ?? '';
  const query = raw.indexOf('?');
  const pathOnly = query === -1 ? raw : `${raw.slice(0, query)}?<query withheld>`;
  return JSON.stringify(pathOnly);
}
