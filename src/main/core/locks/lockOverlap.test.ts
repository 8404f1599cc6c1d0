import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../testing/mulberry32';
import { conflictingGlobs, globsOverlap, literalPrefix, lockSetsConflict, prefixesOverlap } from './lockOverlap';

describe('literalPrefix', () => {
  it.each([
    ['src/auth/**', 'src/auth'],
    ['src/*.ts', 'src'],
    ['README.md', 'README.md'],
    ['**/*.ts', ''],
    ['*.md', ''],
    ['{src,lib}/x.ts', ''],
    ['src/{a,b}/x.ts', 'src'],
    ['src/[ab]/x.ts', 'src'],
    ['src/@(a|b)/x.ts', 'src'],
    ['src/a?.ts', 'src'],
    ['./src/auth/**', 'src/auth'],
    ['src//auth/', 'src/auth'],
    ['src/', 'src'],
    ['!src/**', ''],
    ['src/\\*.ts', 'src'],
    ['/etc/passwd', ''],
    ['src/../lib/x.ts', 'src'],
  ])('%s -> %j', (glob, prefix) => {
    expect(literalPrefix(glob)).toBe(prefix);
  });
});

describe('prefixesOverlap', () => {
  it('overlaps equal prefixes and ancestors, in both directions', () => {
    expect(prefixesOverlap('src', 'src')).toBe(true);
    expect(prefixesOverlap('src', 'src/auth/new-file.ts')).toBe(true);
    expect(prefixesOverlap('src/auth/new-file.ts', 'src')).toBe(true);
  });

  it('does not confuse a sibling whose name starts the same with a child', () => {
    expect(prefixesOverlap('src/auth', 'src/authz/x.ts')).toBe(false);
    expect(prefixesOverlap('src/a.ts', 'src/a.tsx')).toBe(false);
  });

  it('treats the empty prefix as the root, which contains everything', () => {
    expect(prefixesOverlap('', 'docs/x.md')).toBe(true);
    expect(prefixesOverlap('docs', '')).toBe(true);
  });
});

describe('globsOverlap', () => {
  it('overlaps a directory glob with a file under it that does not exist yet', () => {
    expect(globsOverlap('src/**', 'src/auth/new-file.ts')).toBe(true);
  });

  it('keeps disjoint directories apart', () => {
    expect(globsOverlap('src/auth/**', 'src/billing/**')).toBe(false);
    expect(globsOverlap('docs/*.md', 'src/**')).toBe(false);
    expect(globsOverlap('src/a.ts', 'src/b.ts')).toBe(false);
  });

  it('overlaps a glob without a literal prefix with everything (conservative)', () => {
    expect(globsOverlap('**/*.ts', 'docs/guide.md')).toBe(true);
    expect(globsOverlap('README.md', '*.json')).toBe(true);
  });
});

describe('conflicts between lock sets', () => {
  const writer = (...files: string[]) => ({ exclusive: files, shared: [] });
  const reader = (...reads: string[]) => ({ exclusive: [], shared: reads });

  it('never conflicts reads with reads', () => {
    expect(lockSetsConflict(reader('src/**'), reader('src/**', '**/*.ts'))).toBe(false);
  });

  it('conflicts reads with files, both ways', () => {
    expect(lockSetsConflict(reader('src/**'), writer('src/auth/login.ts'))).toBe(true);
    expect(lockSetsConflict(writer('src/auth/login.ts'), reader('src/**'))).toBe(true);
  });

  it('reports the held globs that are in the way, once each', () => {
    const held = { exclusive: ['src/auth/**', 'docs/**'], shared: ['lib/**', 'src/**'] };
    expect(conflictingGlobs(held, writer('src/auth/login.ts', 'src/auth/x.ts'))).toEqual(['src/auth/**', 'src/**']);
    expect(conflictingGlobs(held, reader('src/auth/login.ts'))).toEqual(['src/auth/**']);
    expect(conflictingGlobs(held, writer('test/**'))).toEqual([]);
  });

  it('holds nothing for a task without globs', () => {
    expect(lockSetsConflict({ exclusive: [], shared: [] }, writer('**'))).toBe(false);
  });
});

/**
 * The reason overlap needs no tracked-file matching: every path a glob matches lies at or under its
 * literal prefix. Checked with picomatch itself on random globs and paths built from the same pieces.
 */
describe('a glob only matches paths under its literal prefix', () => {
  const names = ['src', 'lib', 'a', 'a.ts', 'b.md', 'x+y', 'p@q', 'c.d.ts', 'auth'];
  const patterns = ['*', '**', '*.ts', 'a?.ts', '{a,lib}', '[ab].md', '@(src|lib)', '+(a)', '!(a)', 'a.*'];

  it('holds for 20,000 random glob/path pairs', () => {
    const random = mulberry32(42);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    let matches = 0;
    for (let n = 0; n < 20_000; n++) {
      const glob = Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.6 ? pick(names) : pick(patterns))).join('/');
      const file = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(names)).join('/');
      if (!picomatch.isMatch(file, glob)) continue;
      matches++;
      const prefix = literalPrefix(glob);
      expect(prefix === '' || file === prefix || file.startsWith(prefix + '/'), `${glob} matched ${file} outside ${prefix}`).toBe(true);
    }
    // The property must be exercised, not vacuously true.
    expect(matches).toBeGreaterThan(500);
  });
});
