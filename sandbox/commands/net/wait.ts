/**
 * Waiting on the virtual clock for whichever comes first: a deadline, a wake-up
 * from a socket callback, or a signal. The time drivers step the clock one
 * event at a time, so a timer we put on the world's queue is all it takes.
 */
import type { CommandContext } from '../../shell/command.js';

export class Waiter {
  private finish: ((why: 'time' | 'wake' | 'signal') => void) | undefined;
  private signalled = false;

  constructor(private readonly ctx: CommandContext) {
    // One listener for the command's life, however many waits it makes.
    void ctx.signalled.then(() => {
      this.signalled = true;
      this.finish?.('signal');
    });
  }

  /** Wake the pending wait (a reply arrived). */
  wake(): void {
    this.finish?.('wake');
  }

  /** Resolves 'time' at virtual time `at`, 'wake' on wake(), 'signal' when the command is signalled. */
  until(at: number): Promise<'time' | 'wake' | 'signal'> {
    if (this.signalled || this.ctx.signal) return Promise.resolve('signal');
    return new Promise((resolve) => {
      const timer = this.ctx.world.clock.at(at, () => this.finish?.('time'));
      this.finish = (why) => {
        this.finish = undefined;
        timer.cancel();
        resolve(why);
      };
    });
  }
}
