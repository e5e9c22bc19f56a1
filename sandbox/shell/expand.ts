/**
 * Word expansion in bash's order, for the part we support: tilde, parameters
 * (`$VAR`, `${VAR}`, `$?`, `$$`, `$!`), field splitting of unquoted
 * expansions, and pathname globbing (`*`, `?`, `[...]`) against the host's
 * file system.
 */
import type { Word, WordPart } from './parser.js';
import type { VirtualFS } from '../world/fs.js';
import { normalizePath } from '../world/fs.js';

export interface ExpandEnv {
  getVar(name: string): string | undefined;
  home(): string;
  fs?: VirtualFS;
  cwd?: string;
}

interface Piece {
  text: string;
  /** Characters that may glob (unquoted literal text). */
  globbable: boolean;
}

/** Expand a word into fields (an unquoted empty expansion gives none). */
export function expandWord(w: Word, env: ExpandEnv): string[] {
  const fields: Piece[][] = [[]];
  let sawQuoted = false;
  const cur = (): Piece[] => fields[fields.length - 1]!;
  for (const part of w.parts) {
    if (part.kind === 'tilde') {
      const home = part.user === '' || part.user === 'root' ? env.home() : undefined;
      cur().push({ text: home ?? `~${part.user}`, globbable: false });
    } else if (part.kind === 'lit') {
      if (part.quoted) sawQuoted = true;
      cur().push({ text: part.text, globbable: !part.quoted });
    } else {
      const value = part.kind === 'var' ? paramValue(part, env) : (part.value ?? '');
      if (part.quoted) {
        sawQuoted = true;
        cur().push({ text: value, globbable: false });
        continue;
      }
      // Field splitting on IFS whitespace.
      if (value === '') continue;
      const tokens = value.split(/[ \t\n]+/).filter((t) => t !== '');
      if (/^[ \t\n]/.test(value) && cur().length > 0) fields.push([]);
      tokens.forEach((t, i) => {
        if (i > 0) fields.push([]);
        cur().push({ text: t, globbable: true });
      });
      if (/[ \t\n]$/.test(value) && tokens.length > 0) fields.push([]);
    }
  }
  const out: string[] = [];
  for (const f of fields) {
    if (f.length === 0) continue;
    const text = f.map((p) => p.text).join('');
    const magic = f.some((p) => p.globbable && /[*?[]/.test(p.text));
    const globbed = env.fs && magic ? glob(f, env.fs, env.cwd ?? '/') : undefined;
    if (globbed && globbed.length > 0) out.push(...globbed);
    else out.push(text);
  }
  if (out.length === 0 && sawQuoted) return [''];
  return out;
}

/** Expand to exactly one string (redirection targets, assignments: no splitting, no globbing). */
export function expandJoined(w: Word, env: ExpandEnv): string {
  return w.parts
    .map((p) =>
      p.kind === 'lit'
        ? p.text
        : p.kind === 'tilde'
          ? p.user === ''
            ? env.home()
            : `~${p.user}`
          : p.kind === 'var'
            ? paramValue(p, env)
            : (p.value ?? ''),
    )
    .join('');
}

/** `$X`, `${X:-word}`, `${X:+word}`, `${#X}` (the word is taken literally). */
function paramValue(part: Extract<WordPart, { kind: 'var' }>, env: ExpandEnv): string {
  const v = env.getVar(part.name);
  switch (part.op) {
    case '#':
      return String([...(v ?? '')].length);
    case ':-':
    case ':=':
      return v === undefined || v === '' ? (part.arg ?? '') : v;
    case '-':
    case '=':
      return v === undefined ? (part.arg ?? '') : v;
    case ':+':
      return v === undefined || v === '' ? '' : (part.arg ?? '');
    case '+':
      return v === undefined ? '' : (part.arg ?? '');
    default:
      return v ?? '';
  }
}

function globToRegExp(pieces: Piece[]): RegExp | undefined {
  let re = '';
  let magic = false;
  for (const p of pieces) {
    for (let i = 0; i < p.text.length; i++) {
      const c = p.text[i]!;
      if (p.globbable && c === '*') {
        re += '[^/]*';
        magic = true;
      } else if (p.globbable && c === '?') {
        re += '[^/]';
        magic = true;
      } else if (p.globbable && c === '[') {
        const close = p.text.indexOf(']', i + 2);
        if (close > 0) {
          let set = p.text.slice(i + 1, close);
          if (set.startsWith('!')) set = '^' + set.slice(1);
          re += `[${set.replace(/\\/g, '\\\\')}]`;
          i = close;
          magic = true;
        } else re += '\\[';
      } else {
        re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      }
    }
  }
  if (!magic) return undefined;
  try {
    return new RegExp(`^${re}$`);
  } catch {
    return undefined;
  }
}

/** Match a word's pattern segment by segment; undefined when it has no glob characters. */
function glob(pieces: Piece[], fs: VirtualFS, cwd: string): string[] | undefined {
  const full = globToRegExp(pieces);
  if (!full) return undefined;
  const text = pieces.map((p) => p.text).join('');
  const absolute = text.startsWith('/');
  const segments = text.split('/').filter((s, i) => s !== '' || i === 0);
  // Re-derive per-segment patterns from the whole-word regexp's source is fiddly; glob each segment on its own text.
  let bases: string[] = [absolute ? '/' : ''];
  const segs = absolute ? segments.slice(1) : segments;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const segRe = globToRegExp([{ text: seg, globbable: true }]);
    const next: string[] = [];
    for (const b of bases) {
      const dir = normalizePath(b === '' ? '.' : b, cwd);
      if (!segRe) {
        next.push(b === '' ? seg : b.endsWith('/') ? b + seg : `${b}/${seg}`);
        continue;
      }
      if (!fs.isDir(dir)) continue;
      const names = fs.list(dir);
      for (const n of names) {
        if (n.startsWith('.') && !seg.startsWith('.')) continue;
        if (segRe.test(n)) next.push(b === '' ? n : b.endsWith('/') ? b + n : `${b}/${n}`);
      }
    }
    bases = next;
  }
  const found = bases.filter((p) => fs.exists(normalizePath(p, cwd)));
  return found.sort();
}
