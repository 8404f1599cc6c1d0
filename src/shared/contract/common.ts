/** Errors that any request can return: produced by the dispatcher or the transport, not by a handler. */
export const COMMON_ERRORS = [
  'INVALID_INPUT',
  'UNKNOWN_REQUEST',
  'NO_PROJECT',
  'INTERNAL',
  'DISCONNECTED',
] as const;
export type CommonError = (typeof COMMON_ERRORS)[number];

export type HostKind = 'electron' | 'web' | 'cli';
