import { describe, expect, it } from 'vitest';
import { conflictFile } from './conflictFixtures';
import { deleteModifyText, deletedSide, editorMode, fileKindLabel, keepOptions } from './fileKindLabel';

describe('fileKindLabel', () => {
  it('names each kind in the words of the file list', () => {
    expect(fileKindLabel({ kind: 'text', binary: false })).toBe('text');
    expect(fileKindLabel({ kind: 'binary', binary: true })).toBe('binary');
    expect(fileKindLabel({ kind: 'modify-delete', binary: false })).toBe('delete vs modify');
    expect(fileKindLabel({ kind: 'rename', binary: false })).toBe('rename');
    expect(fileKindLabel({ kind: 'add-add', binary: false })).toBe('add/add');
    expect(fileKindLabel({ kind: 'other', binary: false })).toBe('other');
  });

  it('says "binary" for a text-kind file git found binary, and adds it to other kinds', () => {
    expect(fileKindLabel({ kind: 'text', binary: true })).toBe('binary');
    expect(fileKindLabel({ kind: 'add-add', binary: true })).toBe('add/add, binary');
  });
});

describe('editorMode', () => {
  it('edits merged text three-way, including add/add and renames with a merged result', () => {
    expect(editorMode(conflictFile('a.txt'))).toBe('three-way');
    expect(editorMode(conflictFile('a.txt', { kind: 'add-add', base: null }))).toBe('three-way');
    expect(editorMode(conflictFile('b.txt', { kind: 'rename', renamedFrom: 'a.txt' }))).toBe('three-way');
  });

  it('chooses binary files and files without merged text whole', () => {
    const binary = conflictFile('logo.png', { kind: 'binary', binary: true, base: null, ours: null, theirs: null, result: null });
    expect(editorMode(binary)).toBe('choose-whole');
    expect(editorMode(conflictFile('b.txt', { kind: 'rename', result: null }))).toBe('choose-whole');
  });

  it('offers keep or delete for delete versus modify', () => {
    expect(editorMode(conflictFile('a.txt', { kind: 'modify-delete', ours: null, result: null }))).toBe('keep-or-delete');
  });
});

describe('delete versus modify', () => {
  const deletedOnTarget = conflictFile('a.txt', { kind: 'modify-delete', ours: null, result: null });
  const deletedOnTask = conflictFile('a.txt', { kind: 'modify-delete', theirs: null, result: null });
  const binary = conflictFile('a.bin', { kind: 'modify-delete', binary: true, base: null, ours: null, theirs: null, result: null });

  it('knows which side deleted the file from the missing version', () => {
    expect(deletedSide(deletedOnTarget)).toBe('ours');
    expect(deletedSide(deletedOnTask)).toBe('theirs');
    expect(deletedSide(binary)).toBeNull();
  });

  it('offers to keep the modified side or delete, and every option when the side is unknown', () => {
    expect(keepOptions(deletedOnTarget).map((option) => option.label)).toEqual(['Keep theirs', 'Delete file']);
    expect(keepOptions(deletedOnTask).map((option) => option.label)).toEqual(['Keep ours', 'Delete file']);
    expect(keepOptions(binary).map((option) => option.resolution)).toEqual(['ours', 'theirs', 'delete']);
  });

  it('says which side deleted it, naming the branches', () => {
    expect(deleteModifyText(deletedOnTarget, 'main', 'wavelane/t1')).toBe('Deleted on main (ours) and modified on wavelane/t1 (theirs).');
    expect(deleteModifyText(deletedOnTask, 'main', 'wavelane/t1')).toBe('Modified on main (ours) and deleted on wavelane/t1 (theirs).');
    expect(deleteModifyText(binary, 'main', 'wavelane/t1')).toContain('Deleted on one side');
  });
});
