#!/usr/bin/env node
/**
 * `npm run test:agents`: installs the pinned agent CLIs (test/agents/versions.json) into the cache
 * outside the repository, then runs the real-CLI suite (vitest.agents.config.ts). As root the suite runs
 * inside a new network namespace with only loopback up (`unshare -n`), so no CLI can reach anything but
 * the scripted model server on 127.0.0.1; elsewhere it says why not and runs without one (every CLI is
 * still pointed at 127.0.0.1 with dummy keys and its telemetry and update checks off).
 *
 *   npm run test:agents                         # everything
 *   npm run test:agents -- test/agents/codex    # vitest filters pass through
 *   WAVELANE_RECORD_FIXTURES=1 npm run test:agents   # re-record the adapters' fixtures
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installClis } from './installClis.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vitest = join(repo, 'node_modules', 'vitest', 'vitest.mjs');
const vitestArgs = [vitest, 'run', '--config', 'vitest.agents.config.ts', ...process.argv.slice(2)];

const started = Date.now();
try {
  installClis();
} catch (error) {
  console.error(`test:agents: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
console.log(`test:agents: CLIs ready in ${Math.round((Date.now() - started) / 1000)}s`);

/** Why the suite cannot run inside a loopback-only namespace here, or undefined when it can. */
function whyNoNamespace() {
  if (process.platform !== 'linux') return `${process.platform} has no network namespaces`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not running as root (unshare -n needs it)';
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { encoding: 'utf8' });
  if (probe.error) return `unshare is not available (${probe.error.message})`;
  if (probe.status !== 0) return `unshare -n with loopback up is not permitted here: ${(probe.stderr || '').trim() || `exit ${probe.status}`}`;
  return undefined;
}

const reason = whyNoNamespace();
let result;
if (reason === undefined) {
  console.log('test:agents: running inside a network namespace with only loopback (unshare -n): nothing leaves this machine');
  result = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, ...vitestArgs], {
    cwd: repo,
    stdio: 'inherit',
  });
} else {
  console.log(`test:agents: NOT isolated from the network: ${reason}. The CLIs still talk only to 127.0.0.1 (dummy keys, telemetry and update checks off).`);
  result = spawnSync(process.execPath, vitestArgs, { cwd: repo, stdio: 'inherit' });
}
console.log(`test:agents: took ${Math.round((Date.now() - started) / 1000)}s`);
process.exit(result.status ?? 1);
