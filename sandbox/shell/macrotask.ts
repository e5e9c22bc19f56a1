/**
 * Yield to the host's event loop once: every pending promise reaction runs
 * before the returned promise resolves. setImmediate in Node; a MessageChannel
 * in a Worker (setTimeout would be clamped to milliseconds).
 */
type Immediate = (cb: () => void) => unknown;

const g = globalThis as { setImmediate?: Immediate; MessageChannel?: typeof MessageChannel };

function makeScheduler(): Immediate {
  if (typeof g.setImmediate === 'function') return g.setImmediate.bind(globalThis);
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    const queue: (() => void)[] = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return (cb) => {
      queue.push(cb);
      channel.port2.postMessage(0);
    };
  }
  return (cb) => setTimeout(cb, 0);
}

export const scheduleMacrotask: Immediate = makeScheduler();

export function macrotask(): Promise<void> {
  return new Promise((resolve) => scheduleMacrotask(resolve));
}
