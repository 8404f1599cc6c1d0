import { z } from 'zod';
import type { AnyEventEnvelope } from './contract/index';
import type { Result } from './result';

export { WS_PATH, TOKEN_PARAM, CLOSE_FELL_BEHIND } from './wireConstants';

/**
 * The browser host's WebSocket protocol: the contract's requests and events in JSON frames.
 * Client frames are validated with this schema before anything else looks at them.
 */

/** Cap on one client frame; requests are small (terminal input is the largest). */
export const MAX_CLIENT_FRAME_BYTES = 1024 * 1024;

export const clientFrameSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('request'),
      id: z.number().int().nonnegative(),
      name: z.string().min(1).max(128),
      input: z.unknown(),
    })
    .strict(),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ServerFrame =
  | { type: 'response'; id: number; outcome: Result<unknown> }
  | ({ type: 'event' } & AnyEventEnvelope);
