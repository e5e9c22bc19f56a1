/**
 * Where a sandbox's journal lives in the page: localStorage (saved after every command,
 * restored on reload), share links (`#s=v1.<base64url(deflate(json))>`) and files. The
 * worker validates every journal again before it replays one; here a link is refused early
 * when it cannot even be decoded, and the reader is told why.
 */
import type { Journal } from '../../../sandbox/worker';

export const SHARE_PREFIX = '#s=v1.';
/** A link longer than this is refused unread (browsers cut URLs near 2 MB anyway). */
export const SHARE_MAX_CHARS = 256 * 1024;
/** Inflated JSON at most: a deflate bomb stops here. */
const JSON_MAX_BYTES = 4 * 1024 * 1024;

/** Shared between the terminal code and the workbench: one message event per problem. */
export const NOTICE_EVENT = 'flannel-workbench-notice';
export interface Notice {
  sandbox: string;
  kind: 'link-broken' | 'restore-failed' | 'worker-restarted' | 'journal-full';
  detail: string;
}

export interface SharedState {
  sandbox: string;
  journal: Journal;
}

export function storageKey(sandbox: string): string {
  return `flannel-lab:v1:${location.pathname}:${sandbox}`;
}

export function readStored(sandbox: string): unknown {
  try {
    const raw = localStorage.getItem(storageKey(sandbox));
    return raw ? (JSON.parse(raw) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

export function writeStored(sandbox: string, journal: Journal | undefined): void {
  try {
    if (journal === undefined) localStorage.removeItem(storageKey(sandbox));
    else localStorage.setItem(storageKey(sandbox), JSON.stringify(journal));
  } catch {
    // Storage full or disabled (private mode): the page works, it only forgets on reload.
  }
}

export function notify(n: Notice): void {
  document.dispatchEvent(new CustomEvent<Notice>(NOTICE_EVENT, { detail: n }));
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

export async function encodeShare(state: SharedState): Promise<string> {
  const { deflateSync, strToU8 } = await import('fflate');
  return SHARE_PREFIX + toBase64Url(deflateSync(strToU8(JSON.stringify({ sb: state.sandbox, j: state.journal }))));
}

/** The state a link carries, or the reason it cannot be read. Only shape is checked here; the worker checks the rest. */
export async function decodeShare(
  hash: string,
): Promise<{ ok: true; value: SharedState } | { ok: false; reason: string }> {
  if (!hash.startsWith(SHARE_PREFIX)) return { ok: false, reason: 'unknown link version' };
  const body = hash.slice(SHARE_PREFIX.length);
  if (body.length > SHARE_MAX_CHARS) return { ok: false, reason: 'link too long' };
  const bytes = fromBase64Url(body);
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'not base64url' };
  const { inflateSync, strFromU8 } = await import('fflate');
  let json: unknown;
  try {
    // fflate fills at most the buffer it is given: a small link cannot inflate into gigabytes.
    const out = inflateSync(bytes, { out: new Uint8Array(JSON_MAX_BYTES) });
    if (out.length >= JSON_MAX_BYTES) return { ok: false, reason: 'too large' };
    json = JSON.parse(strFromU8(out));
  } catch {
    return { ok: false, reason: 'not a compressed state' };
  }
  if (typeof json !== 'object' || json === null) return { ok: false, reason: 'not a state' };
  const o = json as { sb?: unknown; j?: unknown };
  if (typeof o.sb !== 'string' || !/^[a-z0-9-]{1,40}$/.test(o.sb) || typeof o.j !== 'object' || o.j === null) {
    return { ok: false, reason: 'not a state' };
  }
  return { ok: true, value: { sandbox: o.sb, journal: o.j as Journal } };
}

/** The link state of this page, decoded once; `undefined` when the page has no state link. */
let fromLink: Promise<{ ok: true; value: SharedState } | { ok: false; reason: string }> | undefined;
export function linkState(): typeof fromLink {
  if (fromLink === undefined && location.hash.startsWith('#s=')) {
    fromLink = decodeShare(location.hash);
    // The link did its work: later reloads restore from localStorage, and the address stays short.
    history.replaceState(null, '', location.pathname + location.search);
  }
  return fromLink;
}
