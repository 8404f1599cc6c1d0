import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

/** A CLI run that takes longer than this is stuck (the scripted server answers at once). */
export const CLI_TIMEOUT_MS = 120_000;

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A temp folder holding a fresh git repository (`repo/`) and a private HOME (`home/`); `dispose()` removes it. */
export function tempWorkspace(prefix: string): { root: string; repo: string; home: string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), `wavelane-agents-${prefix}-`));
  const repo = join(root, 'repo');
  const home = join(root, 'home');
  execFileSync('mkdir', ['-p', repo, home]);
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
  };
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'agents@wavelane.test');
  git('config', 'user.name', 'Wavelane agents test');
  execFileSync('sh', ['-c', 'echo "# test repo" > README.md'], { cwd: repo });
  git('add', '.');
  git('commit', '-qm', 'initial');
  return { root, repo, home, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs `executable args` in `cwd` with exactly `env` (plus PATH), stdin closed, and collects its output. */
export function runCli(executable: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
