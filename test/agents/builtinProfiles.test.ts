import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '../../src/main/core/agents/builtinProfiles';
import { expandProfile } from '../../src/main/core/agents/expandProfile';
import { userText } from './harness/agentRun';
import { claudeCodeEnv, codexEnv } from './harness/cliEnv';
import { pinnedCli } from './harness/pinnedCli';
import { runCli, tempWorkspace } from './harness/runCli';
import { startModelServer, type ModelServer } from './modelServer/server';

/**
 * The built-in profiles as a plan uses them (not the adapters' argv), run by the real CLIs: a prompt
 * that starts with one of the CLI's own options must reach the model as text (issue 13, finding 5).
 * Each entry: the profile id, the pinned CLI it runs, and that CLI's environment for the scripted server.
 */
const CASES: { profile: string; cli: string; option: string; env: (home: string, url: string) => Record<string, string> }[] = [
  { profile: 'claude-code', cli: 'claude-code', option: '--version', env: claudeCodeEnv },
  { profile: 'codex', cli: 'codex', option: '--version', env: codexEnv },
];

describe('built-in profiles with the real CLIs: a prompt starting with "-" is text, never an option', () => {
  let server: ModelServer;
  beforeAll(async () => {
    server = await startModelServer({
      conversations: CASES.map((c) => ({ marker: `TASK-bp-${c.profile}`, turns: [{ kind: 'text', text: `answered ${c.profile}`, usage: { input: 10, output: 2 } }] })),
    });
  });
  afterAll(() => server.close());

  for (const c of CASES) {
    it(`${c.profile}: "${c.option} ..." reaches the model`, async () => {
      const cli = pinnedCli(c.cli);
      if (!existsSync(cli.executable)) throw new Error(`${cli.executable} is missing: run node test/agents/installClis.mjs`);
      const profile = BUILTIN_PROFILES.find((p) => p.id === c.profile);
      if (!profile) throw new Error(`no built-in profile ${c.profile}`);
      const prompt = `${c.option} TASK-bp-${c.profile}: this whole line is the prompt`;
      const expanded = expandProfile(profile, { prompt, promptFile: '/nonexistent', taskId: 't', title: 'T' });
      if (!expanded.ok) throw new Error(expanded.error.message);
      const ws = tempWorkspace(`bp-${c.profile}`);
      try {
        const run = await runCli(cli.executable, expanded.value.args, ws.repo, c.env(ws.home, server.url));
        expect(run.code, run.stderr).toBe(0);
        // Read as an option, `--version` would print the version and never call the model.
        const requests = server.requestsFor(`TASK-bp-${c.profile}`);
        expect(requests.length).toBeGreaterThan(0);
        expect(userText(requests[0])).toContain(prompt);
        expect(run.stdout).toContain(`answered ${c.profile}`);
      } finally {
        ws.dispose();
      }
    });
  }
});
