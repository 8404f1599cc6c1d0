import { describe, expect, it } from 'vitest';
import { appUrlMatcher, chooseRendererUrl } from './appUrl';

const BUILT = 'file:///opt/wavelane/resources/app.asar/out/renderer/index.html';

describe('chooseRendererUrl', () => {
  it('obeys ELECTRON_RENDERER_URL only when not packaged', () => {
    expect(chooseRendererUrl({ isPackaged: false, devServerUrl: 'http://localhost:5173', builtIndexUrl: BUILT })).toBe('http://localhost:5173');
    expect(chooseRendererUrl({ isPackaged: true, devServerUrl: 'http://localhost:5173', builtIndexUrl: BUILT })).toBe(BUILT);
    expect(chooseRendererUrl({ isPackaged: false, devServerUrl: undefined, builtIndexUrl: BUILT })).toBe(BUILT);
  });

  it.each(['https://attacker.example/', 'http://localhost.evil.example:5173', 'javascript:alert(1)', 'file:///tmp/evil.html', 'not a url'])(
    'ignores a dev server URL that is not http(s) on this machine: %s',
    (devServerUrl) => {
      expect(chooseRendererUrl({ isPackaged: false, devServerUrl, builtIndexUrl: BUILT })).toBe(BUILT);
    },
  );
});

describe('appUrlMatcher', () => {
  it('matches the dev server on its exact origin, not on a string prefix', () => {
    const isApp = appUrlMatcher('http://localhost:5173');
    expect(isApp('http://localhost:5173/')).toBe(true);
    expect(isApp('http://localhost:5173/#/board?x=1')).toBe(true);
    expect(isApp('http://localhost:5173.evil.example/')).toBe(false);
    expect(isApp('http://localhost:5173@evil.example/')).toBe(false);
    expect(isApp('http://localhost:51730/')).toBe(false);
    expect(isApp('https://localhost:5173/')).toBe(false);
    expect(isApp('http://127.0.0.1:5173/')).toBe(false);
    expect(isApp('')).toBe(false);
  });

  it('matches the built page on its exact file, whatever the query or fragment', () => {
    const isApp = appUrlMatcher(BUILT);
    expect(isApp(BUILT)).toBe(true);
    expect(isApp(`${BUILT}?repo=1#/board`)).toBe(true);
    expect(isApp(`${BUILT}.evil.html`)).toBe(false);
    expect(isApp('file:///opt/wavelane/resources/app.asar/out/renderer/other.html')).toBe(false);
    expect(isApp('file:///tmp/index.html')).toBe(false);
    expect(isApp('http://localhost:5173/')).toBe(false);
  });

  it('matches nothing when the app URL itself does not parse', () => {
    expect(appUrlMatcher('not a url')('not a url')).toBe(false);
  });
});
