/**
 * Makes sure text committed by an input method reaches the shell exactly once.
 *
 * xterm.js turns a composition into input along several paths: the textarea diff
 * read after `compositionend`, the `input` event of an `insertText` commit, and
 * the keydown (keyCode 229) path for keys an IME passes through. Depending on the
 * IME and the browser two of them can fire for one commit (xterm.js #1527, #3191,
 * #3533), or the commit can pick up the first key of the next composition
 * (#5023: "狠狠" + "q"). A duplicate arrives with no user event between the two
 * deliveries; a character typed twice on purpose always has one (a keydown, a new
 * composition). So: after a commit has been forwarded, identical data is dropped
 * until the user does something again, and a commit that carries the start of the
 * composition now in progress is cut back to what was committed.
 */
export interface ImeGuard {
  /** Filter for xterm's onData: the text to forward ('' to drop). */
  filter(data: string): string;
  dispose(): void;
}

export function imeGuard(textarea: HTMLTextAreaElement): ImeGuard {
  let composing = false;
  /** Text of the composition in progress (compositionupdate's data). */
  let current = '';
  /** The last composition's committed text, until it has been forwarded. */
  let pending: string | undefined;
  /** The last commit forwarded, and whether the user has acted since. */
  let forwarded: string | undefined;

  const userActed = (): void => {
    forwarded = undefined;
  };
  const onStart = (): void => {
    composing = true;
    current = '';
    userActed();
  };
  const onUpdate = (e: CompositionEvent): void => {
    current = e.data ?? '';
  };
  const onEnd = (e: CompositionEvent): void => {
    composing = false;
    current = '';
    pending = e.data ?? '';
    userActed();
  };
  const listeners: [string, EventListener][] = [
    ['compositionstart', onStart as EventListener],
    ['compositionupdate', onUpdate as EventListener],
    ['compositionend', onEnd as EventListener],
    ['keydown', userActed],
    ['paste', userActed],
  ];
  // Capture phase: the guard must see each event before xterm's own handlers react to it.
  for (const [type, fn] of listeners) textarea.addEventListener(type, fn, true);

  return {
    filter(data) {
      if (forwarded !== undefined && data === forwarded) return '';
      if (pending !== undefined && pending !== '') {
        const commit = pending;
        if (data === commit) {
          pending = undefined;
          forwarded = commit;
          return data;
        }
        if (composing && data.startsWith(commit) && current.startsWith(data.slice(commit.length))) {
          pending = undefined;
          forwarded = commit;
          return commit;
        }
      }
      return data;
    },
    dispose() {
      for (const [type, fn] of listeners) textarea.removeEventListener(type, fn, true);
    },
  };
}
