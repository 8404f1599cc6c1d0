import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { findEdgeCycle, PENDING_EXCEPTIONS, REPO_ROOT, SAME_LAYER_EDGES } from '../../eslint-rules/architecture.js';

/**
 * Proves each dependency rule of ARCHITECTURE.md fails when broken: every case lints a synthetic source
 * text under a virtual path in the folder it is about, with the repository's real eslint.config.js, and
 * expects the named rule to report it (or, for a correct import, expects no dependency rule to report).
 * That the real tree obeys the rules is `npm run lint`.
 */

type Rule = 'wavelane/process-boundaries' | 'wavelane/core-layers' | 'wavelane/sole-writer';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: REPO_ROOT, overrideConfigFile: path.join(REPO_ROOT, 'eslint.config.js') });
});

/** The dependency-rule ids reported for `code` placed at `file` (repository-relative). */
async function reported(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  const fatal = result!.messages.filter((message) => message.fatal);
  expect(fatal, `the synthetic source at ${file} must parse`).toEqual([]);
  return result!.messages.map((message) => message.ruleId ?? '').filter((id) => id.startsWith('wavelane/'));
}

const broken = (rule: Rule, file: string, code: string) => ({ rule, file, code });

describe('process boundaries, every form of import', () => {
  const core = 'src/main/core/runs/example.ts';
  it.each([
    broken('wavelane/process-boundaries', core, "import { app } from 'electron';\nexport const a = app;"),
    broken('wavelane/process-boundaries', core, "export async function f() { return import('electron'); }"),
    broken('wavelane/process-boundaries', core, "export const e = require('electron');"),
    broken('wavelane/process-boundaries', core, "import { createRequire } from 'node:module';\nexport const e = createRequire(import.meta.url)('electron');"),
    broken('wavelane/process-boundaries', core, "import { createRequire } from 'node:module';\nconst load = createRequire(import.meta.url);\nexport const e = load('electron');"),
    broken('wavelane/process-boundaries', core, "export * from 'electron';"),
    broken('wavelane/process-boundaries', core, "export type { BrowserWindow } from 'electron';"),
    broken('wavelane/process-boundaries', core, "import type { ReactNode } from 'react';\nexport type N = ReactNode;"),
    broken('wavelane/process-boundaries', core, "export type W = typeof import('electron');"),
    broken('wavelane/process-boundaries', core, "import x = require('electron');\nexport const y = x;"),
    broken('wavelane/process-boundaries', core, "import '../../../preload';"), // a folder import: preload/index.ts
    broken('wavelane/process-boundaries', core, "export const p = import('../../../preload/index');"),
    broken('wavelane/process-boundaries', core, "import { runCli } from '../../cli/main';\nexport const r = runCli;"),
    broken('wavelane/process-boundaries', core, "export const w = require('../../web');"),
    broken('wavelane/process-boundaries', core, "import '../../../renderer/main';"),
    broken('wavelane/process-boundaries', core, "export const m = (name: string) => import(name);"),
    broken('wavelane/process-boundaries', 'src/shared/example.ts', "import fs from 'node:fs';\nexport const f = fs;"),
    broken('wavelane/process-boundaries', 'src/shared/example.ts', "export const p = require('path');"),
    broken('wavelane/process-boundaries', 'src/shared/example.ts', "export const c = import('../main/core/createCore');"),
    broken('wavelane/process-boundaries', 'src/shared/example.ts', "export * from '../renderer/store';"),
    broken('wavelane/process-boundaries', 'src/main/web/example.ts', "import '../cli/main';"),
    broken('wavelane/process-boundaries', 'src/main/web/example.ts', "export const e = import('electron');"),
    broken('wavelane/process-boundaries', 'src/main/cli/example.ts', "export const e = require('../electron');"),
    broken('wavelane/process-boundaries', 'src/main/electron/example.ts', "export * from '../web/webHost';"),
    broken('wavelane/process-boundaries', 'src/renderer/example.ts', "import '../main/core/createCore';"),
    broken('wavelane/process-boundaries', 'src/renderer/example.ts', "export const e = import('electron');"),
    broken('wavelane/process-boundaries', 'src/renderer/example.ts', "export const fs = require('fs');"),
    broken('wavelane/process-boundaries', 'src/renderer/example.ts', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;"),
    broken('wavelane/process-boundaries', 'src/preload/example.ts', "import '../main/core/createCore';"),
    broken('wavelane/process-boundaries', 'src/preload/example.ts', "import os from 'node:os';\nexport const o = os;"),
  ])('$file: $code is reported by $rule', async ({ rule, file, code }) => {
    expect(await reported(file, code)).toContain(rule);
  });

  it.each([
    [core, "import { ok } from '../../../shared/result';\nimport { readFile } from 'node:fs/promises';\nexport const a = [ok, readFile];"],
    [core, "export const p = import('node:path');\nexport const g = require('simple-git');"],
    ['src/main/electron/example.ts', "import { app } from 'electron';\nimport { createCore } from '../core/createCore';\nexport const a = [app, createCore];"],
    ['src/main/cli/example.ts', "import { createCore } from '../core';\nexport const c = createCore;"],
    ['src/renderer/example.ts', "import type { Contract } from '../shared/contract';\nimport { create } from 'zustand';\nexport type C = Contract;\nexport const z = create;"],
    ['src/shared/example.ts', "import { z } from 'zod';\nimport { ok } from './result';\nexport const a = [z, ok];"],
    ['src/main/wavelane.ts', "import { runCli } from './cli/main';\nimport { serveCommand } from './serveCommand';\nexport const a = [runCli, serveCommand];"],
  ])('%s: a correct import passes', async (file, code) => {
    expect(await reported(file, code)).toEqual([]);
  });
});

describe("the core's layers", () => {
  it.each([
    // lower never imports higher, in every form, and a folder import counts as the folder
    broken('wavelane/core-layers', 'src/main/core/git/example.ts', "import { MergeQueue } from '../merge/mergeQueue';\nexport const m = MergeQueue;"),
    broken('wavelane/core-layers', 'src/main/core/git/example.ts', "export const m = import('../merge/mergeQueue');"),
    broken('wavelane/core-layers', 'src/main/core/git/example.ts', "export const m = require('../merge');"),
    broken('wavelane/core-layers', 'src/main/core/storage/example.ts', "import type { RunController } from '../runs/runController';\nexport type R = RunController;"),
    broken('wavelane/core-layers', 'src/main/core/storage/example.ts', "export type T = typeof import('../terminals/taskTerminals');"),
    broken('wavelane/core-layers', 'src/main/core/plan/example.ts', "export * from '../runs/prepareRun';"),
    broken('wavelane/core-layers', 'src/main/core/runs/example.ts', "import '../project/openProject';"),
    // a same-layer import not declared one way, and the reverse of every declared edge
    broken('wavelane/core-layers', 'src/main/core/plan/example.ts', "import '../scheduler/waves';"),
    broken('wavelane/core-layers', 'src/main/core/conflicts/example.ts', "import '../review/reviewGate';"),
    ...SAME_LAYER_EDGES.map(([from, to]) =>
      broken('wavelane/core-layers', `src/main/core/${to}/example.ts`, `import '../${from}/anything';`),
    ),
    // the composition root, test helpers and folders missing from the map
    broken('wavelane/core-layers', 'src/main/core/project/example.ts', "import { createCore } from '../createCore';\nexport const c = createCore;"),
    broken('wavelane/core-layers', 'src/main/core/project/example.ts', "export const c = import('..');"),
    broken('wavelane/core-layers', 'src/main/core/runs/example.ts', "import { createTempRepo } from '../testing/tempRepo';\nexport const t = createTempRepo;"),
    broken('wavelane/core-layers', 'src/main/core/runs/example.ts', "export const f = require('../merge/testing/taskFixture');"),
    broken('wavelane/core-layers', 'src/main/core/newfolder/example.ts', "import '../git/git';"),
    broken('wavelane/core-layers', 'src/main/core/runs/example.ts', "import '../newfolder/thing';"),
  ])('$file: $code is reported by $rule', async ({ rule, file, code }) => {
    expect(await reported(file, code)).toContain(rule);
  });

  it.each([
    ['src/main/core/runs/example.ts', "import { runGit } from '../git/git';\nimport { RunStore } from '../storage/runStore';\nimport '../merge';\nexport const a = [runGit, RunStore];"],
    ['src/main/core/project/example.ts', "export const r = import('../runs/runController');"],
    ['src/main/core/createCore.ts', "import '../core/project/openProject';\nimport './testing/tempRepo';"],
    ['src/main/core/git/example.test.ts', "import '../project/openProject';\nimport '../testing/tempRepo';"],
    ['src/main/core/git/testing/example.ts', "import '../../project/openProject';"],
    ['src/main/core/testing/example.ts', "import '../runs/runController';"],
    ...SAME_LAYER_EDGES.map(([from, to]) => [`src/main/core/${from}/example.ts`, `import '../${to}/anything';`]),
  ])('%s: %s passes', async (file, code) => {
    expect(await reported(file, code)).toEqual([]);
  });

  it('declares the same-layer edges without a cycle, so no two folders import each other', () => {
    expect(findEdgeCycle(SAME_LAYER_EDGES)).toBeUndefined();
    expect(findEdgeCycle([['a', 'b'], ['b', 'a']])).toEqual(['a', 'b', 'a']);
    expect(findEdgeCycle([['a', 'b'], ['b', 'c'], ['c', 'a']])).toEqual(['a', 'b', 'c', 'a']);
  });

  it('keeps only pending exceptions that still match a real import (delete an entry once its fix lands)', () => {
    for (const { file, imports } of PENDING_EXCEPTIONS) {
      const absolute = path.join(REPO_ROOT, file);
      expect(existsSync(absolute), `${file} no longer exists: delete its entry in PENDING_EXCEPTIONS`).toBe(true);
      expect(readFileSync(absolute, 'utf8'), `${file} no longer imports ${imports}/: delete its entry in PENDING_EXCEPTIONS`).toMatch(
        new RegExp(`['"]\\.\\./${imports}(/|['"])`),
      );
    }
  });
});

describe('the sole-writer rule', () => {
  const conflicts = 'src/main/core/conflicts/example.ts';
  it.each([
    broken('wavelane/sole-writer', conflicts, "import { writeFile } from 'node:fs/promises';\nexport const w = writeFile;"),
    broken('wavelane/sole-writer', conflicts, "import { appendFileSync } from 'fs';\nexport const w = appendFileSync;"),
    broken('wavelane/sole-writer', conflicts, "import fs from 'node:fs';\nexport const w = () => fs.writeFileSync('x', 'y');"),
    broken('wavelane/sole-writer', conflicts, "import * as fs from 'node:fs';\nexport const w = () => fs.promises.rm('x');"),
    broken('wavelane/sole-writer', conflicts, "import { promises as fsp } from 'fs';\nexport const w = () => fsp.mkdir('x');"),
    broken('wavelane/sole-writer', conflicts, "export async function w() { const { rename } = await import('node:fs/promises'); return rename; }"),
    broken('wavelane/sole-writer', conflicts, "const fs = require('fs');\nexport const w = () => fs.unlinkSync('x');"),
    broken('wavelane/sole-writer', conflicts, "import fs from 'node:fs/promises';\nconst { copyFile } = fs;\nexport const w = copyFile;"),
    broken('wavelane/sole-writer', conflicts, "import { open } from 'node:fs/promises';\nexport const w = () => open('x', 'w');"),
    broken('wavelane/sole-writer', conflicts, "import { openSync } from 'node:fs';\nexport const w = (flags: string) => openSync('x', flags);"),
    broken('wavelane/sole-writer', conflicts, "import fs from 'node:fs';\nexport const w = () => fs.createWriteStream('x');"),
    broken('wavelane/sole-writer', conflicts, "import { cp, symlink, truncate } from 'node:fs/promises';\nexport const w = [cp, symlink, truncate];"),
    broken('wavelane/sole-writer', 'src/main/core/git/example.ts', "import { mkdir } from 'node:fs/promises';\nexport const w = mkdir;"),
    broken('wavelane/sole-writer', conflicts, "export { writeFile as save } from 'node:fs/promises';"),
    broken('wavelane/sole-writer', conflicts, "export * from 'node:fs';"),
    broken('wavelane/sole-writer', 'src/main/core/createCore.ts', "import { rmSync } from 'node:fs';\nexport const w = rmSync;"),
  ])('$file: $code is reported by $rule', async ({ rule, file, code }) => {
    expect(await reported(file, code)).toContain(rule);
  });

  it.each([
    [conflicts, "import { readFile, lstat, open } from 'node:fs/promises';\nimport { existsSync } from 'node:fs';\nexport const r = [readFile, lstat, existsSync, () => open('x'), () => open('x', 'r')];"],
    [conflicts, "import type { WriteStream } from 'node:fs';\nexport type W = WriteStream;"],
    ['src/main/core/storage/example.ts', "import { writeFile, rename } from 'node:fs/promises';\nexport const w = [writeFile, rename];"],
    ['src/main/core/locks/example.ts', "import { open, unlink } from 'node:fs/promises';\nexport const w = [() => open('x', 'wx'), unlink];"],
    ['src/main/core/conflicts/example.int.test.ts', "import { writeFile } from 'node:fs/promises';\nexport const w = writeFile;"],
    ['src/main/core/merge/testing/example.ts', "import { writeFile } from 'node:fs/promises';\nexport const w = writeFile;"],
    ['src/main/electron/example.ts', "import { writeFile } from 'node:fs/promises';\nexport const w = writeFile;"],
  ])('%s: a read, or a write by an allowed writer, passes', async (file, code) => {
    expect(await reported(file, code)).toEqual([]);
  });
});
