/**
 * A sandbox's state as a journal of inputs. The emulator is deterministic (one
 * seeded RNG, one virtual clock), so the scenario plus every keystroke, editor
 * save and page answer, each stamped with the virtual time it arrived, rebuild
 * the world exactly: saving to localStorage, Reset, share links and files all
 * carry this and nothing else.
 */

export const JOURNAL_VERSION = 1;
/** Entries kept at most; beyond it the world is too far from the chapter to be worth restoring. */
export const JOURNAL_MAX = 2000;
/** Bytes of one entry's text at most (a paste, an editor save). */
export const ENTRY_MAX = 64 * 1024;
/** Sessions (terminals) per world at most. */
export const SLOTS_MAX = 16;
/** Virtual time a journal may span (a week): a hostile `now` cannot make the replay run forever. */
export const SPAN_MAX_US = 7 * 24 * 3600 * 1_000_000;

/**
 * One input: keystrokes (`d`), an editor result (`e`, null when cancelled), a page answer (`a`)
 * or a routing table saved in the route editor (`r`, on host `h`).
 */
export type JournalEntry =
  | { t: number; s: number; d: string }
  | { t: number; s: number; e: string | null }
  | { t: number; a: string }
  | { t: number; h: string; r: string };

export interface Journal {
  v: number;
  /** What `load` was given: a scenario name or `exercise:ID?lang=..`. */
  scenario: string;
  /** Virtual time when the journal starts (the scenario's clock) and when it was saved. */
  start: number;
  now: number;
  /** Host of each session, in the order they were opened. */
  slots: string[];
  entries: JournalEntry[];
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isStr = (x: unknown, max: number): x is string => typeof x === 'string' && x.length <= max;
const NAME = /^[a-z0-9][a-z0-9.-]{0,62}$/;

/**
 * Check a journal from outside (localStorage, a link, a file) field by field; the reason
 * when it is refused. Nothing from outside reaches the world without passing here.
 */
export function validateJournal(x: unknown): { ok: true; value: Journal } | { ok: false; reason: string } {
  const bad = (reason: string) => ({ ok: false as const, reason });
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return bad('not an object');
  const j = x as Record<string, unknown>;
  if (j.v !== JOURNAL_VERSION) return bad(`unsupported version ${String(j.v)}`);
  if (!isStr(j.scenario, 100) || !/^[a-z0-9:?=-]+$/.test(j.scenario)) return bad('bad scenario');
  if (!isInt(j.start) || !isInt(j.now) || j.now < j.start || j.now - j.start > SPAN_MAX_US) return bad('bad times');
  if (!Array.isArray(j.slots) || j.slots.length > SLOTS_MAX) return bad('bad sessions');
  for (const h of j.slots) if (!isStr(h, 63) || !NAME.test(h)) return bad('bad host name');
  if (!Array.isArray(j.entries) || j.entries.length > JOURNAL_MAX) return bad('bad entries');
  let last = j.start;
  for (const e of j.entries as unknown[]) {
    if (typeof e !== 'object' || e === null) return bad('bad entry');
    const r = e as Record<string, unknown>;
    if (!isInt(r.t) || r.t < last || r.t > j.now) return bad('entries out of order');
    last = r.t;
    if ('a' in r) {
      if (!isStr(r.a, 500)) return bad('bad answer');
      continue;
    }
    if ('r' in r) {
      if (!isStr(r.r, ENTRY_MAX) || !isStr(r.h, 63) || !NAME.test(r.h)) return bad('bad route table');
      continue;
    }
    if (!isInt(r.s) || r.s < 0 || r.s >= j.slots.length) return bad('bad session index');
    if ('d' in r) {
      if (!isStr(r.d, ENTRY_MAX)) return bad('bad input');
    } else if ('e' in r) {
      if (r.e !== null && !isStr(r.e, ENTRY_MAX)) return bad('bad editor text');
    } else return bad('bad entry');
  }
  return { ok: true, value: x as Journal };
}

/** Append, keeping the bound: the oldest entries cannot be dropped (the replay needs them), so new ones are refused. */
export function appendEntry(j: Journal, e: JournalEntry): boolean {
  if (j.entries.length >= JOURNAL_MAX) return false;
  j.entries.push(e);
  return true;
}
