/**
 * Job control as interactive bash shows it: `[1] PID` when a job starts,
 * `[1]+  Done                    sleep 5` before the next prompt once it ends.
 */
import type { JobInfo, Signal } from './command.js';
import { SIGNAL_NUMBERS } from './command.js';
import type { Proc } from './process.js';

/** A set of processes started by one command line item; Ctrl-C and `kill %N` reach all of them. */
export class ProcGroup {
  readonly procs = new Set<Proc>();
  /** Set when a process of the group died of SIGINT: bash then abandons the rest of the line. */
  interrupted = false;

  /** Ctrl-C was pressed while this group ran: loops stop iterating even if the command then running handled it. */
  sigint = false;

  /** Whether a loop running in this group should stop. */
  cancelled(): boolean {
    return this.interrupted || this.sigint || (this.parent?.cancelled() ?? false);
  }

  /** A group inside another (a command run by ssh or kubectl exec): Ctrl-C on the outer one reaches it too. */
  constructor(readonly parent?: ProcGroup) {}

  add(p: Proc): void {
    this.procs.add(p);
    this.parent?.add(p);
  }

  kill(sig: Signal): void {
    for (const p of this.procs) p.kill(sig);
  }

  live(): Proc[] {
    return [...this.procs].filter((p) => !p.finished);
  }
}

export interface Job {
  id: number;
  pid: number;
  command: string;
  group: ProcGroup;
  state: JobInfo['state'];
  status?: number;
  /** Set once `wait` collected it (bash then prints no notice) or the notice was printed. */
  reported: boolean;
  done: Promise<number>;
}

/** The column bash pads the state to (LONGEST_SIGNAL_DESC + 2 in bash's jobs.c). */
const STATE_WIDTH = 24;

export function stateText(job: Pick<Job, 'state' | 'status'>): string {
  if (job.state === 'Exit') return `Exit ${job.status ?? 1}`;
  return job.state;
}

/** The state a finished job shows, from its status and the signal it got. */
export function finishedState(status: number, signal: Signal | undefined): { state: JobInfo['state']; status: number } {
  if (signal !== undefined && status === 128 + SIGNAL_NUMBERS[signal]) {
    const state: JobInfo['state'] =
      signal === 'INT' ? 'Interrupt' : signal === 'KILL' ? 'Killed' : signal === 'PIPE' ? 'Exit' : 'Terminated';
    return { state, status };
  }
  return { state: status === 0 ? 'Done' : 'Exit', status };
}

export class JobTable {
  private list: Job[] = [];

  add(job: Omit<Job, 'id'>): Job {
    const id = this.list.reduce((m, j) => Math.max(m, j.id), 0) + 1;
    const full: Job = { ...job, id };
    this.list.push(full);
    return full;
  }

  all(): readonly Job[] {
    return this.list;
  }

  get(id: number): Job | undefined {
    return this.list.find((j) => j.id === id);
  }

  byPid(pid: number): Job | undefined {
    return this.list.find((j) => j.pid === pid || [...j.group.procs].some((p) => p.pid === pid));
  }

  remove(job: Job): void {
    this.list = this.list.filter((j) => j !== job);
  }

  /** '+' for the current job (the newest), '-' for the one before, ' ' otherwise. */
  mark(job: Job): string {
    const n = this.list.length;
    if (this.list[n - 1] === job) return '+';
    if (this.list[n - 2] === job) return '-';
    return ' ';
  }

  /** One line of `jobs` or of a notice. */
  format(job: Job): string {
    const state = stateText(job);
    const cmd = job.state === 'Running' ? `${job.command} &` : job.command;
    return `[${job.id}]${this.mark(job)}  ${state.padEnd(STATE_WIDTH)}${cmd}`;
  }

  /** Notices for jobs that ended since the last prompt; they leave the table. */
  takeNotices(): string[] {
    const lines: string[] = [];
    const finished = this.list.filter((j) => j.state !== 'Running');
    for (const j of finished) {
      if (!j.reported) lines.push(this.format(j));
    }
    for (const j of finished) this.remove(j);
    return lines;
  }
}
