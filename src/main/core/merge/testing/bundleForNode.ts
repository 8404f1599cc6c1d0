import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

/**
 * Tests that need a SECOND real Node process running our TypeScript (two processes racing for the
 * merge lock) bundle the module once with Vite's SSR build (our sources and npm packages inlined) into
 * `outDir`, then import it from a plain `node` child. Node 20 cannot run TypeScript.
 * Returns the file URL of the bundle.
 */
/** The repository root (this file sits in src/main/core/merge/testing). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');

export async function bundleForNode(entry: string, outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: path.resolve(entry),
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { format: 'esm', entryFileNames: 'bundle.mjs' } },
    },
    // Every package inlined too: the bundle lands outside the repository, where node_modules cannot be found.
    ssr: { noExternal: true },
  });
  return pathToFileURL(path.join(outDir, 'bundle.mjs')).href;
}
