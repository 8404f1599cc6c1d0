import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from './jsonDepth';
import { findJsonSyntaxError } from './jsonSyntaxError';
import { lineAndColumn } from './textPosition';

/** Every case must also be rejected by JSON.parse, or the scanner would be judging a different language. */
function locate(text: string) {
  expect(() => JSON.parse(text)).toThrow();
  return findJsonSyntaxError(text);
}

describe('findJsonSyntaxError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' 1 ', '"x"', 'null', '{"a":[1,-2.5e3,true,false,null,{"b":"\\u00e9\\n"}]}', '[[[[]]]]']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonSyntaxError(text)).toBeNull();
    }
  });

  it('points at a trailing comma itself, on its own line', () => {
    const text = '{\n  "version": 1,\n  "tasks": [\n    { "id": "a", "title": "A", "prompt": "p" },\n  ]\n}\n';
    const commaColumn = (text.split('\n')[3] as string).lastIndexOf(',') + 1;
    expect(commaColumn).toBe(47);
    expect(locate(text)).toMatchObject({ line: 4, column: commaColumn, message: expect.stringContaining('trailing comma') });
    expect(locate('{"a": 1,}')).toMatchObject({ line: 1, column: 8 });
  });

  it('names a missing comma, a missing colon and unquoted names', () => {
    expect(locate('{"a": 1\n "b": 2}')).toMatchObject({ line: 2, column: 2, message: 'missing comma before this property' });
    expect(locate('[1 2]')).toMatchObject({ column: 4, message: 'missing comma before this element' });
    expect(locate('{"a" 1}')).toMatchObject({ column: 6, message: expect.stringContaining('expected ":"') });
    expect(locate('{a: 1}')?.message).toBe('property names need double quotes');
    expect(locate("{'a': 1}")?.message).toContain('not single quotes');
  });

  it('names bad values', () => {
    expect(locate('{"a": tru}')?.message).toContain('unexpected word');
    expect(locate('{"a": 01}')?.message).toBe('numbers cannot have leading zeros');
    expect(locate('{"a": 1.}')?.message).toBe('invalid number');
    expect(locate('{"a": }')).toMatchObject({ column: 7, message: 'unexpected "}" where a value was expected' });
    expect(locate('{"a": "x\\q"}')?.message).toContain('invalid escape');
    expect(locate('{"a": "line\nbreak"}')).toMatchObject({ line: 1, column: 12, message: expect.stringContaining('line break') });
  });

  it('reports unterminated strings at their opening quote and missing closers at the end', () => {
    expect(locate('{\n"a": "open')).toMatchObject({ line: 2, column: 6, message: expect.stringContaining('closing double quote') });
    expect(locate('{\n"a": "open\n}')).toMatchObject({ line: 2, column: 11, message: expect.stringContaining('closing quote missing') });
    expect(locate('{"a": [1, 2]')).toMatchObject({ line: 1, column: 13, message: expect.stringContaining('closing "}" is missing') });
    expect(locate('')?.message).toContain('empty');
    expect(locate('{} {}')?.message).toContain('after the end');
  });

  it('refuses nesting deeper than any plan before the (recursive) parser sees it', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(199_999);
    expect(findJsonSyntaxError(deep)).toMatchObject({ line: 1, column: MAX_JSON_DEPTH + 1, message: expect.stringContaining(`nested deeper than ${MAX_JSON_DEPTH} levels`) });
    const shallow = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH - 1);
    expect(findJsonSyntaxError(shallow)?.message).toContain('closing "]" is missing');
  });

  it('refuses comments, invalid \\u escapes and raw control characters', () => {
    expect(locate('{"a": 1 // note\n}')).toMatchObject({ column: 9, message: 'comments are not allowed in JSON' });
    expect(locate('{"a": "\\u12"}')).toMatchObject({ column: 8, message: 'invalid \\u escape (needs four hex digits)' });
    expect(locate('{"a": "x\\\\\\q"}')).toMatchObject({ column: 11, message: expect.stringContaining('invalid escape "\\q"') });
    expect(locate('{"a": "tab\there"}')).toMatchObject({ column: 11, message: expect.stringContaining('control character') });
  });
});

describe('lineAndColumn', () => {
  it('counts lines and columns from 1, with CRLF as one break', () => {
    expect(lineAndColumn('ab\r\ncd', 4)).toEqual({ line: 2, column: 1 });
    expect(lineAndColumn('abc', 2)).toEqual({ line: 1, column: 3 });
  });
});
