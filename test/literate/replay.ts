/**
 * Replays a page's commands through the emulator: one world per sandbox, one shell session per
 * terminal (host) of that sandbox, so a capture started in one terminal sees the ping typed in
 * another. Virtual time runs only while some command is running, as in the CLI.
 */
import { Session } from '../../sandbox/shell/session.js';
import { macrotask } from '../../sandbox/shell/macrotask.js';
import { loadScenario, isScenarioName } from '../../sandbox/scenarios/index.js';
import type { World } from '../../sandbox/world/world.js';
import type { TimerHandle } from '../../sandbox/world/clock.js';
import type { CmdBlock, TerminalDecl } from './parse.js';

export interface CmdResult {
  cmd: CmdBlock;
  /** What the terminal showed after the command line, "\n"-separated, or an error of the replay. */
  output: string;
  error?: string;
}

/** Bounds so that a hung command fails the test instead of spinning. */
const MAX_STEPS = 2_000_000;
const MAX_VIRTUAL_US = 15 * 60 * 1_000_000;

interface Term {
  session: Session;
  buf: string[];
}

interface Running {
  term: Term;
  cmd: CmdBlock;
  mark: number;
  /** The pending Ctrl-C of `stop`, cancelled once the command has ended by itself. */
  stopTimer?: TimerHandle;
}

class SandboxRun {
  readonly terms = new Map<string, Term>();
  constructor(readonly world: World) {}

  term(host: string): Term {
    let t = this.terms.get(host);
    if (t) return t;
    const h = this.world.host(host);
    if (!h) throw new Error(`no host ${host} in this sandbox`);
    const buf: string[] = [];
    const session = new Session(this.world, h, { output: (s) => buf.push(s), tty: false, cols: 200, rows: 50 });
    t = { session, buf };
    this.terms.set(host, t);
    return t;
  }

  /** Run every event due now, without moving the clock. */
  async settle(): Promise<void> {
    const clock = this.world.clock;
    for (let i = 0; i < MAX_STEPS; i++) {
      await macrotask();
      const next = clock.nextTime();
      if (next === undefined || next > clock.now) return;
      clock.step();
    }
  }

  /** Run the clock until `done()` holds; false if it never does within the bounds. */
  async until(done: () => boolean): Promise<boolean> {
    const deadline = this.world.clock.now + MAX_VIRTUAL_US;
    for (let i = 0; i < MAX_STEPS; i++) {
      await macrotask();
      if (done()) return true;
      const next = this.world.clock.nextTime();
      if (next === undefined) {
        // Nothing scheduled: give pending promise chains a few more turns, then give up.
        for (let k = 0; k < 20 && !done(); k++) await macrotask();
        return done();
      }
      if (next > deadline) return false;
      this.world.clock.step();
    }
    return false;
  }
}

function textOf(t: Term, mark: number): string {
  return t.buf.slice(mark).join('').replace(/\r\n/g, '\n');
}

/** The command's own output: what follows its echoed command line. */
function afterEcho(text: string, code: string): string {
  const i = text.indexOf(code + '\n');
  return i < 0 ? text : text.slice(i + code.length + 1);
}

export async function replay(terminals: TerminalDecl[], cmds: CmdBlock[], seed = 1): Promise<CmdResult[]> {
  const runs = new Map<string, SandboxRun>();
  const sandboxRun = (name: string): SandboxRun => {
    let r = runs.get(name);
    if (r) return r;
    const decl = terminals.find((t) => t.sandbox === name);
    const scenario = decl?.scenario ?? 'article';
    if (!isScenarioName(scenario)) throw new Error(`unknown scenario ${scenario}`);
    r = new SandboxRun(loadScenario(scenario, { seed }));
    runs.set(name, r);
    return r;
  };

  const results: CmdResult[] = [];
  const pendingBg: Running[] = [];

  const finish = async (run: SandboxRun, r: Running): Promise<void> => {
    const ok = await run.until(() => !r.term.session.busy);
    r.stopTimer?.cancel();
    const out = afterEcho(textOf(r.term, r.mark), r.cmd.code);
    results.push({
      cmd: r.cmd,
      output: out,
      ...(ok ? {} : { error: 'did not finish (no Ctrl-C, or the emulator hung)' }),
    });
    if (!ok) r.term.session.interrupt();
  };

  for (const cmd of cmds) {
    let run: SandboxRun;
    let term: Term;
    try {
      run = sandboxRun(cmd.sandbox);
      term = run.term(cmd.host);
    } catch (e) {
      results.push({ cmd, output: '', error: String(e) });
      continue;
    }
    if (term.session.busy) {
      results.push({ cmd, output: '', error: `the terminal on ${cmd.host} is still busy with an earlier command` });
      continue;
    }
    // Work due at this very instant (controllers reacting to the last command) runs before the
    // next line is typed, as it would while a reader moves to the next command.
    await run.settle();
    const r: Running = { term, cmd, mark: term.buf.length };
    term.session.input(cmd.code + '\n');
    if (cmd.stop !== undefined) {
      const session = term.session;
      r.stopTimer = run.world.clock.after(Math.round(cmd.stop * 1_000_000), () => {
        if (session.foregroundRunning) session.interrupt();
      });
    }
    if (cmd.bg) {
      pendingBg.push(r);
      continue;
    }
    await finish(run, r);
    // A background capture ends once the command it watched has run (by itself, or at its stop).
    while (pendingBg.length > 0) {
      const b = pendingBg.shift()!;
      await finish(runs.get(b.cmd.sandbox)!, b);
    }
  }
  for (const b of pendingBg) await finish(runs.get(b.cmd.sandbox)!, b);
  for (const run of runs.values()) for (const t of run.terms.values()) t.session.shutdown();

  // Report in page order.
  const order = new Map(cmds.map((c, i) => [c, i]));
  return results.sort((a, b) => order.get(a.cmd)! - order.get(b.cmd)!);
}
