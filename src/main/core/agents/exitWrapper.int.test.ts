import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { exitMarker, RELEASE_SIGNAL, wrapCommand } from './exitWrapper';

/** Runs `file args` under the wrapper (no pty needed) and releases it when its marker appears. */
async function runWrapped(file: string, args: string[], options: { earlyRelease?: boolean } = {}) {
  const token = 'test-token';
  const wrapped = wrapCommand(file, args, token);
  const child = spawn(wrapped.file, wrapped.args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = Buffer.alloc(0);
  let markerAt: number | null = null;
  if (options.earlyRelease) {
    await delay(200);
    child.kill(RELEASE_SIGNAL);
  }
  child.stdout.on('data', (chunk: Buffer) => {
    output = Buffer.concat([output, chunk]);
    if (markerAt === null && output.includes(exitMarker(token))) {
      markerAt = Date.now();
      child.kill(RELEASE_SIGNAL);
    }
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  );
  return { code, signal, output: output.toString('utf8'), releasedAfterMs: markerAt === null ? null : Date.now() - markerAt };
}

describe('exitWrapper (real sh)', () => {
  it('prints the marker after the agent output, then exits with the agent status once released', async () => {
    const result = await runWrapped('/bin/sh', ['-c', 'printf "agent output"; exit 7']);
    expect(result.code).toBe(7);
    expect(result.output.startsWith('agent output')).toBe(true);
    expect(result.output.endsWith(exitMarker('test-token').toString('utf8'))).toBe(true);
    // Released promptly, not after the wrapper's 1 s re-check.
    expect(result.releasedAfterMs).toBeLessThan(900);
  });

  it('waits for the release: the wrapper outlives the agent until told', async () => {
    const token = 'hold';
    const wrapped = wrapCommand('/bin/true', [], token);
    const child = spawn(wrapped.file, wrapped.args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
    await delay(1_500);
    expect(child.exitCode).toBeNull();
    child.kill(RELEASE_SIGNAL);
    expect(await exited).toBe(0);
  });

  it('dies of the signal that killed the agent', async () => {
    const result = await runWrapped('/bin/sh', ['-c', 'kill -TERM $$']);
    expect(result).toMatchObject({ code: null, signal: 'SIGTERM' });
  });

  it('survives a release that arrives while the agent still runs, and still reports the agent status', async () => {
    const result = await runWrapped('/bin/sh', ['-c', 'sleep 0.5; exit 4'], { earlyRelease: true });
    expect(result.code).toBe(4);
  });
});
