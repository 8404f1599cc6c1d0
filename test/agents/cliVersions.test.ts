import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentDetector } from '../../src/main/core/agents/agentDetector';
import { adapterFor } from '../../src/main/core/agents/adapters';
import { EMPTY_AGENT_SETTINGS } from '../../src/shared/agents/agentSettings';
import { pinnedCli } from './harness/pinnedCli';
import { tempWorkspace } from './harness/runCli';

/**
 * `agents.detect` with the real pinned CLIs on PATH: each one's `--version` output parses to the pinned
 * version, which is the version its adapter was recorded against, so no warning is given.
 */
const pins = Object.keys(JSON.parse(readFileSync(join(import.meta.dirname, 'versions.json'), 'utf8')) as Record<string, unknown>);

describe('agents.detect reads the real CLIs\' versions', () => {
  const ws = tempWorkspace('versions');
  afterAll(() => ws.dispose());

  it('finds every pinned CLI, parses its --version, and warns about none', async () => {
    const clis = pins.map(pinnedCli);
    for (const cli of clis) if (!existsSync(cli.executable)) throw new Error(`${cli.executable} is missing: run node test/agents/installClis.mjs`);
    const detector = new AgentDetector({
      env: () => ({ PATH: [...clis.map((cli) => cli.binDir), process.env.PATH ?? '/usr/bin:/bin'].join(':'), HOME: ws.home }),
      cwd: ws.repo,
    });
    const found = await detector.detect(EMPTY_AGENT_SETTINGS);
    for (const cli of clis) {
      const entry = found.find((candidate) => candidate.id === cli.id);
      expect(entry, cli.id).toMatchObject({ available: true, path: cli.executable, version: cli.version });
      expect(entry?.warning, cli.id).toBeUndefined();
      expect(adapterFor(cli.id)?.recordedVersion, cli.id).toBe(cli.version);
    }
  });
});
