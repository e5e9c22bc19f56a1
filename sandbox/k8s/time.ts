/**
 * API timestamps and kubectl's AGE column. The API server stores RFC 3339
 * times with second precision; kubectl prints ages with apimachinery's
 * HumanDuration (k8s.io/apimachinery/pkg/util/duration), copied rule by rule.
 */
import { US_PER_S } from '../world/clock.js';

export function rfc3339(us: number): string {
  return new Date(Math.floor(us / US_PER_S) * 1000).toISOString().replace('.000Z', 'Z');
}

export function parseRfc3339(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms * 1000;
}

export function humanDuration(us: number): string {
  const seconds = Math.trunc(us / US_PER_S);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** AGE of a timestamp as of `now` (kubectl's translateTimestampSince). */
export function age(ts: string | undefined, now: number): string {
  const t = parseRfc3339(ts);
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}
