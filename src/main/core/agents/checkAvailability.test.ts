import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAvailability, findExecutable } from './checkAvailability';
import { SessionFixture } from './testing/sessionFixture';

describe('findExecutable / checkAvailability (real files)', () => {
  const fixture = new SessionFixture();
  afterEach(() => fixture.cleanup());

  async function layout() {
    const dir = await fixture.tempDir();
    const first = path.join(dir, 'first');
    const second = path.join(dir, 'second');
    await mkdir(first);
    await mkdir(second);
    const executable = async (file: string) => {
      await writeFile(file, '#!/bin/sh\n');
      await chmod(file, 0o755);
    };
    await writeFile(path.join(first, 'agent'), 'not executable');
    await executable(path.join(second, 'agent'));
    await mkdir(path.join(first, 'tool'));
    await executable(path.join(second, 'tool'));
    await mkdir(path.join(dir, 'scripts'));
    await executable(path.join(dir, 'scripts', 'run.sh'));
    await executable(path.join(dir, 'local-agent'));
    return { dir, searchPath: [first, second].join(path.delimiter) };
  }

  it('skips non-executable files and directories on PATH, in PATH order', async () => {
    const { dir, searchPath } = await layout();
    expect(await findExecutable('agent', searchPath, dir)).toBe(path.join(dir, 'second', 'agent'));
    expect(await findExecutable('tool', searchPath, dir)).toBe(path.join(dir, 'second', 'tool'));
    expect(await findExecutable('missing', searchPath, dir)).toBeNull();
    expect(await findExecutable('agent', undefined, dir)).toBeNull();
    expect(await findExecutable('', searchPath, dir)).toBeNull();
  });

  it('checks paths with a slash directly, relative ones against the working directory; an empty PATH entry is cwd', async () => {
    const { dir, searchPath } = await layout();
    expect(await findExecutable('./scripts/run.sh', searchPath, dir)).toBe(path.join(dir, 'scripts', 'run.sh'));
    expect(await findExecutable(path.join(dir, 'scripts', 'run.sh'), '', '/')).toBe(path.join(dir, 'scripts', 'run.sh'));
    expect(await findExecutable('scripts/missing.sh', searchPath, dir)).toBeNull();
    expect(await findExecutable('local-agent', searchPath, dir)).toBeNull();
    expect(await findExecutable('local-agent', `${searchPath}${path.delimiter}`, dir)).toBe(path.join(dir, 'local-agent'));
  });

  it('reports a missing command by name, and finds bash for the shell profile on the real PATH', async () => {
    const { dir, searchPath } = await layout();
    const report = await checkAvailability(
      [
        { id: 'ok', command: 'agent' },
        { id: 'missing', command: 'no-such-agent-cli' },
        { id: 'relative', command: './nope.sh' },
      ],
      searchPath,
      dir,
    );
    expect(report[0]).toMatchObject({ id: 'ok', available: true });
    expect(report[1]).toMatchObject({ id: 'missing', command: 'no-such-agent-cli', available: false });
    expect(report[1]?.reason).toContain('"no-such-agent-cli"');
    expect(report[2]?.reason).toContain(path.join(dir, 'nope.sh'));
    const [shell] = await checkAvailability([{ id: 'shell', command: 'bash' }], process.env.PATH, dir);
    expect(shell).toMatchObject({ id: 'shell', available: true, path: expect.stringMatching(/\/bash$/) });
  });
});
