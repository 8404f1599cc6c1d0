import { createScanner, parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { MAX_JSON_DEPTH, tooDeepAt } from './jsonDepth';
import { lineAndColumn } from './textPosition';

/**
 * The first JSON syntax error in a text, in words a person editing the file understands. jsonc-parser
 * finds it (strict JSON: no comments, no trailing commas); this module only words it and points at the
 * right character: a trailing comma is reported at the comma itself (the parser reports the bracket after
 * it), a number with a leading zero at the number, a line break inside a string at the break.
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

const STRICT_JSON = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const at = (offset: number, message: string): JsonSyntaxError => ({ ...lineAndColumn(text, offset), offset, message });
  if (text.trim() === '') return at(text.length, 'the file is empty (a plan is a JSON object)');
  const deep = tooDeepAt(text);
  if (deep !== null) return at(deep, `nested deeper than ${MAX_JSON_DEPTH} levels (a plan nests only a few)`);
  const errors: ParseError[] = [];
  parse(text, errors, STRICT_JSON);
  const first = errors[0];
  if (!first) return null;
  const described = describe(text, first);
  return at(described.offset, described.message);
}

interface Token {
  offset: number;
  text: string;
}

/** What encloses `offset` and the token just before it, read with jsonc-parser's scanner (iterative). */
function contextAt(text: string, offset: number): { container: '{' | '[' | undefined; previous: Token | undefined } {
  const scanner = createScanner(text, true);
  const stack: ('{' | '[')[] = [];
  let previous: Token | undefined;
  for (scanner.scan(); scanner.getTokenOffset() < offset && scanner.getTokenLength() > 0; scanner.scan()) {
    const token = { offset: scanner.getTokenOffset(), text: text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()) };
    if (token.text === '{' || token.text === '[') stack.push(token.text);
    else if (token.text === '}' || token.text === ']') stack.pop();
    previous = token;
  }
  return { container: stack.at(-1), previous };
}

function describe(text: string, error: ParseError): { offset: number; message: string } {
  const { offset } = error;
  const c = text[offset];
  const { container, previous } = contextAt(text, offset);
  const close = container === '{' ? '}' : ']';
  const endOfFile = {
    offset,
    message: container ? `unexpected end of file: a closing "${close}" is missing` : 'unexpected end of file',
  };
  const token = text.slice(offset, offset + error.length);
  const code = printParseErrorCode(error.error);
  switch (code) {
    case 'ValueExpected':
    case 'PropertyNameExpected':
    case 'InvalidSymbol': {
      if (c === undefined) return endOfFile;
      if ((c === ']' || c === '}') && previous?.text === ',') {
        return { offset: previous.offset, message: `trailing comma: JSON allows no comma before "${c}"` };
      }
      const keyPosition = code === 'PropertyNameExpected' || (container === '{' && (previous?.text === '{' || previous?.text === ','));
      if (keyPosition) {
        if (c === "'") return { offset, message: 'property names need double quotes, not single quotes' };
        if (/[A-Za-z_$]/.test(c)) return { offset, message: 'property names need double quotes' };
        return { offset, message: `expected a property name in double quotes, found "${c}"` };
      }
      if (c === "'") return { offset, message: 'strings need double quotes, not single quotes' };
      if (/[A-Za-z_]/.test(c)) return { offset, message: 'unexpected word: strings need double quotes (true, false and null are lower case)' };
      return { offset, message: `unexpected "${c}" where a value was expected` };
    }
    case 'CommaExpected':
      if (c === undefined) return endOfFile;
      if (previous && /^-?0$/.test(previous.text) && previous.offset + previous.text.length === offset && /[0-9]/.test(c)) {
        return { offset: previous.offset, message: 'numbers cannot have leading zeros' };
      }
      if (/["{[\-0-9tfn]/.test(c)) return { offset, message: `missing comma before this ${container === '{' ? 'property' : 'element'}` };
      return { offset, message: `expected "," or "${close}", found "${c}"` };
    case 'ColonExpected':
      return c === undefined ? endOfFile : { offset, message: `expected ":" after the property name, found "${c}"` };
    case 'CloseBraceExpected':
    case 'CloseBracketExpected':
      return c === undefined ? endOfFile : { offset, message: `expected "," or "${close}", found "${c}"` };
    case 'EndOfFileExpected':
      return { offset, message: 'unexpected text after the end of the JSON value' };
    case 'UnexpectedEndOfString': {
      const end = offset + error.length;
      if (text[end] === '\n' || text[end] === '\r') {
        return { offset: end, message: 'a line break inside a string (is a closing quote missing? a break in text is written \\n)' };
      }
      return { offset, message: 'unterminated string: the closing double quote is missing' };
    }
    case 'InvalidEscapeCharacter': {
      const at = badEscapeAt(token);
      return { offset: offset + at, message: `invalid escape "\\${token[at + 1] ?? ''}" in a string (a backslash is written \\\\)` };
    }
    case 'InvalidUnicode':
      return { offset: offset + Math.max(0, token.search(/\\u(?![0-9A-Fa-f]{4})/)), message: 'invalid \\u escape (needs four hex digits)' };
    case 'InvalidCharacter': {
      let control = 0;
      while (control < token.length && token.charCodeAt(control) >= 0x20) control++;
      return { offset: offset + control, message: 'a control character inside a string (write a tab as \\t)' };
    }
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return { offset, message: 'invalid number' };
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return { offset, message: 'comments are not allowed in JSON' };
    default:
      return { offset, message: code };
  }
}

/** Index of the first backslash in a string token that starts no valid escape (0 if none is found). */
function badEscapeAt(token: string): number {
  for (let i = 0; i < token.length; i++) {
    if (token[i] !== '\\') continue;
    const next = token[i + 1];
    if (next === undefined || !'"\\/bfnrtu'.includes(next)) return i;
    i++;
  }
  return 0;
}
