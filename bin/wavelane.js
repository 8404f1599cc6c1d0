#!/usr/bin/env node
// The `wavelane` command: runs the CLI built into out/main (npm install builds it on `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('wavelane: the CLI is not built yet; run "npm run build" in the Wavelane folder first\n');
  process.exit(1);
}
await import(cli);
