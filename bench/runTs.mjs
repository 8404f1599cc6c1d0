#!/usr/bin/env node
// Runs a TypeScript benchmark (`node bench/runTs.mjs bench/x.bench.ts [args...]`): bundles it with Vite's SSR build
// (our sources inlined, npm packages left external, so node-pty and friends load as usual) into a temp folder inside
// node_modules/.cache, then imports it and calls its exported `main(args)`. Node 20 cannot run TypeScript itself.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bench/runTs.mjs bench/<name>.bench.ts [args...]');
  process.exit(2);
}
const outDir = path.join(root, 'node_modules', '.cache', 'wavelane-bench', path.basename(entry, '.ts') + '-' + process.pid);
await mkdir(outDir, { recursive: true });
try {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: path.resolve(entry),
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { format: 'esm', entryFileNames: 'bench.mjs' } },
    },
    ssr: { noExternal: [] },
  });
  const mod = await import(pathToFileURL(path.join(outDir, 'bench.mjs')).href);
  if (typeof mod.main !== 'function') throw new Error(`${entry} must export an async main(args)`);
  await mod.main(args);
} finally {
  await rm(outDir, { recursive: true, force: true });
}
