/**
 * The subset of kubectl's JSONPath (k8s.io/client-go/util/jsonpath) that
 * people type: `{.a.b}`, `[n]`, `[*]`, `..key`, `[?(@.k=="v")]`,
 * `{range …}…{end}`, quoted literals, and plain text around them. Several
 * results of one expression print space-separated, as kubectl does.
 */
export class JsonPathError extends Error {}

type Node =
  { kind: 'text'; text: string } | { kind: 'expr'; path: string } | { kind: 'range'; path: string; body: Node[] };

function parseTemplate(tpl: string): Node[] {
  const stack: Node[][] = [[]];
  const ranges: { path: string }[] = [];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1]!.push({ kind: 'text', text: tpl.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1]!.push({ kind: 'text', text: tpl.slice(i, open) });
    let depth = 0;
    let close = -1;
    let quote = '';
    for (let j = open; j < tpl.length; j++) {
      const c = tpl[j]!;
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = '';
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        close = j;
        break;
      }
    }
    if (close < 0) throw new JsonPathError(`unclosed action`);
    const inner = tpl.slice(open + 1, close).trim();
    if (inner.startsWith('range ')) {
      ranges.push({ path: inner.slice(6).trim() });
      stack.push([]);
    } else if (inner === 'end') {
      const r = ranges.pop();
      if (!r) throw new JsonPathError(`not in range, nothing to end`);
      const body = stack.pop()!;
      stack[stack.length - 1]!.push({ kind: 'range', path: r.path, body });
    } else if (/^"(?:[^"\\]|\\.)*"$|^'[^']*'$/.test(inner)) {
      const text = inner.startsWith('"') ? (JSON.parse(inner) as string) : inner.slice(1, -1);
      stack[stack.length - 1]!.push({ kind: 'text', text });
    } else {
      stack[stack.length - 1]!.push({ kind: 'expr', path: inner });
    }
    i = close + 1;
  }
  if (ranges.length) throw new JsonPathError(`unclosed range`);
  return stack[0]!;
}

/** A field name: anything up to client-go's terminators ( .,[]$@{} ), a backslash escaping the next character. */
const FIELD = /^(?:\\[^]|[^\s.,[\]$@{}\\])*/;

function tokens(path: string): string[] {
  const out: string[] = [];
  let i = 0;
  if (path.startsWith('$')) i = 1;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '.') {
      const recursive = path[i + 1] === '.';
      const start = i + (recursive ? 2 : 1);
      // client-go reads a field up to an unescaped terminator, then drops every backslash: annotation keys
      // are typed as flannel\.alpha\.coreos\.com/backend-type, ConfigMap keys as net-conf\.json.
      const m = FIELD.exec(path.slice(start))!;
      const name = m[0].replace(/\\/g, '');
      if (recursive) out.push('..' + name);
      else if (name) out.push(name);
      i = start + m[0].length;
    } else if (c === '[') {
      let depth = 0;
      let j = i;
      for (; j < path.length; j++) {
        if (path[j] === '[') depth++;
        else if (path[j] === ']' && --depth === 0) break;
      }
      if (j >= path.length) throw new JsonPathError(`unterminated array`);
      out.push(path.slice(i, j + 1));
      i = j + 1;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      throw new JsonPathError(
        `unrecognized character in action: U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${c}'`,
      );
    }
  }
  return out;
}

function recursive(v: unknown, key: string, out: unknown[]): void {
  if (Array.isArray(v)) for (const x of v) recursive(x, key, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === key) out.push(x);
      recursive(x, key, out);
    }
  }
}

function evalPath(path: string, roots: unknown[], root: unknown): unknown[] {
  let cur = path.startsWith('@') ? roots : path.startsWith('$') ? [root] : roots;
  const toks = tokens(path.replace(/^@/, ''));
  for (const t of toks) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (t.startsWith('..')) recursive(v, t.slice(2), next);
      else if (t.startsWith('[')) {
        const inner = t.slice(1, -1).trim();
        // ['key'] names a map key that may hold dots (client-go's dictKeyRex: single quotes only).
        const dictKey = /^'([^']*)'$/.exec(inner);
        if (dictKey) {
          if (v && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, dictKey[1]!))
            next.push((v as Record<string, unknown>)[dictKey[1]!]);
          continue;
        }
        if (!Array.isArray(v)) {
          if (inner === '*' && v && typeof v === 'object') next.push(...Object.values(v));
          else if (!/^\*$|^\?\(|^-?\d*(:-?\d*)?$/.test(inner)) throw new JsonPathError(`invalid array index ${inner}`);
          continue;
        }
        if (inner === '*') next.push(...v);
        else if (inner.startsWith('?(')) {
          const m = /^\?\((@[^=!<>]*)\s*(==|!=)\s*(.+)\)$/.exec(inner);
          if (!m) {
            const ex = /^\?\((@.*)\)$/.exec(inner);
            if (!ex) throw new JsonPathError(`invalid filter ${inner}`);
            for (const x of v) if (evalPath(ex[1]!, [x], root).length) next.push(x);
            continue;
          }
          let lit: unknown = m[3]!.trim();
          if (/^".*"$|^'.*'$/.test(lit as string)) lit = (lit as string).slice(1, -1);
          else if (/^-?\d+(\.\d+)?$/.test(lit as string)) lit = Number(lit);
          for (const x of v) {
            const got = evalPath(m[1]!.trim(), [x], root);
            const eq = got.some((g) => g === lit || String(g) === String(lit));
            if ((m[2] === '==') === eq) next.push(x);
          }
        } else if (/^-?\d*:-?\d*$/.test(inner)) {
          const [a, b] = inner.split(':');
          next.push(...v.slice(a ? Number(a) : 0, b ? Number(b) : undefined));
        } else if (/^-?\d+$/.test(inner)) {
          const idx = Number(inner);
          const x = v[idx < 0 ? v.length + idx : idx];
          if (x === undefined) throw new JsonPathError(`array index out of bounds: index ${idx}, length ${v.length}`);
          next.push(x);
        } else throw new JsonPathError(`invalid array index ${inner}`);
      } else if (v && typeof v === 'object' && !Array.isArray(v)) {
        if (Object.prototype.hasOwnProperty.call(v, t)) next.push((v as Record<string, unknown>)[t]);
      }
    }
    cur = next;
  }
  return cur;
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function render(nodes: Node[], data: unknown, root: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'expr') out += evalPath(n.path, [data], root).map(show).join(' ');
    else {
      for (const x of evalPath(n.path, [data], root)) {
        if (Array.isArray(x) && n.path.trim().match(/\]$/) === null) {
          for (const y of x) out += render(n.body, y, root);
        } else out += render(n.body, x, root);
      }
    }
  }
  return out;
}

export function jsonPath(template: string, data: unknown): string {
  const nodes = parseTemplate(template);
  return render(nodes, data, data);
}
