import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { appUrlMatcher } from './appUrl';
import { hardenContents, navigationAllowed } from './hardenSession';

const APP = 'http://localhost:5173/';
const isApp = appUrlMatcher(APP);

describe('navigationAllowed', () => {
  it('lets only the main frame go, and only to our own page', () => {
    expect(navigationAllowed({ url: APP, isMainFrame: true }, isApp)).toBe(true);
    expect(navigationAllowed({ url: 'http://localhost:5173.evil.example/', isMainFrame: true }, isApp)).toBe(false);
    expect(navigationAllowed({ url: 'https://attacker.example/', isMainFrame: true }, isApp)).toBe(false);
    expect(navigationAllowed({ url: APP, isMainFrame: false }, isApp)).toBe(false);
    expect(navigationAllowed({ url: 'https://attacker.example/', isMainFrame: false }, isApp)).toBe(false);
  });
});

describe('hardenContents', () => {
  /** The events and the window-open handler of a WebContents; Electron itself cannot start here. */
  function fakeContents() {
    const emitter = new EventEmitter() as EventEmitter & { openHandler?: () => unknown };
    const contents = Object.assign(emitter, {
      setWindowOpenHandler(handler: () => unknown) {
        emitter.openHandler = handler;
      },
    });
    return contents;
  }
  function navigate(contents: EventEmitter, name: string, details: Record<string, unknown>): boolean {
    let prevented = false;
    contents.emit(name, { ...details, preventDefault: () => (prevented = true) });
    return prevented;
  }

  it('denies frame navigations (will-frame-navigate) and main-frame navigations away, and every new window', () => {
    const contents = fakeContents();
    hardenContents(contents as unknown as WebContents, isApp);
    expect(contents.listenerCount('will-frame-navigate')).toBe(1);
    expect(navigate(contents, 'will-frame-navigate', { url: 'https://attacker.example/', isMainFrame: false })).toBe(true);
    expect(navigate(contents, 'will-frame-navigate', { url: APP, isMainFrame: false })).toBe(true);
    expect(navigate(contents, 'will-frame-navigate', { url: APP, isMainFrame: true })).toBe(false);
    expect(navigate(contents, 'will-navigate', { url: 'http://localhost:5173.evil.example/' })).toBe(true);
    expect(navigate(contents, 'will-navigate', { url: APP })).toBe(false);
    expect(navigate(contents, 'will-redirect', { url: APP })).toBe(true);
    expect(navigate(contents, 'will-attach-webview', {})).toBe(true);
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });
});
