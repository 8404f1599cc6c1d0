import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

export interface ServedHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..');
/** The URL line is the CLI's contract with tests: http://127.0.0.1:PORT/?token=TOKEN */
const URL_PATTERN = /(http:\/\/127\.0\.0\.1:(\d+))\/\?token=(\S+)/;

/** Starts the built `wavelane serve` as a user would (bin/wavelane.js) and waits for its URL. */
export function serveRepo(repo: string | null, extraArgs: string[] = []): Promise<ServedHost> {
  const args = [path.join(ROOT, 'bin', 'wavelane.js'), 'serve', '--port', '0', ...(repo ? ['--repo', repo] : []), ...extraArgs];
  const child = spawn(process.execPath, args, { cwd: repo ?? os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = URL_PATTERN.exec(out);
      if (match) {
        resolve({
          url: match[0],
          origin: match[1]!,
          port: Number(match[2]),
          token: match[3]!,
          process: child,
          output: () => out,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`wavelane serve exited with ${code}:\n${out}`)));
  });
}
