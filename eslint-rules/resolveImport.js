/**
 * Where an import points and where a file sits, in the terms of ARCHITECTURE.md. A relative specifier is
 * resolved to a repository path without touching the disk, so a folder import (`../storage`, which loads
 * `storage/index.ts`) and a file import (`../storage/atomicFile`) land in the same folder, and a virtual
 * file path (the rule tests lint text that exists nowhere) works as well as a real one.
 */
import path from 'node:path';
import { isBuiltin } from 'node:module';
import { CORE_LAYERS, REPO_ROOT } from './architecture.js';

const CORE = 'src/main/core';
const FACES = ['electron', 'web', 'cli'];

/** A path relative to the repository root with forward slashes. */
export function repoPath(absolute) {
  return path.relative(REPO_ROOT, absolute).split(path.sep).join('/');
}

const inside = (rel, folder) => rel === folder || rel.startsWith(`${folder}/`);

/**
 * The process zone of a repository path: shared, core, a face (electron, web, cli), entry (the binaries
 * at src/main's root, which sit above the faces), manifest (package.json, for the version), preload, renderer, rendererTest
 * (the renderer's tests, which may host a server in Node), or other (tests, scripts, bench).
 */
export function zoneOf(rel) {
  if (rel === 'package.json') return 'manifest';
  if (inside(rel, 'src/shared')) return 'shared';
  if (inside(rel, CORE)) return 'core';
  for (const face of FACES) if (inside(rel, `src/main/${face}`)) return face;
  if (inside(rel, 'src/main')) return 'entry';
  if (inside(rel, 'src/preload')) return 'preload';
  if (inside(rel, 'src/renderer')) return 'renderer';
  if (inside(rel, 'test/renderer')) return 'rendererTest';
  return 'other';
}

/**
 * Where a path sits inside the core: `folder` is a layer folder's name, 'root' for the composition root
 * (createCore.ts and anything else at the core's top, including the core folder itself), 'testing' for
 * the core-wide test helpers, or the unknown folder's name (the rules report folders missing from the
 * map). `testing` is true inside any `testing/` folder.
 */
export function corePlace(rel) {
  const parts = rel.slice(CORE.length + 1).split('/');
  const testing = parts.slice(0, -1).includes('testing') || parts.at(-1) === 'testing';
  if (rel === CORE || parts.length === 1) {
    // A root entry is a folder only when it is one of the map's folders (or testing); otherwise a root file.
    const name = parts[0] ?? '';
    if (name === 'testing') return { folder: 'testing', testing: true };
    return { folder: CORE_LAYERS[name] !== undefined ? name : 'root', testing: false };
  }
  return { folder: parts[0], testing };
}

/** A test file: tests are not part of the production dependency graph. */
export function isTestFile(rel) {
  return /\.test\.tsx?$/.test(rel);
}

/**
 * What `specifier`, written in `fromAbsolute`, points at: a repository path (`local`), a Node built-in
 * (`builtin`, name without `node:`), or an npm package (`package`, its name without a subpath).
 */
export function resolveImport(fromAbsolute, specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    return { kind: 'local', path: repoPath(path.resolve(path.dirname(fromAbsolute), specifier)) };
  }
  if (isBuiltin(specifier)) return { kind: 'builtin', name: specifier.replace(/^node:/, '') };
  const parts = specifier.split('/');
  return { kind: 'package', name: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] };
}
