import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the pinned CLIs live (the same rule as installClis.mjs, which installs them before the suite
 * runs; the tests run inside a network namespace and never install anything themselves).
 */
export interface PinnedCli {
  id: string;
  package: string;
  version: string;
  bin: string;
  executable: string;
  binDir: string;
}

const versionsFile = join(import.meta.dirname, '..', 'versions.json');

export function pinnedCli(id: string): PinnedCli {
  const pins = JSON.parse(readFileSync(versionsFile, 'utf8')) as Record<string, { package: string; version: string; bin: string }>;
  const pin = pins[id];
  if (!pin) throw new Error(`versions.json has no agent CLI "${id}"`);
  const root = process.env.WAVELANE_AGENT_CACHE || join(homedir(), '.cache', 'wavelane', 'agent-clis');
  const binDir = join(root, `${id}@${pin.version}`, 'node_modules', '.bin');
  return { id, ...pin, binDir, executable: join(binDir, pin.bin) };
}

export function isCliInstalled(cli: PinnedCli): boolean {
  return existsSync(cli.executable);
}
