/**
 * Where the browser host accepts the WebSocket; the token rides in the query string. Kept apart from
 * the wire schema so the renderer can use them without bundling zod.
 */
export const WS_PATH = '/ws';
export const TOKEN_PARAM = 'token';
