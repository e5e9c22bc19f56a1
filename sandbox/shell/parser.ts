/**
 * Bash's grammar, the part a reader types at a prompt: words with quotes and
 * escapes, `$VAR`/`$?`/`~` (expanded later, so `$?` sees the status of the
 * command before it in the same line), pipes, `&&`, `||`, `;`, `&`,
 * redirections, here-documents and comments, over one line or several (a
 * compound command or a here-document typed at the `> ` prompt). Parse errors
 * carry bash's own wording; `incomplete` says the text needs more lines.
 */

/** A piece of a word; `quoted` pieces are never field-split. */
export type WordPart =
  | { kind: 'lit'; text: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean; op?: ':-' | '-' | ':+' | '+' | ':=' | '=' | '#'; arg?: string }
  | { kind: 'tilde'; user: string }
  /** `$(cmd)` or `` `cmd` ``: `value` is filled in by the interpreter before expansion. */
  | { kind: 'sub'; text: string; quoted: boolean; value?: string }
  /** `$((expr))`: `value` is filled in by the interpreter before expansion. */
  | { kind: 'arith'; expr: string; quoted: boolean; value?: string };

export interface Word {
  parts: WordPart[];
  /** The word as typed, for alias lookup and job display. */
  raw: string;
}

export type RedirectOp = '>' | '>>' | '<' | '<<' | '<<-' | '<<<' | '>&' | '<&' | '&>' | '&>>';

export interface Redirect {
  fd: number;
  op: RedirectOp;
  /** For `<<`/`<<-`: the here-document's body, expanded like a double-quoted word unless the delimiter was quoted. */
  target: Word;
}

export interface SimpleCommand {
  assigns: { name: string; value: Word }[];
  words: Word[];
  redirects: Redirect[];
}

/** Bash's compound commands, as far as one typed line uses them. */
export type CompoundCommand =
  | { kind: 'for'; name: string; words: Word[] | undefined; body: AndOr[]; redirects: Redirect[] }
  | { kind: 'while' | 'until'; cond: AndOr[]; body: AndOr[]; redirects: Redirect[] }
  | { kind: 'if'; clauses: { cond: AndOr[]; body: AndOr[] }[]; otherwise: AndOr[] | undefined; redirects: Redirect[] }
  | { kind: 'group' | 'subshell'; body: AndOr[]; redirects: Redirect[] }
  /** `case WORD in PAT|PAT) LIST ;; … esac`: the first item with a matching pattern runs. */
  | { kind: 'case'; word: Word; items: { patterns: Word[]; body: AndOr[] }[]; redirects: Redirect[] }
  /** `name() { …; }` or `function name { …; }`: defines a shell function. */
  | { kind: 'function'; name: string; body: CompoundCommand; redirects: Redirect[] };

export type ShellCommand = SimpleCommand | CompoundCommand;

export function isCompound(c: ShellCommand): c is CompoundCommand {
  return 'kind' in c;
}

