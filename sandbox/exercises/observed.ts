/**
 * Questions graders ask about what the reader observed: which captures ran
 * where and what they printed, what was answered, which packets reached pods.
 */
import type {
  AnswerObservation,
  CaptureObservation,
  FrameSummary,
  Observation,
  PacketObservation,
  PingObservation,
} from '../world/observations.js';

export function captures(
  obs: readonly Observation[],
  where: { host?: string; iface?: string } = {},
): CaptureObservation[] {
  return obs.filter(
    (o): o is CaptureObservation =>
      o.kind === 'capture' &&
      (where.host === undefined || o.host === where.host) &&
      (where.iface === undefined || o.iface === where.iface),
  );
}

export function answers(obs: readonly Observation[]): AnswerObservation[] {
  return obs.filter((o): o is AnswerObservation => o.kind === 'answer');
}

/** The most recent answer: a reader may change their mind. */
export function lastAnswer(obs: readonly Observation[]): AnswerObservation | undefined {
  const a = answers(obs);
  return a[a.length - 1];
}

export function packets(obs: readonly Observation[], host?: string): PacketObservation[] {
  return obs.filter((o): o is PacketObservation => o.kind === 'packet' && (host === undefined || o.host === host));
}

export function pings(obs: readonly Observation[], host?: string): PingObservation[] {
  return obs.filter((o): o is PingObservation => o.kind === 'ping' && (host === undefined || o.host === host));
}

/** ICMP echo (type 8 request / 0 reply) between a and b in either direction, at any depth. */
export function isEchoBetween(f: FrameSummary, a: string, b: string): boolean {
  const p = f.inner ?? f.ip;
  if (!p) return false;
  const t = f.inner ? f.inner.icmpType : f.icmpType;
  if (t !== 0 && t !== 8) return false;
  return (p.src === a && p.dst === b) || (p.src === b && p.dst === a);
}

/** Plain (not tunnelled) ICMP echo between a and b. */
export function isPlainEchoBetween(f: FrameSummary, a: string, b: string): boolean {
  return f.vxlan === undefined && f.inner === undefined && isEchoBetween(f, a, b);
}

/** Every decimal number in a text, in order ("port 8472, vni 1" → [8472, 1]). */
export function numbersIn(text: string): number[] {
  return (text.match(/\d+/g) ?? []).map(Number);
}

/** Lowercased tokens: words, numbers, dotted names (flannel.1), IPs. */
export function tokensIn(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9._:/-]*/g) ?? []).map((t) => t.replace(/[.:]+$/, ''));
}

/** `key=value` or `key: value` or `key value` pairs of an answer, keys lowercased. */
export function answerField(text: string, key: string): string | undefined {
  const re = new RegExp(`(?:^|[\\s,;])${key}\\s*[=:：]?\\s*([^\\s,;]+)`, 'i');
  return re.exec(text)?.[1];
}

/**
 * A field of an answer: `key=value` (or `key: value`, `key value`) when the
 * reader named it, else the `fallback`-th bare value (so `answer 8472 1` works).
 */
export function answerValue(text: string, key: string, fallback?: number): string | undefined {
  const named = answerField(text, key);
  if (named !== undefined) return named.toLowerCase();
  if (fallback === undefined) return undefined;
  const bare = text.split(/[\s,;]+/).filter((w) => w !== '' && !/[=:：]/.test(w) && !/^[a-z]+$/i.test(w));
  return bare[fallback]?.toLowerCase();
}
