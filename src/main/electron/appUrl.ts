/** The dev server (electron-vite) runs on this machine; a renderer URL elsewhere is never trusted. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface RendererUrlInput {
  /** `app.isPackaged`: a shipped build. */
  isPackaged: boolean;
  /** `ELECTRON_RENDERER_URL`, set by electron-vite's dev server. */
  devServerUrl: string | undefined;
  /** The built renderer's index.html as a file: URL. */
  builtIndexUrl: string;
}

/**
 * Where the window loads the app from. `ELECTRON_RENDERER_URL` is obeyed only in development (not
 * packaged) and only for an http(s) URL on this machine: in a shipped app an environment variable must
 * not be able to point the window, and its access to the core, at another page.
 */
export function chooseRendererUrl({ isPackaged, devServerUrl, builtIndexUrl }: RendererUrlInput): string {
  if (isPackaged || !devServerUrl) return builtIndexUrl;
  const url = parseUrl(devServerUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !LOOPBACK_HOSTS.has(url.hostname)) return builtIndexUrl;
  return devServerUrl;
}

/**
 * Is `url` our own page? An http(s) app URL (the dev server) matches on the exact origin (scheme, host and
 * port parsed, never a string prefix: `http://localhost:5173.evil.example` is another origin); a file:
 * app URL matches on the exact file (file: URLs have no origin), whatever the query or fragment.
 */
export function appUrlMatcher(appUrl: string): (url: string) => boolean {
  const app = parseUrl(appUrl);
  if (!app) return () => false;
  if (app.protocol === 'file:') {
    return (candidate) => {
      const url = parseUrl(candidate);
      return url !== null && url.protocol === 'file:' && url.host === app.host && url.pathname === app.pathname;
    };
  }
  return (candidate) => {
    const url = parseUrl(candidate);
    return url !== null && url.origin !== 'null' && url.origin === app.origin;
  };
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
