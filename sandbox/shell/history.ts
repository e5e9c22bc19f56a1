/**
 * Bash's history expansion, the common designators: `!!`, `!N`, `!-N`,
 * `!prefix`, and the word designators `!$` and `!*` (of the previous line).
 * Single-quoted text and a `!` before a blank, `=` or `(` are left alone.
 */
export type HistoryExpansion = { ok: true; line: string; changed: boolean } | { ok: false; event: string };

function words(line: string): string[] {
  return line.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
}

export function expandHistory(line: string, history: readonly string[]): HistoryExpansion {
  if (!line.includes('!')) return { ok: true, line, changed: false };
  let out = '';
  let changed = false;
  let inSingle = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") inSingle = !inSingle;
    if (c === '\\' && i + 1 < line.length) {
      out += c + line[++i];
      continue;
    }
    if (c !== '!' || inSingle) {
      out += c;
      continue;
    }
    const rest = line.slice(i + 1);
    let m: RegExpExecArray | null;
    let event: string | undefined;
    let len = 0;
    let fail: string | undefined;
    if (rest.startsWith('!')) {
      event = history[history.length - 1];
      len = 1;
      if (event === undefined) fail = '!!';
    } else if (rest.startsWith('$') || rest.startsWith('*')) {
      const prev = history[history.length - 1];
      if (prev === undefined) fail = `!${rest[0]}`;
      else {
        const w = words(prev);
        event = rest[0] === '$' ? (w[w.length - 1] ?? '') : w.slice(1).join(' ');
      }
      len = 1;
    } else if ((m = /^-?\d+/.exec(rest))) {
      const n = Number(m[0]);
      const idx = n < 0 ? history.length + n : n - 1;
      event = history[idx];
      len = m[0].length;
      if (event === undefined) fail = `!${m[0]}`;
    } else if ((m = /^[^\s=();&|<>"'!]+/.exec(rest))) {
      const prefix = m[0];
      for (let k = history.length - 1; k >= 0; k--) {
        if (history[k]!.startsWith(prefix)) {
          event = history[k];
          break;
        }
      }
      len = prefix.length;
      if (event === undefined) fail = `!${prefix}`;
    } else {
      out += c;
      continue;
    }
    if (fail !== undefined) return { ok: false, event: fail };
    out += event;
    changed = true;
    i += len;
  }
  return { ok: true, line: out, changed };
}
