import { describe, expect, it } from 'vitest';
import { compareRunIds, isRunId, newRunId, parseRunId } from './runId';

describe('runId', () => {
  it('encodes the UTC start time and a random suffix', () => {
    const id = newRunId(new Date('2026-11-22T18:50:12.345Z'), () => Buffer.from([0xab, 0x12]));
    expect(id).toBe('20261122-185012-ab12');
    const parsed = parseRunId(id);
    expect(parsed.ok && parsed.value.startedAt.toISOString()).toBe('2026-11-22T18:50:12.000Z');
  });

  it('sorts in start order as plain strings', () => {
    const times = ['2025-12-31T23:59:59Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', '2026-10-02T09:00:00Z', '2027-01-01T00:00:00Z'];
    const ids = times.map((time) => newRunId(new Date(time)));
    const shuffled = [ids[3], ids[0], ids[4], ids[2], ids[1]] as string[];
    expect([...shuffled].sort()).toEqual(ids);
    expect([...shuffled].sort(compareRunIds)).toEqual(ids);
    expect(ids.every(isRunId)).toBe(true);
  });

  it('gives different ids to runs started in the same second', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const ids = new Set(Array.from({ length: 20 }, () => newRunId(now)));
    expect(ids.size).toBeGreaterThan(1);
  });

  it('rejects what is not a run id, naming the value', () => {
    for (const bad of ['', 'latest', '20261122-185012', '20261122-185012-AB12', '20261122-185012-ab123', '../20261122-185012-ab12', '20261122-185012-ab12\n']) {
      const parsed = parseRunId(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.code).toBe('INVALID_RUN_ID');
        expect(parsed.error.message).toContain(JSON.stringify(bad).slice(1, -1).slice(0, 8));
      }
    }
  });

  it('rejects dates and times that do not exist', () => {
    expect(isRunId('20260231-120000-ab12')).toBe(false);
    expect(isRunId('20261301-120000-ab12')).toBe(false);
    expect(isRunId('20260101-246000-ab12')).toBe(false);
    expect(isRunId('20260101-125960-ab12')).toBe(false);
    expect(isRunId('20240229-120000-ab12')).toBe(true);
    expect(isRunId('20250229-120000-ab12')).toBe(false);
  });
});
