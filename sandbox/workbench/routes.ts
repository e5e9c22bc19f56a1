/**
 * The route editor's save: the node's table in `ip route` syntax, edited as text, applied
 * as the difference (del, add, or replace when a destination stays with a new next hop),
 * each through the real `ip route` so the kernel's own error comes back for its line. On
 * any error what was applied is undone: nothing changes.
 */
export interface RouteProblem {
  line: number;
  column: number;
  message: string;
}

type Run = (line: string) => Promise<string>;

const norm = (l: string): string => l.trim().replace(/\s+/g, ' ');
const dstOf = (l: string): string => norm(l).split(' ')[0] ?? '';

interface Op {
  kind: 'add' | 'del' | 'replace';
  route: string;
  /** For replace and del: the row it replaces or removes (to undo). */
  old?: string;
  /** 1-based line in the edited text (del: the line the row was on, or 1). */
  line: number;
}

export function planRoutes(current: string, edited: string): Op[] {
  const before = current.split('\n').map(norm).filter(Boolean);
  const lines = edited.split('\n');
  const after: { route: string; line: number }[] = [];
  lines.forEach((l, i) => {
    const r = norm(l.replace(/#.*$/, ''));
    if (r) after.push({ route: r, line: i + 1 });
  });
  const keep = new Set(after.map((a) => a.route));
  const removed = before.filter((b) => !keep.has(b));
  const had = new Set(before);
  const ops: Op[] = [];
  for (const a of after) {
    if (had.has(a.route)) continue;
    const i = removed.findIndex((r) => dstOf(r) === dstOf(a.route));
    if (i >= 0) {
      ops.push({ kind: 'replace', route: a.route, old: removed[i]!, line: a.line });
      removed.splice(i, 1);
    } else ops.push({ kind: 'add', route: a.route, line: a.line });
  }
  // Deletions first: a new route may need the place of an old one.
  return [...removed.map((r): Op => ({ kind: 'del', route: r, old: r, line: 1 })), ...ops];
}

export async function applyRoutes(run: Run, edited: string): Promise<RouteProblem[]> {
  const current = await run('ip route show');
  const ops = planRoutes(current, edited);
  const done: Op[] = [];
  for (const op of ops) {
    const out = (await run(`ip route ${op.kind} ${op.route}`)).trim();
    if (out !== '') {
      // Undo in reverse order, so the table is as it was.
      for (const d of done.reverse()) {
        if (d.kind === 'add') await run(`ip route del ${d.route}`);
        else if (d.kind === 'del') await run(`ip route add ${d.old}`);
        else await run(`ip route replace ${d.old}`);
      }
      return [{ line: op.line, column: 1, message: `ip route ${op.kind} ${op.route}: ${out.split('\n')[0]}` }];
    }
    done.push(op);
  }
  return [];
}
