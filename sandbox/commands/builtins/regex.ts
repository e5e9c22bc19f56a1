/**
 * POSIX regular expressions (basic and extended, as grep and sed read them)
 * translated to JavaScript's RegExp: BRE's `\(`, `\|`, `\+`, `\{` groups and
 * counts, bracket classes like `[[:digit:]]`, and `\<`/`\>` word edges.
 */
const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
  word: '0-9A-Za-z_',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
};

export class RegexError extends Error {}

/** Translate a POSIX pattern; throws RegexError with GNU's wording for the usual mistakes. */
export function posixToJs(pattern: string, extended: boolean): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      i++;
      if (n === undefined) throw new RegexError('Trailing backslash');
      if (!extended && '(){}|+?'.includes(n)) {
        if (n === '(') depth++;
        if (n === ')') {
          if (depth === 0) throw new RegexError('Unmatched ) or \\)');
          depth--;
        }
        out += n;
      } else if (n === '<' || n === '>') out += '\\b';
      else if ('wWsSbB'.includes(n)) out += '\\' + n;
      else if (/[0-9]/.test(n)) out += '\\' + n;
      else if (n === 'n') out += '\\n';
      else if (n === 't') out += '\\t';
      else out += '\\' + (/[A-Za-z]/.test(n) ? n : n);
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      let set = '';
      if (pattern[j] === '^') {
        set += '^';
        j++;
      }
      if (pattern[j] === ']') {
        set += '\\]';
        j++;
      }
      let closed = false;
      while (j < pattern.length) {
        const d = pattern[j]!;
        if (d === ']') {
          closed = true;
          break;
        }
        if (d === '[' && pattern[j + 1] === ':') {
          const end = pattern.indexOf(':]', j + 2);
          if (end < 0) throw new RegexError('Unmatched [, [^, [:, [., or [=');
          const name = pattern.slice(j + 2, end);
          const cls = CLASSES[name];
          if (cls === undefined) throw new RegexError('Invalid character class name');
          set += cls;
          j = end + 2;
          continue;
        }
        if (d === '\\') set += '\\\\';
        else if (d === '[') set += '\\[';
        else set += d;
        j++;
      }
      if (!closed) throw new RegexError('Unmatched [, [^, [:, [., or [=');
      out += `[${set}]`;
      i = j;
      continue;
    }
    if (!extended && '(){}|+?'.includes(c)) {
      out += '\\' + c;
      continue;
    }
    if (extended && c === '(') depth++;
    if (extended && c === ')') {
      if (depth === 0) throw new RegexError('Unmatched ) or \\)');
      depth--;
    }
    if (c === '*' && (out === '' || out.endsWith('(') || out.endsWith('|') || out === '^')) {
      out += '\\*';
      continue;
    }
    if (extended && c === '{' && !/^\{\d*(,\d*)?\}/.test(pattern.slice(i))) {
      out += '\\{';
      continue;
    }
    out += c === '/' ? '\\/' : c;
  }
  if (depth > 0) throw new RegexError('Unmatched ( or \\(');
  return out;
}

export function escapeFixed(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** One RegExp matching any of the translated sources. */
export function buildRegExp(
  sources: string[],
  opts: { ignoreCase?: boolean; word?: boolean; line?: boolean; global?: boolean },
): RegExp {
  let src = sources.length === 1 ? sources[0]! : sources.map((x) => `(?:${x})`).join('|');
  if (opts.word) src = `(?<![0-9A-Za-z_])(?:${src})(?![0-9A-Za-z_])`;
  if (opts.line) src = `^(?:${src})$`;
  const flags = `${opts.ignoreCase ? 'i' : ''}${opts.global ? 'g' : ''}`;
  try {
    return new RegExp(src, flags + 'u');
  } catch {
    try {
      return new RegExp(src, flags);
    } catch {
      throw new RegexError('Invalid regular expression');
    }
  }
}

export function compile(
  pattern: string,
  opts: { extended: boolean; fixed?: boolean; ignoreCase?: boolean; word?: boolean; line?: boolean; global?: boolean },
): RegExp {
  return buildRegExp([opts.fixed ? escapeFixed(pattern) : posixToJs(pattern, opts.extended)], opts);
}
