// Makes sure the e2e tests have a Chromium: finds one, or installs one the platform's way (Debian as
// root: apt-get; elsewhere: Playwright's own download), or stops with a one-line instruction.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './findChromium.mjs';

const found = await findChromium();
if (found) {
  console.log(`e2e: using Chromium at ${found}`);
  process.exit(0);
}

const isDebian = existsSync('/etc/debian_version');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let result;
if (isDebian && isRoot) {
  console.log('e2e: no Chromium found; installing Debian\'s chromium package (apt-get install -y chromium)');
  result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit' });
  if (result.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit' });
  }
} else if (!isDebian) {
  console.log('e2e: no Chromium found; installing Playwright\'s (npx playwright install chromium)');
  result = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
}
if (result?.status === 0 && (await findChromium())) process.exit(0);
console.error(
  isDebian
    ? 'e2e: no Chromium: run "sudo apt-get install -y chromium" (or set WAVELANE_CHROMIUM to a Chromium binary), then npm test again'
    : 'e2e: no Chromium: run "npx playwright install chromium" (or set WAVELANE_CHROMIUM to a Chromium binary), then npm test again',
);
process.exit(1);
