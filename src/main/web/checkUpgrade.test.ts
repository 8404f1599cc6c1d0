import { describe, expect, it } from 'vitest';
import { checkUpgrade } from './checkUpgrade';

const TOKEN = 'secret-token';
const PORT = 4321;
const base = { url: `/ws?token=${TOKEN}`, origin: `http://127.0.0.1:${PORT}`, host: `127.0.0.1:${PORT}` };

describe('checkUpgrade', () => {
  it('accepts the right token from the page origin, by IP or as localhost, or from a non-browser client', () => {
    expect(checkUpgrade(base, TOKEN, PORT)).toEqual({ ok: true });
    expect(checkUpgrade({ ...base, origin: `http://localhost:${PORT}`, host: `localhost:${PORT}` }, TOKEN, PORT)).toEqual({ ok: true });
    expect(checkUpgrade({ ...base, origin: undefined }, TOKEN, PORT)).toEqual({ ok: true });
  });

  it.each([
    ['no token', { url: '/ws' }, 401, 'no token'],
    ['a wrong token', { url: '/ws?token=guess' }, 401, 'wrong token'],
    ['a token of another length', { url: `/ws?token=${TOKEN}x` }, 401, 'wrong token'],
    ['another origin', { origin: 'http://evil.example' }, 403, 'unexpected Origin'],
    ['another port as origin', { origin: `http://127.0.0.1:${PORT + 1}` }, 403, 'unexpected Origin'],
    ['a rebinding Host', { host: `evil.example:${PORT}` }, 403, 'unexpected Host'],
    ['another path', { url: `/other?token=${TOKEN}` }, 404, 'unknown path'],
    ['a target that is not a URL (it used to throw, crashing the host)', { url: `http://[?token=${TOKEN}` }, 400, 'not a URL'],
  ])('refuses %s and says why', (_label, change, status, reason) => {
    const verdict = checkUpgrade({ ...base, ...change }, TOKEN, PORT);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.status).toBe(status);
      expect(verdict.reason).toContain(reason);
    }
  });
});
