/**
 * Reads a chapter's MDX the way the literate test needs it: the `<Terminal>`s (which sandbox
 * runs which scenario) and the `<Cmd>`s in page order with their expected outputs.
 * The convention is documented in src/components/Cmd.astro and test/literate/literate.test.ts.
 */

export interface TerminalDecl {
  host: string;
  sandbox: string;
  scenario: string;
}

export interface CmdBlock {
  host: string;
  sandbox: string;
  code: string;
  /** Ctrl-C after this many virtual seconds. */
  stop?: number;
  bg: boolean;
  /** Reference recording (path under test/fixtures/reference/) the shown lines must agree with. */
  ref?: string;
  /** Expected output lines, or undefined when the page shows none. */
  expected?: string[];
  /** 1-based line of the `<Cmd` in the file, for messages. */
  line: number;
  /** Character range of the expected block's body in the source, for rewriting it. */
  outputRange?: [number, number];
}

export interface Page {
  terminals: TerminalDecl[];
  cmds: CmdBlock[];
}

export type Attrs = Map<string, string | true>;

/** Parse JSX attributes: name="…", name='…', name={`…`} (no ${}), and bare boolean names. */
export function parseAttrs(src: string): Attrs {
  const attrs: Attrs = new Map();
  let i = 0;
  const n = src.length;
  while (i < n) {
    while (i < n && /\s/.test(src[i]!)) i++;
    if (i >= n) break;
    const m = /^[A-Za-z_][\w-]*/.exec(src.slice(i));
    if (!m) throw new Error(`cannot read attributes at: ${src.slice(i, i + 30)}`);
    const name = m[0];
    i += name.length;
    if (src[i] !== '=') {
      attrs.set(name, true);
      continue;
    }
    i++;
    const q = src[i];
    if (q === '"' || q === "'") {
      const end = src.indexOf(q, i + 1);
      if (end < 0) throw new Error(`unterminated attribute ${name}`);
      attrs.set(name, src.slice(i + 1, end));
      i = end + 1;
    } else if (src.startsWith('{`', i)) {
      let j = i + 2;
      let value = '';
      for (;;) {
        const c = src[j];
        if (c === undefined) throw new Error(`unterminated template literal in ${name}`);
        if (c === '\\') {
          const d = src[j + 1];
          if (d === undefined) throw new Error(`dangling escape in ${name}`);
          value += d === 'n' ? '\n' : d === 't' ? '\t' : d;
          j += 2;
          continue;
        }
        if (c === '$' && src[j + 1] === '{') throw new Error(`interpolation is not allowed in ${name}`);
        if (c === '`') break;
        value += c;
        j++;
      }
      if (src[j + 1] !== '}') throw new Error(`expected } after template literal in ${name}`);
      attrs.set(name, value);
      i = j + 2;
    } else {
      throw new Error(`unsupported value for attribute ${name}`);
    }
  }
  return attrs;
}

function lineOf(src: string, index: number): number {
  let line = 1;
  for (let k = 0; k < index; k++) if (src.charCodeAt(k) === 10) line++;
  return line;
}

/** Find the end of a JSX opening tag starting at `from` (just after `<Name`), honouring quotes. */
function tagEnd(src: string, from: number): { end: number; selfClosing: boolean } {
  let i = from;
  let quote: string | undefined;
  let template = false;
  for (; i < src.length; i++) {
    const c = src[i]!;
    if (template) {
      if (c === '\\') i++;
      else if (c === '`') template = false;
      continue;
    }
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '`') template = true;
    else if (c === '>') return { end: i, selfClosing: src[i - 1] === '/' };
  }
  throw new Error('unterminated tag');
}

function str(attrs: Attrs, name: string): string | undefined {
  const v = attrs.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Strip fenced code blocks so a `<Cmd` shown inside one (documentation) is not taken as real. */
function maskFences(src: string): string {
  return src.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, (m) => m.replace(/[^\n]/g, ' '));
}

export function parsePage(src: string): Page {
  const masked = maskFences(src);
  const terminals: TerminalDecl[] = [];
  const cmds: CmdBlock[] = [];
  const re = /<(Terminal|Cmd)\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(masked))) {
    const start = m.index;
    const { end, selfClosing } = tagEnd(src, start + m[0].length);
    const attrSrc = src.slice(start + m[0].length, selfClosing ? end - 1 : end);
    const attrs = parseAttrs(attrSrc);
    const line = lineOf(src, start);
    if (m[1] === 'Terminal') {
      terminals.push({
        host: str(attrs, 'host') ?? '',
        sandbox: str(attrs, 'sandbox') ?? 'main',
        scenario: str(attrs, 'scenario') ?? 'article',
      });
      re.lastIndex = end + 1;
      continue;
    }
    const host = str(attrs, 'host');
    const code = str(attrs, 'code');
    if (!host || code === undefined) throw new Error(`line ${line}: <Cmd> needs host and code`);
    const stopText = str(attrs, 'stop');
    const stop = stopText === undefined ? undefined : Number(stopText);
    if (stop !== undefined && !(stop > 0)) throw new Error(`line ${line}: bad stop="${stopText}"`);
    const cmd: CmdBlock = {
      host,
      code,
      sandbox: str(attrs, 'sandbox') ?? 'main',
      bg: attrs.get('bg') === true,
      line,
      ...(stop !== undefined ? { stop } : {}),
      ...(str(attrs, 'ref') ? { ref: str(attrs, 'ref')! } : {}),
    };
    if (!selfClosing) {
      const close = src.indexOf('</Cmd>', end);
      if (close < 0) throw new Error(`line ${line}: <Cmd> without </Cmd>`);
      const body = src.slice(end + 1, close);
      const fence = /^```text[ \t]*\n([\s\S]*?)^```[ \t]*$/m.exec(body);
      if (!fence) throw new Error(`line ${line}: <Cmd> body must hold a \`\`\`text block`);
      const bodyStart = end + 1 + fence.index + fence[0].indexOf('\n') + 1;
      const text = fence[1]!;
      cmd.expected = text === '' ? [] : text.replace(/\n$/, '').split('\n');
      cmd.outputRange = [bodyStart, bodyStart + text.length];
      re.lastIndex = close + '</Cmd>'.length;
    } else {
      re.lastIndex = end + 1;
    }
    cmds.push(cmd);
  }
  return { terminals, cmds };
}