export interface Pipeline {
  negate: boolean;
  commands: ShellCommand[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  background: boolean;
  /** The text of this list item as typed, for `jobs`. */
  text: string;
}

export type ParseResult =
  | { ok: true; items: AndOr[] }
  /** `incomplete`: the text ends inside a quote, a compound command or a here-document (bash would prompt `> `). */
  | { ok: false; error: string; incomplete?: boolean };

type Token =
  | { t: 'word'; word: Word; start: number; end: number }
  /** A newline is an op of its own (`\n`): it ends a command like `;` but may also just separate. */
  | { t: 'op'; op: string; start: number; end: number }
  | { t: 'redir'; fd: number; op: RedirectOp; start: number; end: number; heredoc?: Word };

class SyntaxError_ extends Error {
  constructor(
    message: string,
    readonly incomplete = false,
  ) {
    super(message);
  }
}

const OPS = [
  '&&',
  '||',
  ';;',
  '&>>',
  '&>',
  '>>',
  '>&',
  '<<<',
  '<<-',
  '<<',
  '<&',
  '|&',
  '|',
  '&',
  ';',
  '>',
  '<',
  '(',
  ')',
];

/**
 * Double-quoted text from s[from]: `$…` and `` `…` `` expand, a backslash escapes only the
 * characters in `escapable` (a backslash-newline vanishes), anything else is literal. Stops at
 * `closer` (a `"`), or at the end of `s` when there is none — a here-document's body.
 */
function scanQuoted(s: string, from: number, escapable: string, closer?: string): { parts: WordPart[]; next: number } {
  const parts: WordPart[] = [];
  let buf = '';
  const pushBuf = (): void => {
    parts.push({ kind: 'lit', text: buf, quoted: true });
    buf = '';
  };
  let j = from;
  for (;;) {
    if (j >= s.length) {
      if (closer === undefined) break;
      throw new SyntaxError_(`unexpected EOF while looking for matching \`${closer}'`, true);
    }
    const d = s[j]!;
    if (d === closer) break;
    if (d === '\\' && j + 1 < s.length && escapable.includes(s[j + 1]!)) {
      if (s[j + 1] !== '\n') buf += s[j + 1];
      j += 2;
    } else if (d === '`') {
      const close = matchBackquote(s, j);
      pushBuf();
      parts.push({ kind: 'sub', text: s.slice(j + 1, close).replace(/\\([`$\\])/g, '$1'), quoted: true });
      j = close + 1;
    } else if (d === '$') {
      const v = parseDollar(s, j, true);
      if (v) {
        pushBuf();
        parts.push(v.part);
        j = v.next;
      } else {
        buf += d;
        j++;
      }
    } else {
      buf += d;
      j++;
    }
  }
  pushBuf();
  return { parts, next: j };
}

/** The body of an unquoted here-document: expanded as in double quotes, but `"` is literal. */
function heredocWord(body: string): Word {
  return { parts: scanQuoted(body, 0, '$`\\\n').parts, raw: body };
}

function isMeta(c: string): boolean {
  return (
    c === ' ' ||
    c === '\t' ||
    c === '\n' ||
    c === '|' ||
    c === '&' ||
    c === ';' ||
    c === '<' ||
    c === '>' ||
    c === '(' ||
    c === ')'
  );
}

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}

function isNameChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

/** Index of the `)` closing the `(` at s[open], skipping quotes and nested parentheses. */
function matchParen(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    const c = s[j]!;
    if (c === '\\') {
      j++;
    } else if (c === "'") {
      const close = s.indexOf("'", j + 1);
      if (close < 0) break;
      j = close;
    } else if (c === '"') {
      let k = j + 1;
      while (k < s.length && s[k] !== '"') k += s[k] === '\\' ? 2 : 1;
      j = k;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  throw new SyntaxError_("unexpected EOF while looking for matching `)'", true);
}

/** The closing backquote of the one at s[open]. */
function matchBackquote(s: string, open: number): number {
  for (let j = open + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '`') return j;
  }
  throw new SyntaxError_("unexpected EOF while looking for matching ``'", true);
}

/** Parse `$...` at s[i] (s[i] === '$'); returns the part and the index after it, or undefined for a lone `$`. */
function parseDollar(s: string, i: number, quoted: boolean): { part: WordPart; next: number } | undefined {
  const c = s[i + 1];
  if (c === '(' && s[i + 2] === '(') {
    const close = matchParen(s, i + 1);
    if (s[close - 1] === ')')
      return { part: { kind: 'arith', expr: s.slice(i + 3, close - 1), quoted }, next: close + 1 };
  }
  if (c === '(') {
    const close = matchParen(s, i + 1);
    return { part: { kind: 'sub', text: s.slice(i + 2, close), quoted }, next: close + 1 };
  }
  if (c === '{') {
    const close = s.indexOf('}', i + 2);
    if (close < 0) throw new SyntaxError_("unexpected EOF while looking for matching `}'", true);
    const body = s.slice(i + 2, close);
    const len = /^#([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#!-])$/.exec(body);
    if (len) return { part: { kind: 'var', name: len[1]!, quoted, op: '#' }, next: close + 1 };
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])(?:(:-|-|:\+|\+|:=|=)(.*))?$/s.exec(body);
    if (!m) throw new SyntaxError_(`\${${body}}: bad substitution`);
    const op = m[2] as ':-' | '-' | ':+' | '+' | ':=' | '=' | undefined;
    return { part: { kind: 'var', name: m[1]!, quoted, op, arg: m[3] }, next: close + 1 };
  }
  if (c !== undefined && /[?$#@*!0-9-]/.test(c)) return { part: { kind: 'var', name: c, quoted }, next: i + 2 };
  if (isNameStart(c)) {
    let j = i + 1;
    while (isNameChar(s[j])) j++;
    return { part: { kind: 'var', name: s.slice(i + 1, j), quoted }, next: j };
  }
  return undefined;
}

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  /** Here-documents whose delimiter word has been read, waiting for the end of their line. */
  const heredocs: { tok: Extract<Token, { t: 'redir' }>; delim?: string; quoted?: boolean }[] = [];
  /** Read the bodies of the line's here-documents, from s[i] (just after its newline). */
  const readBodies = (): void => {
    for (const h of heredocs.splice(0)) {
      if (h.delim === undefined) continue;
      const strip = h.tok.op === '<<-';
      let body = '';
      let done = false;
      while (i < s.length) {
        const nl = s.indexOf('\n', i);
        const raw = s.slice(i, nl < 0 ? s.length : nl);
        i = nl < 0 ? s.length : nl + 1;
        const line = strip ? raw.replace(/^\t+/, '') : raw;
        if (line === h.delim) {
          done = true;
          break;
        }
        body += line + '\n';
      }
      if (!done) throw new SyntaxError_(`here-document delimited by end-of-file (wanted \`${h.delim}')`, true);
      h.tok.heredoc = h.quoted ? { parts: [{ kind: 'lit', text: body, quoted: true }], raw: body } : heredocWord(body);
    }
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\n') {
      tokens.push({ t: 'op', op: '\n', start: i, end: i + 1 });
      i++;
      readBodies();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && s[i + 1] === '\n') {
      // A backslash-newline joins the lines.
      i += 2;
      continue;
    }
    if (c === '#') {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl;
      continue;
    }
    // An IO number: digits directly followed by < or >.
    const io = /^([0-9]+)(>>|>&|<<<|<<-|<<|<&|>|<)/.exec(s.slice(i));
    if (io) {
      const tok = { t: 'redir' as const, fd: Number(io[1]), op: io[2] as RedirectOp, start: i, end: i + io[0].length };
      tokens.push(tok);
      if (tok.op === '<<' || tok.op === '<<-') heredocs.push({ tok });
      i += io[0].length;
      continue;
    }
    if (isMeta(c)) {
      const op = OPS.find((o) => s.startsWith(o, i))!;
      if (
        op === '>' ||
        op === '>>' ||
        op === '<' ||
        op === '<<' ||
        op === '<<-' ||
        op === '<<<' ||
        op === '>&' ||
        op === '<&' ||
        op === '&>' ||
        op === '&>>'
      ) {
        const tok = {
          t: 'redir' as const,
          fd: op.startsWith('<') ? 0 : op.startsWith('&') ? -1 : 1,
          op: op as RedirectOp,
          start: i,
          end: i + op.length,
        };
        tokens.push(tok);
        if (op === '<<' || op === '<<-') heredocs.push({ tok });
      } else {
        tokens.push({ t: 'op', op, start: i, end: i + op.length });
      }
      i += op.length;
      continue;
    }
    // A word.
    const start = i;
    const parts: WordPart[] = [];
    let lit = '';
    let litQuoted = false;
    const flush = (): void => {
      if (lit !== '') parts.push({ kind: 'lit', text: lit, quoted: litQuoted });
      lit = '';
    };
    const addLit = (text: string, quoted: boolean): void => {
      if (quoted !== litQuoted) flush();
      litQuoted = quoted;
      lit += text;
    };
    if (s[i] === '~') {
      let j = i + 1;
      while (j < s.length && /[A-Za-z0-9_.-]/.test(s[j]!)) j++;
      if (j === s.length || s[j] === '/' || isMeta(s[j]!)) {
        parts.push({ kind: 'tilde', user: s.slice(i + 1, j) });
        i = j;
      }
    }
    while (i < s.length && !isMeta(s[i]!)) {
      const ch = s[i]!;
      if (ch === '\\') {
        if (i + 1 >= s.length) throw new SyntaxError_('syntax error: unexpected end of file', true);
        // A backslash-newline joins the lines; any other escaped character is literal.
        if (s[i + 1] !== '\n') addLit(s[i + 1]!, true);
        i += 2;
      } else if (ch === "'") {
        const close = s.indexOf("'", i + 1);
        if (close < 0) throw new SyntaxError_("unexpected EOF while looking for matching `''", true);
        flush();
        parts.push({ kind: 'lit', text: s.slice(i + 1, close), quoted: true });
        i = close + 1;
      } else if (ch === '"') {
        flush();
        const q = scanQuoted(s, i + 1, '$`"\\\n', '"');
        parts.push(...q.parts);
        i = q.next + 1;
      } else if (ch === '`') {
        const close = matchBackquote(s, i);
        flush();
        parts.push({ kind: 'sub', text: s.slice(i + 1, close).replace(/\\([`$\\])/g, '$1'), quoted: false });
        i = close + 1;
      } else if (ch === '$') {
        const v = parseDollar(s, i, false);
        if (v) {
          flush();
          parts.push(v.part);
          i = v.next;
        } else {
          addLit('$', false);
          i++;
        }
      } else {
        addLit(ch, false);
        i++;
      }
    }
    flush();
    const raw = s.slice(start, i);
    tokens.push({ t: 'word', word: { parts, raw }, start, end: i });
    // The word after `<<` is a here-document's delimiter: quote removal only, and quoting it turns expansion off.
    const h = heredocs.at(-1);
    const prev = tokens[tokens.length - 2];
    if (h && h.delim === undefined && prev === h.tok) {
      h.delim = parts.map((p) => (p.kind === 'lit' ? p.text : p.kind === 'tilde' ? `~${p.user}` : '')).join('');
      if (parts.some((p) => p.kind !== 'lit' && p.kind !== 'tilde')) h.delim = raw.replace(/["'\\]/g, '');
      h.quoted = /["'\\]/.test(raw);
    }
  }
  // The text ended on the line of a here-document: its body is still to come.
  if (heredocs.some((h) => h.delim !== undefined)) {
    throw new SyntaxError_('here-document body missing', true);
  }
  return tokens;
}

function describe(tok: Token | undefined): string {
  if (!tok) return 'newline';
  if (tok.t === 'word') return tok.word.raw;
  if (tok.t === 'redir') return tok.op;
  return tok.op === '\n' ? 'newline' : tok.op;
}

const ASSIGN_RE = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Parse one command line. */
export function parseLine(line: string): ParseResult {
  let tokens: Token[];
  try {
    tokens = tokenize(line);
  } catch (e) {
    if (e instanceof SyntaxError_)
      return { ok: false, error: e.message, ...(e.incomplete ? { incomplete: true } : {}) };
    throw e;
  }
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isNl = (tok: Token | undefined): boolean => tok?.t === 'op' && tok.op === '\n';
  const skipNl = (): void => {
    while (isNl(peek())) pos++;
  };
  const unexpected = (tok: Token | undefined): never => {
    if (!tok) throw new SyntaxError_('syntax error: unexpected end of file', true);
    throw new SyntaxError_(`syntax error near unexpected token \`${describe(tok)}'`);
  };
  /** A redirection without its word: at the end of the text too, bash names the newline. */
  const noTarget = (tok: Token | undefined): never => {
    throw new SyntaxError_(`syntax error near unexpected token \`${describe(tok)}'`);
  };
  /** The target of a redirection: the delimiter word, or for a here-document its body. */
  const redirTarget = (tok: Extract<Token, { t: 'redir' }>, target: Word): Word => tok.heredoc ?? target;

  const simple = (): SimpleCommand => {
    const cmd: SimpleCommand = { assigns: [], words: [], redirects: [] };
    for (;;) {
      const tok = peek();
      if (!tok || tok.t === 'op') break;
      if (tok.t === 'redir') {
        pos++;
        const target = peek();
        if (!target || target.t !== 'word') noTarget(target);
        if (!target || target.t !== 'word') break;
        pos++;
        cmd.redirects.push({ fd: tok.fd, op: tok.op, target: redirTarget(tok, target.word) });
        continue;
      }
      pos++;
      const w = tok.word;
      const first = w.parts[0];
      if (cmd.words.length === 0 && first?.kind === 'lit' && !first.quoted && ASSIGN_RE.test(first.text)) {
        const eq = first.text.indexOf('=');
        const name = first.text.slice(0, eq);
        const valueParts: WordPart[] = [];
        const restText = first.text.slice(eq + 1);
        if (restText) valueParts.push({ kind: 'lit', text: restText, quoted: false });
        valueParts.push(...w.parts.slice(1));
        cmd.assigns.push({ name, value: { parts: valueParts, raw: w.raw.slice(eq + 1) } });
        continue;
      }
      cmd.words.push(w);
    }
    return cmd;
  };

  /** A plain (unquoted) word that is one of bash's reserved words, at the head of a command. */
  const reserved = (tok: Token | undefined, ...words: string[]): boolean =>
    tok?.t === 'word' &&
    tok.word.parts.length === 1 &&
    tok.word.parts[0]!.kind === 'lit' &&
    !tok.word.parts[0]!.quoted &&
    words.includes(tok.word.raw);
  const expectWord = (w: string): void => {
    skipNl();
    if (!reserved(peek(), w)) unexpected(peek());
    pos++;
  };
  const trailingRedirects = (): Redirect[] => {
    const out: Redirect[] = [];
    for (let tok = peek(); tok?.t === 'redir'; tok = peek()) {
      pos++;
      const target = peek();
      if (!target || target.t !== 'word') return noTarget(target);
      pos++;
      out.push({ fd: tok.fd, op: tok.op, target: redirTarget(tok, target.word) });
    }
    return out;
  };

  const isOp = (t: Token | undefined, op: string): boolean => t?.t === 'op' && t.op === op;
  const compound = (): CompoundCommand | undefined => {
    const tok = peek();
    // A function definition: `name ( )` then a compound command, or `function name [( )]` then one.
    const plainName = (t: Token | undefined): string | undefined =>
      t?.t === 'word' &&
      t.word.parts.every((p) => p.kind === 'lit' && !p.quoted) &&
      /^[A-Za-z_][\w.:-]*$/.test(t.word.raw)
        ? t.word.raw
        : undefined;
    const fnBody = (name: string): CompoundCommand => {
      skipNl();
      const body = compound();
      if (!body || body.kind === 'function') return unexpected(peek());
      return { kind: 'function', name, body, redirects: [] };
    };
    if (reserved(tok, 'function')) {
      pos++;
      const name = plainName(peek());
      if (!name) return unexpected(peek());
      pos++;
      if (isOp(peek(), '(')) {
        pos++;
        if (!isOp(peek(), ')')) return unexpected(peek());
        pos++;
      }
      return fnBody(name);
    }
    const fname = plainName(tok);
    if (fname && !reserved(tok, 'if', 'for', 'while', 'until', 'case', '{') && isOp(tokens[pos + 1], '(')) {
      if (!isOp(tokens[pos + 2], ')')) {
        pos += 2;
        return unexpected(peek());
      }
      pos += 3;
      return fnBody(fname);
    }
    if (tok?.t === 'op' && tok.op === '(') {
      pos++;
      const body = list([')']);
      const close = peek();
      if (close?.t !== 'op' || close.op !== ')') unexpected(close);
      pos++;
      return { kind: 'subshell', body, redirects: trailingRedirects() };
    }
    if (reserved(tok, '{')) {
      pos++;
      const body = list(['}']);
      expectWord('}');
      return { kind: 'group', body, redirects: trailingRedirects() };
    }
    if (reserved(tok, 'for')) {
      pos++;
      const nameTok = peek();
      if (nameTok?.t !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameTok.word.raw)) {
        throw new SyntaxError_(
          `\`${nameTok?.t === 'word' ? nameTok.word.raw : describe(nameTok)}': not a valid identifier`,
        );
      }
      pos++;
      let words: Word[] | undefined;
      if (reserved(peek(), 'in')) {
        pos++;
        words = [];
        for (let w = peek(); w?.t === 'word' && !reserved(w, 'do'); w = peek()) {
          words.push(w.word);
          pos++;
        }
      }
      const sep = peek();
      if (sep?.t === 'op' && (sep.op === ';' || sep.op === '\n')) pos++;
      expectWord('do');
      const body = list(['done']);
      expectWord('done');
      return { kind: 'for', name: nameTok.word.raw, words, body, redirects: trailingRedirects() };
    }
    if (reserved(tok, 'case')) {
      pos++;
      const w = peek();
      if (w?.t !== 'word') return unexpected(w);
      pos++;
      skipNl();
      expectWord('in');
      const items: { patterns: Word[]; body: AndOr[] }[] = [];
      for (;;) {
        skipNl();
        if (reserved(peek(), 'esac')) {
          pos++;
          break;
        }
        const open = peek();
        if (open?.t === 'op' && open.op === '(') pos++;
        const patterns: Word[] = [];
        for (;;) {
          const p = peek();
          if (p?.t !== 'word') return unexpected(p);
          patterns.push(p.word);
          pos++;
          const sep = peek();
          if (sep?.t === 'op' && sep.op === '|') {
            pos++;
            continue;
          }
          if (sep?.t === 'op' && sep.op === ')') {
            pos++;
            break;
          }
          return unexpected(sep);
        }
        const body = list([';;', 'esac']);
        items.push({ patterns, body });
        const end = peek();
        if (end?.t === 'op' && end.op === ';;') {
          pos++;
          continue;
        }
        skipNl();
        expectWord('esac');
        break;
      }
      return { kind: 'case', word: w.word, items, redirects: trailingRedirects() };
    }
    if (reserved(tok, 'while', 'until')) {
      pos++;
      const cond = list(['do']);
      expectWord('do');
      const body = list(['done']);
      expectWord('done');
      return {
        kind: tok!.t === 'word' && tok!.word.raw === 'until' ? 'until' : 'while',
        cond,
        body,
        redirects: trailingRedirects(),
      };
    }
    if (reserved(tok, 'if')) {
      pos++;
      const clauses: { cond: AndOr[]; body: AndOr[] }[] = [];
      let otherwise: AndOr[] | undefined;
      for (;;) {
        const cond = list(['then']);
        expectWord('then');
        const body = list(['elif', 'else', 'fi']);
        clauses.push({ cond, body });
        skipNl();
        if (reserved(peek(), 'elif')) {
          pos++;
          continue;
        }
        if (reserved(peek(), 'else')) {
          pos++;
          otherwise = list(['fi']);
        }
        expectWord('fi');
        break;
      }
      return { kind: 'if', clauses, otherwise, redirects: trailingRedirects() };
    }
    return undefined;
  };

  const pipeline = (): Pipeline => {
    let negate = false;
    const t0 = peek();
    if (t0?.t === 'word' && t0.word.raw === '!') {
      negate = true;
      pos++;
    }
    const commands: ShellCommand[] = [];
    for (;;) {
      const tok = peek();
      if (!tok) unexpected(tok);
      if (tok?.t === 'op' && tok.op !== '(') unexpected(tok);
      if (reserved(tok, 'do', 'done', 'then', 'fi', 'else', 'elif', 'in', '}', 'esac')) unexpected(tok);
      const c = compound();
      let cmd: ShellCommand;
      if (c) cmd = c;
      else {
        const sc = simple();
        if (sc.words.length === 0 && sc.assigns.length === 0 && sc.redirects.length === 0) unexpected(peek());
        cmd = sc;
      }
      commands.push(cmd);
      const next = peek();
      if (next?.t === 'op' && (next.op === '|' || next.op === '|&')) {
        if (next.op === '|&')
          cmd.redirects.push({
            fd: 2,
            op: '>&',
            target: { parts: [{ kind: 'lit', text: '1', quoted: false }], raw: '1' },
          });
        pos++;
        skipNl();
        if (!peek()) unexpected(undefined);
        continue;
      }
      break;
    }
    return { negate, commands };
  };

  /** A list of and-or items up to one of `stop` (a reserved word, or `)`), or the end of the line. */
  function list(stop: string[]): AndOr[] {
    const items: AndOr[] = [];
    const atStop = (): boolean => {
      const tok = peek();
      if (!tok) return false;
      if (tok.t === 'op') return (tok.op === ')' || tok.op === ';;') && stop.includes(tok.op);
      return reserved(tok, ...stop.filter((w) => w !== ')'));
    };
    for (;;) {
      skipNl();
      if (pos >= tokens.length || atStop()) break;
      const startTok = peek()!;
      const first = pipeline();
      const rest: AndOr['rest'] = [];
      for (;;) {
        const tok = peek();
        if (tok?.t === 'op' && (tok.op === '&&' || tok.op === '||')) {
          pos++;
          skipNl();
          if (!peek()) unexpected(undefined);
          rest.push({ op: tok.op, pipeline: pipeline() });
          continue;
        }
        break;
      }
      const endTok = tokens[pos - 1]!;
      let background = false;
      const sep = peek();
      if (sep && !atStop()) {
        if (sep.t !== 'op' || (sep.op !== ';' && sep.op !== '&' && sep.op !== '\n')) unexpected(sep);
        else {
          background = sep.op === '&';
          pos++;
        }
      }
      items.push({ first, rest, background, text: line.slice(startTok.start, endTok.end) });
    }
    if (stop.length > 0) {
      if (pos >= tokens.length) unexpected(undefined);
      if (items.length === 0 && !stop.includes(';;')) unexpected(peek());
    }
    return items;
  }

  let items: AndOr[];
  try {
    items = list([]);
    if (pos < tokens.length) unexpected(peek());
  } catch (e) {
    if (e instanceof SyntaxError_)
      return { ok: false, error: e.message, ...(e.incomplete ? { incomplete: true } : {}) };
    throw e;
  }
  return { ok: true, items };
}

/** Split a line into raw words (quotes kept) for completion; the last may be partial. */
export function roughWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
    } else if (c === ' ' || c === '\t') {
      if (cur) out.push(cur);
      cur = '';
    } else if (c === '|' || c === ';' || c === '&') {
      out.length = 0;
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}
