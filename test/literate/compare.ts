/**
 * Comparing a page's shown output with what the emulator printed, and with the reference
 * recordings made on a real kernel.
 */

export const ELLIPSIS = '…';

/** Lines of a command's output ("\n"-separated, final newline not a line of its own). */
export function linesOf(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\n$/, '').split('\n');
}

/** Does `actual` match `expected`, where an expected line `…` stands for any number of lines? */
export function matches(expected: readonly string[], actual: readonly string[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (actual.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === expected.length) r = j === actual.length;
    else if (expected[i] === ELLIPSIS) r = go(i + 1, j) || (j < actual.length && go(i, j + 1));
    else r = j < actual.length && expected[i] === actual[j] && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** A small line diff (LCS) for failure messages; trailing spaces are made visible as ·. */
export function diff(expected: readonly string[], actual: readonly string[]): string {
  const a = expected;
  const b = actual;
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const show = (s: string) => s.replace(/ +$/, (m) => '·'.repeat(m.length));
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${show(a[i]!)}`);
      i++;
      j++;
    } else if (j < b.length && (i === a.length || dp[i]![j + 1]! >= dp[i + 1]![j]!)) {
      out.push(`+ ${show(b[j]!)}`);
      j++;
    } else {
      out.push(`- ${show(a[i]!)}`);
      i++;
    }
  }
  return out.join('\n');
}

/**
 * Hide what legitimately differs between two runs of the same command (reference/README.md):
 * timestamps, RTTs, ICMP and IP ids, the VXLAN UDP source port, the bridge's gc_timer.
 */
export function maskVolatile(line: string): string {
  return line
    .replace(/^\d\d:\d\d:\d\d\.\d{6} /, 'HH:MM:SS.ffffff ')
    .replace(/\bid \d+/g, 'id N')
    .replace(/time=\d+(\.\d+)? ms/g, 'time=T ms')
    .replace(/, time \d+ms$/, ', time Tms')
    .replace(/^rtt min\/avg\/max\/mdev = .*$/, 'rtt …')
    .replace(/(\d+\.\d+\.\d+\.\d+)\.\d+ > (\d+\.\d+\.\d+\.\d+)\.8472:/g, '$1.SPORT > $2.8472:')
    .replace(/gc_timer +\d+\.\d+/g, 'gc_timer X');
}

/**
 * The reference lines a page must agree with: the recording's first block (up to its first
 * empty line), so a ping stopped with Ctrl-C still agrees with the recorded `ping -c 4` on
 * every reply line.
 */
export function referenceBlock(refText: string): string[] {
  const lines = linesOf(refText);
  const blank = lines.indexOf('');
  return (blank < 0 ? lines : lines.slice(0, blank)).map(maskVolatile);
}

/**
 * Do the masked reference lines appear, in order, in the masked shown output? (In order but
 * not necessarily adjacent: a live capture may interleave the kernel's ARP probes.)
 */
export function agreesWithReference(shown: readonly string[], refText: string): boolean {
  const ref = referenceBlock(refText);
  if (ref.length === 0) return false;
  let k = 0;
  for (const line of shown.map(maskVolatile)) if (k < ref.length && line === ref[k]) k++;
  return k === ref.length;
}
