import { describe, expect, it } from 'vitest';
import { MAX_ID_LENGTH } from '../limits';
import { idProblem, isValidId } from './planId';

describe('idProblem', () => {
  it('accepts letters, digits, ".", "_" and "-" up to the limit', () => {
    for (const id of ['a', 'login-api', 'ADR-001', 'v1.2_b', 'x'.repeat(MAX_ID_LENGTH)]) expect(idProblem(id), id).toBeNull();
  });

  it('names the id and what is wrong with it', () => {
    expect(idProblem('')).toBe('is empty; an id is needed');
    expect(idProblem('bad id')).toBe('"bad id" contains " "; ids use only letters, digits, ".", "_" and "-"');
    expect(idProblem('-a')).toBe('"-a" must start with a letter or a digit');
    expect(idProblem('x'.repeat(MAX_ID_LENGTH + 1))).toContain(`is ${MAX_ID_LENGTH + 1} characters long`);
  });

  it('refuses ids git cannot use in a branch name, saying why', () => {
    expect(idProblem('a..b')).toBe('"a..b" contains "..", so it cannot name a git branch (wavelane/<id>)');
    expect(idProblem('x.lock')).toBe('"x.lock" ends with ".lock", so it cannot name a git branch (wavelane/<id>)');
    expect(idProblem('e.')).toBe('"e." ends with ".", so it cannot name a git branch (wavelane/<id>)');
    expect(isValidId('a.lock')).toBe(false);
    expect(isValidId('a.lock.b')).toBe(true);
  });
});
