/**
 * klog's line header, as flanneld prints it: `I0515 10:00:05.123456       1 main.go:211] `
 * (severity, MMDD, UTC time to the microsecond — containers run in UTC —,
 * the thread id right-aligned in 7 columns, file:line).
 */
export type Severity = 'I' | 'W' | 'E' | 'F';

export function klogHeader(sev: Severity, tsUs: number, file: string): string {
  const d = new Date(Math.floor(tsUs / 1000));
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const micros = String(((tsUs % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${sev}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${micros}       1 ${file}] `;
}
