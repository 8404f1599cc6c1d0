// Where the Electron binary is, without importing the `electron` package (whose index downloads the
// binary on first use, which fails on machines without internet).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function electronBinary() {
  let dir;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { present: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = path.join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const binary = relative ? path.join(dir, 'dist', relative) : null;
  if (binary && existsSync(binary)) return { present: true, path: binary };
  return {
    present: false,
    reason: 'the Electron binary has not been downloaded on this machine (no network access to fetch it)',
  };
}
