/**
 * Waiting on the virtual clock for whichever comes first: a deadline, a wake-up
 * from a socket callback, or a signal. The time drivers step the clock one
 * event at a time, so a timer we put on the world's queue is all it takes.
 */
import type { CommandContext } from '../../shell/command.js';

export class Waiter {
  private wakeFn: (() => void) | undefined;

  constructor(private readonly ctx: CommandContext) {}

  /** Wake the pending wait (a reply arrived). */
  wake(): void {
    const f = this.wakeFn;
    this.wakeFn = undefined;
    f?.();
  }

  /** Resolves 'time' at virtual time `at`, 'wake' on wake(), 'signal' when the command is signalled. */
  until(at: number): Promise<'time' | 'wake' | 'signal'> {
    const ctx = this.ctx;
    if (ctx.signal) return Promise.resolve('signal');
    return new Promise((resolve) => {
      let done = false;
      const finish = (why: 'time' | 'wake' | 'signal'): void => {
        if (done) return;
        done = true;
        timer.cancel();
        this.wakeFn = undefined;
        resolve(why);
      };
      const timer = ctx.world.clock.at(at, () => finish('time'));
      this.wakeFn = () => finish('wake');
      void ctx.signalled.then(() => finish('signal'));
    });
  }
}
