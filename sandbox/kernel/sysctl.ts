/**
 * The kernel's tunables under /proc/sys that this emulator honours or reports: the ones tied
 * to the network namespace (forwarding, TTL, rp_filter) read and write the namespace itself;
 * the others (br_netfilter's, set by kubeadm) are plain values kept on the host. Both the
 * `sysctl` command and `cat`/`echo >` on /proc/sys go through here.
 */
import type { Netns } from './netns.js';
import { FsError, type FsProvider } from '../world/fs.js';

/** One tunable: its value as /proc prints it, and a write that may refuse (EINVAL). */
interface Tunable {
  read(): string;
  write(value: string): void;
}

/** proc_dointvec: an optional sign and digits, surrounding blanks allowed; anything else is EINVAL. */
function parseInt32(text: string): number | undefined {
  const t = text.trim();
  if (!/^[-+]?\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

function intTunable(get: () => number, set: (n: number) => void, min?: number, max?: number): Tunable {
  return {
    read: () => `${get()}`,
    write(value) {
      const n = parseInt32(value);
      if (n === undefined || (min !== undefined && n < min) || (max !== undefined && n > max)) {
        throw new FsError('EINVAL', value);
      }
      set(n);
    },
  };
}

/** The tunables of a host: `net.ipv4.ip_forward` style keys. */
export function tunables(ns: Netns, plain: Map<string, string>): Map<string, Tunable> {
  const t = new Map<string, Tunable>();
  // devinet_sysctl_forward: ip_forward and conf.all.forwarding are one switch here.
  const forward = intTunable(
    () => (ns.ipForward ? 1 : 0),
    (n) => (ns.ipForward = n !== 0),
  );
  t.set('net.ipv4.ip_forward', forward);
  t.set('net.ipv4.conf.all.forwarding', forward);
  t.set(
    'net.ipv4.ip_default_ttl',
    intTunable(
      () => ns.defaultTtl,
      (n) => (ns.defaultTtl = n),
      1,
      255,
    ),
  );
  t.set(
    'net.ipv4.conf.all.rp_filter',
    intTunable(
      () => ns.rpFilter,
      (n) => (ns.rpFilter = n),
    ),
  );
  for (const [key, value] of plain) {
    if (t.has(key)) continue;
    let v = value;
    t.set(key, {
      read: () => v,
      write(text) {
        const n = parseInt32(text);
        if (n === undefined) throw new FsError('EINVAL', text);
        v = String(n);
        plain.set(key, v);
      },
    });
  }
  return t;
}

/** `net/ipv4/ip_forward` ↔ `net.ipv4.ip_forward`. */
const keyOf = (rel: string): string => rel.split('/').join('.');

/** /proc/sys as a directory tree over the tunables. */
export function procSys(ns: Netns, plain: Map<string, string>): FsProvider {
  const table = (): Map<string, Tunable> => tunables(ns, plain);
  const dirs = (): Set<string> => {
    const out = new Set<string>(['']);
    for (const key of table().keys()) {
      const parts = key.split('.');
      for (let i = 1; i < parts.length; i++) out.add(parts.slice(0, i).join('/'));
    }
    return out;
  };
  return {
    kind(rel) {
      if (dirs().has(rel)) return 'dir';
      return table().has(keyOf(rel)) ? 'file' : undefined;
    },
    read(rel) {
      return `${table().get(keyOf(rel))?.read() ?? ''}\n`;
    },
    write(rel, text) {
      const tn = table().get(keyOf(rel));
      if (!tn) throw new FsError('ENOENT', rel);
      tn.write(text);
    },
    list(rel) {
      const prefix = rel === '' ? '' : rel + '/';
      const names = new Set<string>();
      for (const d of dirs())
        if (d !== rel && d.startsWith(prefix) && !d.slice(prefix.length).includes('/'))
          names.add(d.slice(prefix.length));
      for (const key of table().keys()) {
        const path = key.split('.').join('/');
        if (path.startsWith(prefix) && !path.slice(prefix.length).includes('/')) names.add(path.slice(prefix.length));
      }
      return [...names];
    },
  };
}
