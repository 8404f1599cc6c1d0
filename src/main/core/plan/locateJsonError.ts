/**
 * Finds the first JSON syntax error in a text and says what it is in words a person editing the file
 * understands. Node's own messages differ between versions and often carry no position (`Unexpected
 * token ']'`), and a trailing comma is reported at the bracket after it; this scanner points at the
 * comma itself. It checks syntax only (RFC 8259, exactly what JSON.parse accepts) and is iterative, so
 * deeply nested input cannot overflow the stack.
 */
export interface JsonSyntaxError {
  /** Offset into the text, in UTF-16 code units. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters from the start of the line. */
  column: number;
  message: string;
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'afterValue';

export function locateJsonError(text: string): JsonSyntaxError | null {
  const fail = (offset: number, message: string): JsonSyntaxError => ({ ...lineAndColumn(text, offset), offset, message });
  const stack: ('{' | '[')[] = [];
  let expect: Expect = 'value';
  let lastComma = -1;
  let i = 0;
  for (;;) {
    while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) {
      if (expect === 'afterValue' && stack.length === 0) return null;
      if (text.trim() === '') return fail(i, 'the file is empty (a plan is a JSON object)');
      const top = stack.at(-1);
      return fail(i, top ? `unexpected end of file: a closing "${top === '{' ? '}' : ']'}" is missing` : 'unexpected end of file');
    }
    const c = text[i] as string;
    switch (expect) {
      case 'value':
      case 'valueOrClose': {
        if (c === ']' && expect === 'valueOrClose') {
          stack.pop();
          expect = 'afterValue';
          i++;
          continue;
        }
        // Only an array element is expected right after a comma; after a colon lastComma is -1.
        if ((c === ']' || c === '}') && expect === 'value' && lastComma >= 0) {
          return fail(lastComma, `trailing comma: JSON allows no comma before "${c}"`);
        }
        const scanned = scanValueStart(text, i);
        if (typeof scanned === 'object') return fail(scanned.offset, scanned.message);
        if (c === '{' || c === '[') {
          stack.push(c);
          expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
          i++;
        } else {
          i = scanned;
          expect = 'afterValue';
        }
        continue;
      }
      case 'key':
      case 'keyOrClose': {
        if (c === '}') {
          if (expect === 'key') return fail(lastComma, 'trailing comma: JSON allows no comma before "}"');
          stack.pop();
          expect = 'afterValue';
          i++;
          continue;
        }
        if (c !== '"') {
          return fail(i, c === "'" ? 'property names need double quotes, not single quotes' : /[A-Za-z_$]/.test(c) ? 'property names need double quotes' : `expected a property name in double quotes, found "${c}"`);
        }
        const end = scanString(text, i);
        if (typeof end === 'object') return fail(end.offset, end.message);
        i = end;
        expect = 'colon';
        continue;
      }
      case 'colon':
        if (c !== ':') return fail(i, `expected ":" after the property name, found "${c}"`);
        i++;
        lastComma = -1;
        expect = 'value';
        continue;
      case 'afterValue': {
        const top = stack.at(-1);
        if (!top) return fail(i, 'unexpected text after the end of the JSON value');
        const close = top === '{' ? '}' : ']';
        if (c === ',') {
          lastComma = i;
          expect = top === '{' ? 'key' : 'value';
          i++;
          continue;
        }
        if (c === close) {
          stack.pop();
          i++;
          continue;
        }
        if (c === '"' || c === '{' || c === '[' || /[-0-9tfn]/.test(c)) return fail(i, `missing comma before this ${top === '{' ? 'property' : 'element'}`);
        return fail(i, `expected "," or "${close}", found "${c}"`);
      }
    }
  }
}

/** Scans a scalar starting at `i` (strings, numbers, literals) and returns the offset after it; for `{`/`[` returns `i`. */
function scanValueStart(text: string, i: number): number | { offset: number; message: string } {
  const c = text[i] as string;
  if (c === '{' || c === '[') return i;
  if (c === '"') return scanString(text, i);
  if (c === '-' || (c >= '0' && c <= '9')) return scanNumber(text, i);
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, i)) return i + literal.length;
  }
  if (c === "'") return { offset: i, message: 'strings need double quotes, not single quotes' };
  if (/[A-Za-z_]/.test(c)) return { offset: i, message: 'unexpected word: strings need double quotes (true, false and null are lower case)' };
  return { offset: i, message: `unexpected "${c}" where a value was expected` };
}

function scanString(text: string, start: number): number | { offset: number; message: string } {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) {
      return {
        offset: i,
        message:
          code === 0x0a || code === 0x0d
            ? 'a line break inside a string (is a closing quote missing? a break in text is written \\n)'
            : 'a control character inside a string (write a tab as \\t)',
      };
    }
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: 'invalid \\u escape (needs four hex digits)' };
        i += 6;
        continue;
      }
      if (next === undefined || !'"\\/bfnrt'.includes(next)) {
        return { offset: i, message: `invalid escape "\\${next ?? ''}" in a string (a backslash is written \\\\)` };
      }
      i += 2;
      continue;
    }
    i++;
  }
  return { offset: start, message: 'unterminated string: the closing double quote is missing' };
}

function scanNumber(text: string, start: number): number | { offset: number; message: string } {
  const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(start, start + 400));
  if (!match) return { offset: start, message: 'invalid number' };
  const end = start + match[0].length;
  const after = text[end];
  if (match[1] === '0' && after !== undefined && after >= '0' && after <= '9') {
    return { offset: start, message: 'numbers cannot have leading zeros' };
  }
  if (after === '.' || after === 'e' || after === 'E') return { offset: start, message: 'invalid number' };
  return end;
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** 1-based line and column of an offset; `\r\n` counts as one line break. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
