import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';

/** Every response gets the strict CSP, and every permission request (camera, notifications...) is denied. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** A navigation as Electron's `will-frame-navigate` describes it. */
export interface FrameNavigation {
  url: string;
  isMainFrame: boolean;
}

/**
 * May a frame go to `url`? Only the main frame, and only to our own page: the page never navigates (it is a
 * single-page app), so any navigation is a link, a redirect or an injected frame taking the window, and
 * with it the window's bridge to the core, somewhere else.
 */
export function navigationAllowed(navigation: FrameNavigation, isAppUrl: (url: string) => boolean): boolean {
  return navigation.isMainFrame && isAppUrl(navigation.url);
}

/** The window shows only the app: no navigation away (of the page or any frame), no new windows, no webviews. */
export function hardenContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (!navigationAllowed({ url: event.url, isMainFrame: true }, isAppUrl)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!navigationAllowed(event, isAppUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
