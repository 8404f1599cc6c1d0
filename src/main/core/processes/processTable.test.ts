import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPidAlive } from './isPidAlive';
import { parseProcStat, parsePsOutput, procfsTable, psTable } from './processTable';
import { waitFor } from '../testing/waitFor';

describe('processTable', () => {
  it('parses /proc/<pid>/stat even when the command name holds spaces and parentheses', () => {
    const line = '4242 (evil) name (x)) S 17 4242 4242 34816 4242 4194304 0 0 0 0 0 0 0 0 20 0 1 0 987654 0 0';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 17, pgid: 4242, sid: 4242, state: 'S', startTime: 987654 });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('parses ps output', () => {
    expect(parsePsOutput('  1     0     1 Ss\n 200    1   200 R+\n\n')).toEqual([
      { pid: 1, ppid: 0, pgid: 1, sid: null, state: 'S', startTime: null },
      { pid: 200, ppid: 1, pgid: 200, sid: null, state: 'R', startTime: null },
    ]);
  });

  it('reads the real process table: /proc and ps agree about this process', async () => {
    const fromPs = (await psTable.list()).find((info) => info.pid === process.pid);
    expect(fromPs).toMatchObject({ pid: process.pid, ppid: process.ppid });
    if (!existsSync('/proc/self/stat')) {
      console.log('skipping the /proc half: no procfs on this platform');
      return;
    }
    const fromProc = (await procfsTable.list()).find((info) => info.pid === process.pid);
    expect(fromProc).toMatchObject({ pid: process.pid, ppid: process.ppid, pgid: fromPs?.pgid });
    expect(await procfsTable.hasEnv(process.pid, 'WAVELANE_NOT_SET', 'x')).toBe(false);
  });

  it('treats a zombie as dead, although kill(pid, 0) still succeeds on it', async () => {
    // `sleep 0 &` then `exec sleep 5`: the new sleep never reaps its inherited child, which stays a zombie.
    const parent = spawn('bash', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = await new Promise<number>((resolve) => parent.stdout.once('data', (data) => resolve(Number(String(data).trim()))));
      await waitFor(async () => !(isPidAlive(zombie)), 'the child to become a zombie');
      expect(() => process.kill(zombie, 0)).not.toThrow();
      expect(isPidAlive(parent.pid as number)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
