#!/usr/bin/env node
/**
 * Installs the pinned agent CLIs (test/agents/versions.json) from the npm registry into a cache folder
 * OUTSIDE the repository, one folder per `<id>@<version>`, skipping any already installed. The cache is
 * `$WAVELANE_AGENT_CACHE` or `~/.cache/wavelane/agent-clis`. Prints where each one is.
 *
 *   node test/agents/installClis.mjs            # all of them
 *   node test/agents/installClis.mjs codex      # just these ids
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Written last, so a folder without it is a half-finished install and is redone. */
const DONE_MARKER = '.wavelane-installed';

/** @returns {Record<string, {package: string, version: string, bin: string}>} */
export function pinnedClis() {
  return JSON.parse(readFileSync(join(here, 'versions.json'), 'utf8'));
}

export function agentCacheRoot() {
  return process.env.WAVELANE_AGENT_CACHE || join(homedir(), '.cache', 'wavelane', 'agent-clis');
}

/** Where `<id>` is (or would be) installed, and its executable. */
export function cliLocation(id) {
  const pin = pinnedClis()[id];
  if (!pin) throw new Error(`unknown agent CLI "${id}"; versions.json has: ${Object.keys(pinnedClis()).join(', ')}`);
  const dir = join(agentCacheRoot(), `${id}@${pin.version}`);
  return { id, ...pin, dir, binDir: join(dir, 'node_modules', '.bin'), executable: join(dir, 'node_modules', '.bin', pin.bin) };
}

export function isInstalled(id) {
  const where = cliLocation(id);
  return existsSync(join(where.dir, DONE_MARKER)) && existsSync(where.executable);
}

/** Installs each id not yet installed; returns their locations. Throws when npm fails (a CI error). */
export function installClis(ids = Object.keys(pinnedClis()), log = console.log) {
  const locations = [];
  for (const id of ids) {
    const where = cliLocation(id);
    if (isInstalled(id)) {
      log(`agent CLI ${id}@${where.version}: already installed at ${where.dir}`);
      locations.push(where);
      continue;
    }
    log(`agent CLI ${id}@${where.version}: installing ${where.package}@${where.version} into ${where.dir} ...`);
    rmSync(where.dir, { recursive: true, force: true });
    mkdirSync(where.dir, { recursive: true });
    // A private package.json so npm installs here and never walks up into a project.
    writeFileSync(join(where.dir, 'package.json'), JSON.stringify({ name: `wavelane-agent-${id}`, private: true }) + '\n');
    const started = Date.now();
    const result = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--no-update-notifier', '--save-exact', `${where.package}@${where.version}`],
      { cwd: where.dir, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, npm_config_update_notifier: 'false' } },
    );
    if (result.status !== 0 || !existsSync(where.executable)) {
      throw new Error(`installing ${where.package}@${where.version} failed (npm exit ${result.status}); see npm's output above`);
    }
    writeFileSync(join(where.dir, DONE_MARKER), `${new Date().toISOString()}\n`);
    log(`agent CLI ${id}@${where.version}: installed in ${Math.round((Date.now() - started) / 1000)}s at ${where.executable}`);
    locations.push(where);
  }
  return locations;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const ids = process.argv.slice(2);
    installClis(ids.length > 0 ? ids : undefined);
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    process.exit(1);
  }
}
