/**
 * Linux errno names the netlink-like API returns, and the text strerror(3)
 * gives for them (iproute2 prints `RTNETLINK answers: <strerror>` when the
 * kernel sent no extended ack).
 */
export type Errno =
  | 'EEXIST'
  | 'ESRCH'
  | 'ENOENT'
  | 'EINVAL'
  | 'ENODEV'
  | 'ENETUNREACH'
  | 'EHOSTUNREACH'
  | 'EOPNOTSUPP'
  | 'EADDRNOTAVAIL'
  | 'EBUSY'
  | 'ERANGE'
  | 'EPERM'
  | 'ENETDOWN'
  | 'EMSGSIZE'
  | 'ENOBUFS'
  | 'EACCES'
  | 'EAGAIN'
  | 'ELOOP';

const TEXT: Record<Errno, string> = {
  EEXIST: 'File exists',
  ESRCH: 'No such process',
  ENOENT: 'No such file or directory',
  EINVAL: 'Invalid argument',
  ENODEV: 'No such device',
  ENETUNREACH: 'Network is unreachable',
  EHOSTUNREACH: 'No route to host',
  EOPNOTSUPP: 'Operation not supported',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EBUSY: 'Device or resource busy',
  ERANGE: 'Numerical result out of range',
  EPERM: 'Operation not permitted',
  ENETDOWN: 'Network is down',
  EMSGSIZE: 'Message too long',
  ENOBUFS: 'No buffer space available',
  EACCES: 'Permission denied',
  EAGAIN: 'Resource temporarily unavailable',
  ELOOP: 'Too many levels of symbolic links',
};

export function strerror(e: Errno): string {
  return TEXT[e];
}

export type KResult<T> = { ok: true; value: T } | { ok: false; errno: Errno; extack?: string };
export type KError = { ok: false; errno: Errno; extack?: string };

export function ok<T>(value: T): KResult<T> {
  return { ok: true, value };
}

export function fail(errno: Errno, extack?: string): KError {
  return extack === undefined ? { ok: false, errno } : { ok: false, errno, extack };
}

/** What iproute2 prints for a failed request: the extack when there is one, else strerror. */
export function iproute2Message(e: KError): string {
  return e.extack !== undefined ? `Error: ${e.extack}.` : `RTNETLINK answers: ${strerror(e.errno)}`;
}
