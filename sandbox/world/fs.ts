/**
 * A small in-memory file system, one per host. Files hold bytes so that a pcap
 * written by `tcpdump -w` is the same object `download` and `cat` read.
 */
export type FileData = Uint8Array;

export interface FsEntry {
  kind: 'file' | 'dir';
  data?: FileData;
  mtime: number;
  mode: number;
}

export class FsError extends Error {
  constructor(
    readonly code: 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EEXIST' | 'ENOTEMPTY' | 'EFBIG' | 'EINVAL' | 'EPERM',
    readonly path: string,
  ) {
    super(`${code}: ${path}`);
  }
}

/** Per-file cap, so a capture left running cannot fill the worker's memory. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

const enc = new TextEncoder();
const dec = new TextDecoder();

export function normalizePath(path: string, cwd = '/'): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const part of abs.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * A tree the kernel serves rather than stores (`/proc/sys`): paths are relative to the mount
 * point, '' being the mount point itself. Reads are computed at each call; a write is the
 * kernel's to accept or refuse (FsError 'EINVAL').
 */
export interface FsProvider {
  kind(rel: string): 'file' | 'dir' | undefined;
  read(rel: string): string;
  write(rel: string, text: string): void;
  list(rel: string): string[];
}

export class VirtualFS {
  private entries = new Map<string, FsEntry>();
  private mounts: { at: string; provider: FsProvider }[] = [];

  constructor(private readonly now: () => number = () => 0) {
    this.entries.set('/', { kind: 'dir', mtime: 0, mode: 0o755 });
  }

  /** Serve `at` and below from `provider` (its parent directories are created). */
  mount(at: string, provider: FsProvider): void {
    const p = normalizePath(at);
    this.mkdirp(dirname(p));
    this.entries.delete(p);
    this.mounts.push({ at: p, provider });
  }

  private mounted(p: string): { provider: FsProvider; rel: string } | undefined {
    for (const m of this.mounts) {
      if (p === m.at) return { provider: m.provider, rel: '' };
      if (p.startsWith(m.at + '/')) return { provider: m.provider, rel: p.slice(m.at.length + 1) };
    }
    return undefined;
  }

  stat(path: string): FsEntry | undefined {
    const p = normalizePath(path);
    const m = this.mounted(p);
    if (m) {
      const kind = m.provider.kind(m.rel);
      return kind ? { kind, mtime: this.now(), mode: kind === 'dir' ? 0o555 : 0o644 } : undefined;
    }
    return this.entries.get(p);
  }

  exists(path: string): boolean {
    return this.stat(path) !== undefined;
  }

  isDir(path: string): boolean {
    return this.stat(path)?.kind === 'dir';
  }

  mkdirp(path: string): void {
    const p = normalizePath(path);
    if (p === '/') return;
    const m = this.mounted(p);
    if (m) {
      if (m.provider.kind(m.rel) === 'dir') return;
      throw new FsError(m.provider.kind(m.rel) ? 'ENOTDIR' : 'ENOENT', p);
    }
    const existing = this.entries.get(p);
    if (existing) {
      if (existing.kind !== 'dir') throw new FsError('ENOTDIR', p);
      return;
    }
    this.mkdirp(dirname(p));
    this.entries.set(p, { kind: 'dir', mtime: this.now(), mode: 0o755 });
  }

  write(path: string, data: FileData | string, mode = 0o644): void {
    const p = normalizePath(path);
    const m = this.mounted(p);
    if (m) {
      const kind = m.provider.kind(m.rel);
      if (kind === 'dir') throw new FsError('EISDIR', p);
      if (!kind) throw new FsError('ENOENT', p);
      const text = typeof data === 'string' ? data : dec.decode(data);
      // Opening with O_TRUNC writes nothing: only what is written reaches the kernel.
      if (text !== '') m.provider.write(m.rel, text);
      return;
    }
    const bytes = typeof data === 'string' ? enc.encode(data) : data;
    if (bytes.length > MAX_FILE_BYTES) throw new FsError('EFBIG', p);
    const existing = this.entries.get(p);
    if (existing?.kind === 'dir') throw new FsError('EISDIR', p);
    const parent = this.entries.get(dirname(p));
    if (!parent) throw new FsError('ENOENT', p);
    if (parent.kind !== 'dir') throw new FsError('ENOTDIR', p);
    this.entries.set(p, { kind: 'file', data: bytes, mtime: this.now(), mode: existing?.mode ?? mode });
  }

