import picomatch from 'picomatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from '../testing/tempRepo';
import { globsOverlap } from './lockOverlap';

/**
 * The spec's first overlap rule, "some tracked file matches both globs", checked against the files of a
 * real repository (`git ls-files`) with picomatch: every pair that shares a tracked file must overlap.
 */
describe('overlap of globs over the tracked files of a real repository', () => {
  let repo: TempRepo;
  let tracked: string[];

  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (const file of [
      'README.md',
      'package.json',
      'docs/guide.md',
      'docs/api/auth.md',
      'src/index.ts',
      'src/auth/login.ts',
      'src/auth/login.test.ts',
      'src/auth/session.ts',
      'src/billing/invoice.ts',
      'src/billing/tax.ts',
      'lib/util.ts',
      'lib/vendor/a.js',
      'test/e2e/login.spec.ts',
    ]) {
      files[file] = `// ${file}\n`;
    }
    repo = await createTempRepo({ files });
    tracked = (await repo.git('ls-files')).split('\n').filter(Boolean);
  });

  afterAll(async () => {
    await repo?.cleanup();
  });

  const globs = [
    'src/**',
    'src/*.ts',
    'src/auth/**',
    'src/auth/login.ts',
    'src/auth/*.test.ts',
    'src/billing/**',
    'src/{auth,billing}/*.ts',
    'docs/**',
    'docs/*.md',
    '*.md',
    '**/*.md',
    '**/login*',
    'lib/**',
    'lib/vendor/*.js',
    'test/**',
    'package.json',
    'README.md',
  ];

  it('finds every pair that shares a tracked file overlapping', () => {
    expect(tracked).toHaveLength(13);
    const matchers = new Map(globs.map((glob) => [glob, picomatch(glob)]));
    let sharing = 0;
    for (const a of globs) {
      for (const b of globs) {
        const shared = tracked.find((file) => matchers.get(a)?.(file) && matchers.get(b)?.(file));
        if (shared === undefined) continue;
        sharing++;
        expect(globsOverlap(a, b), `${a} and ${b} both match ${shared}`).toBe(true);
      }
    }
    expect(sharing).toBeGreaterThan(globs.length);
  });

  it('keeps globs apart that share no tracked file and whose prefixes are disjoint', () => {
    expect(globsOverlap('src/auth/**', 'src/billing/**')).toBe(false);
    expect(globsOverlap('docs/*.md', 'lib/vendor/*.js')).toBe(false);
    expect(globsOverlap('src/auth/login.ts', 'src/auth/session.ts')).toBe(false);
  });

  it('overlaps by prefix where no tracked file exists yet', () => {
    expect(tracked).not.toContain('src/auth/new-file.ts');
    expect(globsOverlap('src/**', 'src/auth/new-file.ts')).toBe(true);
    expect(globsOverlap('src/auth/**', 'src/auth/oauth/**')).toBe(true);
  });
});
