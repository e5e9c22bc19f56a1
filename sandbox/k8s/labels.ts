/** Label selectors as `kubectl -l` takes them: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`. */
export type Requirement = { key: string; op: '=' | '!=' | 'exists' | '!exists' | 'in' | 'notin'; values: string[] };

export class SelectorError extends Error {}

export function parseSelector(s: string): Requirement[] {
  const reqs: Requirement[] = [];
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    if (p === '') continue;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      reqs.push({ key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()) });
    } else if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(p))) {
      reqs.push({ key: m[1]!, op: m[2] === '!=' ? '!=' : '=', values: [m[3]!] });
    } else if ((m = /^!([\w./-]+)$/.exec(p))) {
      reqs.push({ key: m[1]!, op: '!exists', values: [] });
    } else if ((m = /^([\w./-]+)$/.exec(p))) {
      reqs.push({ key: m[1]!, op: 'exists', values: [] });
    } else {
      throw new SelectorError(`unable to parse requirement: found '${p}', expected: identifier`);
    }
  }
  return reqs;
}

export function matchesSelector(reqs: Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=':
        return has && v === r.values[0];
      case '!=':
        return !has || v !== r.values[0];
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case 'in':
        return has && r.values.includes(v!);
      case 'notin':
        return !has || !r.values.includes(v!);
    }
  });
}
