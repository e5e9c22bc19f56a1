/**
 * The part of Go's text/template that `kubectl get -o go-template=…` users type:
 * `{{.a.b}}`, `{{range PIPE}}…{{else}}…{{end}}`, `{{if PIPE}}…{{else}}…{{end}}`,
 * `{{with …}}`, string literals, `{{index X "key" …}}`, `{{len X}}`, `{{printf FMT ARGS}}`,
 * `{{eq A B}}`/`{{ne A B}}`/`{{not X}}`, `$` and the `{{-`/`-}}` trim markers. Values print as
 * Go's fmt does (`map[k:v]`, `[a b]`, `<no value>` for a missing key).
 */
export class GoTemplateError extends Error {}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; expr: string }
  | { kind: 'range' | 'if' | 'with'; expr: string; body: Node[]; otherwise: Node[] | undefined };

function lex(tpl: string): { kind: 'text' | 'action'; text: string; line: number }[] {
  const out: { kind: 'text' | 'action'; text: string; line: number }[] = [];
  let i = 0;
  let line = 1;
  while (i < tpl.length) {
    const open = tpl.indexOf('{{', i);
    if (open < 0) {
      out.push({ kind: 'text', text: tpl.slice(i), line });
      break;
    }
    let text = tpl.slice(i, open);
    let start = open + 2;
    if (tpl[start] === '-' && /\s/.test(tpl[start + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      start++;
    }
    if (text) out.push({ kind: 'text', text, line });
    line += (tpl.slice(i, open).match(/\n/g) ?? []).length;
    // The action ends at the first `}}` outside a string literal.
    let j = start;
    let quote = '';
    for (; j < tpl.length; j++) {
      const c = tpl[j]!;
      if (quote) {
        if (c === '\\' && quote === '"') j++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === '`') quote = c;
      else if (c === '}' && tpl[j + 1] === '}') break;
    }
    if (j >= tpl.length) throw new GoTemplateError(`template: output:${line}: unclosed action`);
    let body = tpl.slice(start, j);
    let next = j + 2;
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      while (next < tpl.length && /\s/.test(tpl[next]!)) next++;
    }
    out.push({ kind: 'action', text: body.trim(), line });
    i = next;
  }
  return out;
}

function parse(tpl: string): Node[] {
  const toks = lex(tpl);
  let pos = 0;
  const block = (inside: string | undefined): { nodes: Node[]; end: 'end' | 'else' | undefined } => {
    const nodes: Node[] = [];
    while (pos < toks.length) {
      const t = toks[pos++]!;
      if (t.kind === 'text') {
        nodes.push({ kind: 'text', text: t.text });
        continue;
      }
      const a = t.text;
      if (a.startsWith('/*')) continue;
      if (a === 'end' || a === 'else') {
        if (!inside) throw new GoTemplateError(`template: output:${t.line}: unexpected {{${a}}}`);
        return { nodes, end: a };
      }
      const m = /^(range|if|with)\s+(.+)$/s.exec(a);
      if (m) {
        const kind = m[1] as 'range' | 'if' | 'with';
        const body = block(kind);
        let otherwise: Node[] | undefined;
        if (body.end === 'else') {
          const e = block(kind);
          if (e.end !== 'end') throw new GoTemplateError(`template: output:${t.line}: unexpected EOF`);
          otherwise = e.nodes;
        } else if (body.end !== 'end') throw new GoTemplateError(`template: output:${t.line}: unexpected EOF`);
        nodes.push({ kind, expr: m[2]!.trim(), body: body.nodes, otherwise });
        continue;
      }
      nodes.push({ kind: 'action', expr: a });
    }
    if (inside) throw new GoTemplateError(`template: output: unexpected EOF`);
    return { nodes, end: undefined };
  };
  return block(undefined).nodes;
}

const MISSING = Symbol('no value');
type Value = unknown;

/** Words of a pipeline stage: string literals, numbers, field chains, `$`, parenthesised sub-expressions. */
function words(expr: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < expr.length && expr[j] !== '"') j += expr[j] === '\\' ? 2 : 1;
      if (j >= expr.length) throw new GoTemplateError('template: output:1: unterminated quoted string');
      out.push(expr.slice(i, j + 1));
      i = j + 1;
    } else if (c === '`') {
      const j = expr.indexOf('`', i + 1);
      if (j < 0) throw new GoTemplateError('template: output:1: unterminated raw quoted string');
      out.push(expr.slice(i, j + 1));
      i = j + 1;
    } else if (c === '(') {
      let depth = 0;
      let j = i;
      for (; j < expr.length; j++) {
        if (expr[j] === '(') depth++;
        else if (expr[j] === ')' && --depth === 0) break;
      }
      if (j >= expr.length) throw new GoTemplateError('template: output:1: unclosed left paren');
      out.push(expr.slice(i, j + 1));
      i = j + 1;
    } else {
      let j = i;
      while (j < expr.length && !/[\s()]/.test(expr[j]!)) j++;
      out.push(expr.slice(i, j));
      i = j;
    }
  }
  return out;
}

