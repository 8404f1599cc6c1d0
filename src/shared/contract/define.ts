import type { z } from 'zod';

/**
 * Helpers to declare requests and events once. A request carries its zod input schema (checked at
 * every process boundary), its result type (a phantom: types only) and the error codes it may return.
 */

/** Carries a type without a runtime value, so results are declared next to their schema. */
export interface Phantom<T> {
  readonly __phantom?: T;
}

export interface RequestSpec<I extends z.ZodType, R, E extends string> {
  readonly input: I;
  readonly errors: readonly E[];
  readonly result: Phantom<R>;
}

/** `request<Result>()(inputSchema, ['ERROR_CODE', ...])`: curried so the result type is explicit and the rest inferred. */
export function request<R>() {
  return <I extends z.ZodType, const E extends string = never>(
    input: I,
    errors: readonly E[] = [],
  ): RequestSpec<I, R, E> => ({ input, errors, result: {} });
}

export interface EventSpec<P> {
  readonly payload: Phantom<P>;
}

export function event<P>(): EventSpec<P> {
  return { payload: {} };
}
