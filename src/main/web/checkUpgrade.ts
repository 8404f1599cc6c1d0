import { timingSafeEqual } from 'node:crypto';
import { TOKEN_PARAM, WS_PATH } from '../../shared/wire';

export interface UpgradeRequest {
  url: string | undefined;
  origin: string | undefined;
  host: string | undefined;
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/** The hosts a page on this server is reachable as; anything else is a DNS-rebinding attempt or a stray client. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Decides whether a WebSocket upgrade may proceed. Pure, so every refusal reason is unit-tested.
 * A browser always sends Origin; a missing one (a script, a test client) is allowed since the token is
 * still required.
 */
export function checkUpgrade(request: UpgradeRequest, token: string, port: number): UpgradeVerdict {
  let url: URL;
  try {
    url = new URL(request.url ?? '/', 'http://placeholder');
  } catch {
    return { ok: false, status: 400, reason: 'the request target is not a URL' };
  }
  if (url.pathname !== WS_PATH) return { ok: false, status: 404, reason: `unknown path ${JSON.stringify(url.pathname)}` };
  const hosts = allowedHosts(port);
  if (!request.host || !hosts.includes(request.host)) {
    return { ok: false, status: 403, reason: `unexpected Host header ${JSON.stringify(request.host ?? '')}` };
  }
  if (request.origin !== undefined && !hosts.some((host) => request.origin === `http://${host}`)) {
    return { ok: false, status: 403, reason: `unexpected Origin ${JSON.stringify(request.origin)}` };
  }
  const given = url.searchParams.get(TOKEN_PARAM);
  if (!given) return { ok: false, status: 401, reason: 'no token' };
  if (!sameSecret(given, token)) return { ok: false, status: 401, reason: 'wrong token' };
  return { ok: true };
}
