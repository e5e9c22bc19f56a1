/**
 * Template hashes as Kubernetes spells them: a 32-bit FNV-1a of the pod
 * template, written in decimal and passed through rand.SafeEncodeString
 * (each character's code modulo the 27 "safe" letters and digits). That is
 * why every pod-template-hash looks like `664c5f866b`.
 */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE[s.charCodeAt(i) % SAFE.length];
  return out;
}

/** Stable JSON (sorted keys), so equal templates hash equally. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function templateHash(template: unknown, collisionCount = 0): string {
  return safeEncode(String(fnv32a(stableJson(template) + (collisionCount ? `#${collisionCount}` : ''))));
}