function field(v: Value, name: string): Value {
  if (v === MISSING || v === null || v === undefined) return MISSING;
  if (typeof v === 'object' && !Array.isArray(v)) {
    return Object.prototype.hasOwnProperty.call(v, name) ? (v as Record<string, unknown>)[name] : MISSING;
  }
  throw new GoTemplateError(`template: output:1:2: executing "output" at <.${name}>: can't evaluate field ${name}`);
}

function truthy(v: Value): boolean {
  if (v === MISSING || v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** Go's fmt %v of decoded JSON. */
function show(v: Value): string {
  if (v === MISSING || v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${show((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return String(v);
}

function sprintf(fmt: string, args: Value[]): string {
  let n = 0;
  return fmt.replace(/%([-+ 0#]*\d*(?:\.\d+)?)([vsdqx%])/g, (_all, _flags: string, verb: string) => {
    if (verb === '%') return '%';
    const a = args[n++];
    if (a === undefined) return `%!${verb}(MISSING)`;
    if (verb === 'q') return JSON.stringify(show(a));
    if (verb === 'd') return typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${typeof a}=${show(a)})`;
    if (verb === 'x')
      return typeof a === 'number'
        ? Math.trunc(a).toString(16)
        : [...new TextEncoder().encode(show(a))].map((b) => b.toString(16).padStart(2, '0')).join('');
    return show(a);
  });
}

function evalWord(w: string, dot: Value, root: Value): Value {
  if (w.startsWith('"')) return JSON.parse(w) as string;
  if (w.startsWith('`')) return w.slice(1, -1);
  if (w.startsWith('(')) return evalPipeline(w.slice(1, -1), dot, root);
  if (/^-?\d+(\.\d+)?$/.test(w)) return Number(w);
  if (w === 'true' || w === 'false') return w === 'true';
  if (w === 'nil') return null;
  if (w === '.') return dot;
  let base: Value;
  let rest: string;
  if (w.startsWith('$')) {
    base = root;
    rest = w.slice(1);
  } else if (w.startsWith('.')) {
    base = dot;
    rest = w;
  } else throw new GoTemplateError(`template: output:1: function "${w}" not defined`);
  for (const name of rest.split('.').slice(1)) {
    if (name === '') continue;
    base = field(base, name);
  }
  return base;
}

const FUNCS = new Set(['index', 'len', 'printf', 'print', 'println', 'eq', 'ne', 'not', 'and', 'or']);

function call(fn: string, args: Value[]): Value {
  switch (fn) {
    case 'index': {
      let v = args[0];
      for (const k of args.slice(1)) {
        if (Array.isArray(v) && typeof k === 'number') v = k >= 0 && k < v.length ? v[k] : MISSING;
        else if (v !== MISSING && v && typeof v === 'object') v = (v as Record<string, unknown>)[String(k)] ?? MISSING;
        else v = MISSING;
      }
      // Go's index of a missing map key gives the zero value, which prints as <no value> for interface maps.
      return v;
    }
    case 'len': {
      const v = args[0];
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (v && typeof v === 'object') return Object.keys(v).length;
      throw new GoTemplateError(`template: output:1: error calling len: len of type ${typeof v}`);
    }
    case 'printf':
      return sprintf(typeof args[0] === 'string' ? args[0] : show(args[0]), args.slice(1));
    case 'print':
      return args.map(show).join('');
    case 'println':
      return args.map(show).join(' ') + '\n';
    case 'eq':
      return args.slice(1).some((a) => a === args[0]);
    case 'ne':
      return args[0] !== args[1];
    case 'not':
      return !truthy(args[0]);
    case 'and':
      return args.find((a) => !truthy(a)) ?? args.at(-1);
    default:
      return args.find((a) => truthy(a)) ?? args.at(-1);
  }
}

function evalPipeline(expr: string, dot: Value, root: Value): Value {
  let result: Value = MISSING;
  let first = true;
  for (const stage of expr.split(/\|(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const ws = words(stage.trim());
    if (ws.length === 0) throw new GoTemplateError('template: output:1: missing value for command');
    const head = ws[0]!;
    const args = ws.slice(1).map((w) => evalWord(w, dot, root));
    if (!first) args.push(result);
    if (FUNCS.has(head)) result = call(head, args);
    else if (args.length > 0)
      throw new GoTemplateError(`template: output:1: can't give argument to non-function ${head}`);
    else result = evalWord(head, dot, root);
    first = false;
  }
  return result;
}

function render(nodes: Node[], dot: Value, root: Value): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'action') {
      // `$x := …` assignments are not supported; say so as Go does for an unknown function.
      out += show(evalPipeline(n.expr, dot, root));
    } else {
      const v = evalPipeline(n.expr, dot, root);
      if (n.kind === 'range') {
        const items = Array.isArray(v)
          ? v
          : v !== MISSING && v && typeof v === 'object'
            ? Object.keys(v)
                .sort()
                .map((k) => (v as Record<string, unknown>)[k])
            : [];
        if (items.length === 0) out += n.otherwise ? render(n.otherwise, dot, root) : '';
        for (const x of items) out += render(n.body, x, root);
      } else if (truthy(v)) out += render(n.body, n.kind === 'with' ? v : dot, root);
      else if (n.otherwise) out += render(n.otherwise, dot, root);
    }
  }
  return out;
}

export function goTemplate(template: string, data: unknown): string {
  return render(parse(template), data, data);
}
