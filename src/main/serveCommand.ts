import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from './core/createCore';
import { defaultDataDir } from './core/storage/dataDir';
import { startWebHost } from './web/webHost';
import { UsageError } from './cli/UsageError';

/** A fixed default so a bookmarked URL (minus its token) keeps working between starts. */
const DEFAULT_PORT = 4785;

export function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(value)}`);
  }
  return Number(value);
}

export async function serveCommand(args: string[], version: string): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { repo: { type: 'string' }, port: { type: 'string' }, 'worktree-root': { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const port = parsePort(values.port);
  const worktreeRoot = values['worktree-root'] ? path.resolve(values['worktree-root']) : undefined;
  const core = createCore({ host: 'web', version, dataDir: defaultDataDir(), ...(worktreeRoot ? { worktreeRoot } : {}) });
  const repo = values.repo ?? process.cwd();
  const opened = await core.request('project.open', { path: repo });
  if (!opened.ok && values.repo !== undefined) {
    await core.dispose();
    throw new UsageError(`--repo: ${opened.error.message}`);
  }
  const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
  const host = await startWebHost({ core, rendererDir, port });
  const project = core.currentProject();
  process.stdout.write(
    `Wavelane ${version} is serving ${project ? project.path : '(no repository yet)'}\n${host.url}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  await core.dispose();
  return 0;
}
