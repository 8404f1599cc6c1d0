// Finds a Chromium for Playwright, in the documented order: $WAVELANE_CHROMIUM, /usr/bin/chromium
// (Debian's package), then Playwright's own installed browser. Returns null when there is none.
import { existsSync } from 'node:fs';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export async function findChromium(env = process.env) {
  if (env.WAVELANE_CHROMIUM) {
    if (!existsSync(env.WAVELANE_CHROMIUM)) throw new Error(`WAVELANE_CHROMIUM points at ${env.WAVELANE_CHROMIUM}, which does not exist`);
    return env.WAVELANE_CHROMIUM;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  try {
    const { chromium } = await import('playwright-core');
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // playwright-core not resolvable or no browser registry entry: fall through to "none"
  }
  return null;
}

/** Flags that keep Chromium quiet on machines without network and without a user namespace sandbox. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
