import type { z } from 'zod';
import type { Phantom } from './define';
import type { CommonError, HostKind } from './common';
import type { Result } from '../result';
import { agentRequests } from './agents';
import { appRequests, appEvents } from './app';
import { boardEvents, boardRequests } from './board';
import { conflictEvents, conflictRequests } from './conflicts';
import { reviewRequests } from './review';
import { terminalEvents, terminalRequests } from './terminal';

export * from './common';
export type { AppInfo, ProjectInfo } from './app';
export type { TerminalData, TerminalReplay } from './terminal';
export type { ChangedFile, ReviewContent, ReviewFile, TaskReview } from './review';

/**
 * The contract: every request the renderer (or any client) can make of the core, and every event the
 * core sends back. Main, preload, browser host and renderer are all typed from these two objects.
 */
export const requests = {
  ...appRequests,
  ...agentRequests,
  ...boardRequests,
  ...terminalRequests,
  ...conflictRequests,
  ...reviewRequests,
};

export const events = {
  ...appEvents,
  ...boardEvents,
  ...terminalEvents,
  ...conflictEvents,
};

type Requests = typeof requests;
type Events = typeof events;

export type RequestName = keyof Requests;
export type EventName = keyof Events;

/** What a caller sends (before the schema's defaults and transforms). */
export type RequestInput<N extends RequestName> = z.input<Requests[N]['input']>;
/** What a handler receives (after validation). */
export type RequestParsed<N extends RequestName> = z.output<Requests[N]['input']>;
export type RequestResult<N extends RequestName> = Requests[N]['result'] extends Phantom<infer R> ? R : never;
export type RequestErrorCode<N extends RequestName> = Requests[N]['errors'][number] | CommonError;
export type RequestOutcome<N extends RequestName> = Result<RequestResult<N>, RequestErrorCode<N>>;
export type EventPayload<N extends EventName> = Events[N]['payload'] extends Phantom<infer P> ? P : never;

/** One handler per request: a missing one is a compile error where handlers are registered. */
export type Handlers = {
  [N in RequestName]: (
    input: RequestParsed<N>,
  ) => Promise<Result<RequestResult<N>, RequestErrorCode<N>>>;
};

export interface EventEnvelope<N extends EventName = EventName> {
  name: N;
  payload: EventPayload<N>;
}

export type AnyEventEnvelope = { [N in EventName]: EventEnvelope<N> }[EventName];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

/**
 * What `window.wavelane` (Electron preload) and the WebSocket client both implement, so the renderer
 * is unaware of which host carries it.
 */
export interface WavelaneBridge {
  readonly host: HostKind;
  request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutcome<N>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
}
