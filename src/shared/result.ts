/**
 * Expected failures travel as values, so every face (IPC, WebSocket, CLI) can show them;
 * a thrown error is reserved for bugs.
 */
export interface ContractError<C extends string = string> {
  /** Stable machine-readable code, e.g. `NOT_A_REPO`. */
  code: C;
  /** One sentence for a human: names the problem and where it is. */
  message: string;
  /** Where the problem is (a path, a field, `file:line:col`), when there is one place to point at. */
  where?: string;
  /** Several problems found at once (validation reports them together). */
  details?: string[];
}

export type Result<T, C extends string = string> =
  | { ok: true; value: T }
  | { ok: false; error: ContractError<C> };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<C extends string>(
  code: C,
  message: string,
  extra: { where?: string; details?: string[] } = {},
): { ok: false; error: ContractError<C> } {
  return { ok: false, error: { code, message, ...extra } };
}