  /** write(), creating missing parent directories first. */
  put(path: string, data: FileData | string, mode = 0o644): void {
    this.mkdirp(dirname(normalizePath(path)));
    this.write(path, data, mode);
  }

  append(path: string, data: FileData | string): void {
    if (this.mounted(normalizePath(path))) {
      this.write(path, data);
      return;
    }
    const old = this.readBytesOrEmpty(path);
    const add = typeof data === 'string' ? enc.encode(data) : data;
    const joined = new Uint8Array(old.length + add.length);
    joined.set(old);
    joined.set(add, old.length);
    this.write(path, joined);
  }

  readBytes(path: string): FileData {
    const p = normalizePath(path);
    const m = this.mounted(p);
    if (m) {
      const kind = m.provider.kind(m.rel);
      if (!kind) throw new FsError('ENOENT', p);
      if (kind === 'dir') throw new FsError('EISDIR', p);
      return enc.encode(m.provider.read(m.rel));
    }
    const e = this.entries.get(p);
    if (!e) throw new FsError('ENOENT', p);
    if (e.kind === 'dir') throw new FsError('EISDIR', p);
    return e.data ?? new Uint8Array();
  }

  readText(path: string): string {
    return dec.decode(this.readBytes(path));
  }

  /** Sorted names directly inside a directory. */
  list(path: string): string[] {
    const p = normalizePath(path);
    const m = this.mounted(p);
    if (m) {
      const kind = m.provider.kind(m.rel);
      if (!kind) throw new FsError('ENOENT', p);
      if (kind !== 'dir') throw new FsError('ENOTDIR', p);
      return m.provider.list(m.rel).sort();
    }
    const e = this.entries.get(p);
    if (!e) throw new FsError('ENOENT', p);
    if (e.kind !== 'dir') throw new FsError('ENOTDIR', p);
    const prefix = p === '/' ? '/' : p + '/';
    const names: string[] = [];
    for (const key of this.entries.keys()) {
      if (key !== p && key.startsWith(prefix) && !key.slice(prefix.length).includes('/')) {
        names.push(key.slice(prefix.length));
      }
    }
    for (const mt of this.mounts) {
      if (dirname(mt.at) === p && mt.at !== p) names.push(basename(mt.at));
    }
    return names.sort();
  }

  remove(path: string, recursive = false): void {
    const p = normalizePath(path);
    if (this.mounted(p)) throw new FsError('EPERM', p);
    const e = this.entries.get(p);
    if (!e) throw new FsError('ENOENT', p);
    if (e.kind === 'dir') {
      const children = this.list(p);
      if (children.length > 0 && !recursive) throw new FsError('ENOTEMPTY', p);
      for (const c of children) this.remove(`${p === '/' ? '' : p}/${c}`, true);
    }
    if (p !== '/') this.entries.delete(p);
  }

  /** Every path, for snapshots. */
  paths(): string[] {
    return [...this.entries.keys()].sort();
  }

  private readBytesOrEmpty(path: string): FileData {
    try {
      return this.readBytes(path);
    } catch {
      return new Uint8Array();
    }
  }
}

/** The strerror() text a shell or coreutils prints for a file-system error. */
export function fsErrorText(e: unknown): string {
  if (e instanceof FsError) {
    switch (e.code) {
      case 'ENOENT':
        return 'No such file or directory';
      case 'EISDIR':
        return 'Is a directory';
      case 'ENOTDIR':
        return 'Not a directory';
      case 'EEXIST':
        return 'File exists';
      case 'ENOTEMPTY':
        return 'Directory not empty';
      case 'EFBIG':
        return 'File too large';
      case 'EINVAL':
        return 'Invalid argument';
      case 'EPERM':
        return 'Operation not permitted';
    }
  }
  return e instanceof Error ? e.message : String(e);
}
