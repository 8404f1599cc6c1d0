/**
 * Where the browser host accepts the WebSocket; the token rides in the query string. Kept apart from
 * the wire schema so the renderer can use them without bundling zod.
 */
export const WS_PATH = '/ws';
export const TOKEN_PARAM = 'token';

/**
 * The close code the browser host sends a client that stopped reading (its send queue hit the cap). In
 * the application range (4000-4999); the page reconnects and fetches a fresh board, since events were dropped.
 */
export const CLOSE_FELL_BEHIND = 4008;
