import { describe, expect, it } from 'vitest';
import { compareVersions, parseCliVersion } from './cliVersion';

describe('parseCliVersion', () => {
  it('finds the semver in what each CLI prints', () => {
    expect(parseCliVersion('2.1.332 (Claude Code)\n')).toBe('2.1.332');
    expect(parseCliVersion('codex-cli 0.171.0')).toBe('0.171.0');
    expect(parseCliVersion('0.61.0')).toBe('0.61.0');
    expect(parseCliVersion('aider 0.86.2.dev+less')).toBe('0.86.2');
    expect(parseCliVersion('tool 1.2.3-beta.1 built')).toBe('1.2.3-beta.1');
    expect(parseCliVersion('no version here')).toBeNull();
  });
});

describe('compareVersions', () => {
  it('orders by major, minor, patch, numerically', () => {
    expect(compareVersions('2.0.1', '2.1.332')).toBeLessThan(0);
    expect(compareVersions('2.1.332', '2.1.40')).toBeGreaterThan(0);
    expect(compareVersions('0.24.4', '0.24.4')).toBe(0);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBeLessThan(0);
  });
});
