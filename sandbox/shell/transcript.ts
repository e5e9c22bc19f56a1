/**
 * Type a script into a session and return what the terminal showed: the CLI's
 * `--script` mode and every transcript test.
 *
 * A line is typed when the foreground command has finished (virtual time
 * passes only while commands run). `@N line` is typed N virtual seconds after
 * the previous line, even while a command still runs; a line `^C` is Ctrl-C.
 * No prompt follows the last line; jobs still running at the end are ended
 * silently.
 */
import type { World } from '../world/world.js';
import { US_PER_S } from '../world/clock.js';
import { Session, type SessionOptions } from './session.js';
import { InstantDriver, DEFAULT_MAX_WAIT_US } from './driver.js';
import { macrotask } from './macrotask.js';

export interface TranscriptOptions {
  /** Virtual time a line may run before the next one is typed anyway. */
  maxWaitUs?: number;
  cols?: number;
  download?: SessionOptions['download'];
  /** Turns of zero-time work (a loop without sleep) a line may take before the next is typed anyway. */
  maxSpins?: number;
  /** The page's editor (tests give their own); none in the CLI. */
  editor?: SessionOptions['editor'];
  /** The command set (tests add their own); the full registry by default. */
  registry?: SessionOptions['registry'];
}

export interface TranscriptResult {
  text: string;
  /** `$?` after the last line. */
  status: number;
  /** Errors thrown out of commands (emulator bugs). */
  internalErrors: { where: string; error: unknown }[];
}

const AT_LINE = /^@(\d+(?:\.\d+)?)(?:\s+(.*))?$/;

export async function runTranscriptDetailed(
  world: World,
  hostName: string,
  script: string,
  opts: TranscriptOptions = {},
): Promise<TranscriptResult> {
  const host = world.host(hostName);
  if (!host) throw new Error(`no host named ${hostName} in this world`);
  let text = '';
  let exitStatus: number | undefined;
  const session = new Session(world, host, {
    output: (t) => {
      text += t;
    },
    tty: false,
    cols: opts.cols ?? 80,
    download: opts.download,
    registry: opts.registry,
    editor: opts.editor,
    onExit: (s) => {
      exitStatus = s;
    },
  });
  const driver = new InstantDriver(world, { maxSpins: opts.maxSpins });
  const maxWait = opts.maxWaitUs ?? DEFAULT_MAX_WAIT_US;
  const lines = script.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let lastTyped = world.clock.now;
  for (const raw of lines) {
    if (session.hasExited) break;
    let line = raw.replace(/\r$/, '');
    const at = AT_LINE.exec(line);
    if (at) {
      await driver.advanceTo(lastTyped + Math.round(Number(at[1]) * US_PER_S));
      line = at[2] ?? '';
    } else {
      await driver.runUntil(
        () => !session.busy,
        world.clock.now + maxWait,
        () => session.activity,
      );
    }
    lastTyped = world.clock.now;
    session.input(line === '^C' ? '\x03' : line + '\n');
  }
  await driver.runUntil(
    () => !session.busy || session.hasExited,
    world.clock.now + maxWait,
    () => session.activity,
  );
  const status = exitStatus ?? session.lastStatus;
  const finalText = text;
  session.shutdown();
  await macrotask();
  return { text: finalText, status, internalErrors: session.internalErrors };
}

/** The transcript the CLI prints for `script` typed on `hostName`. */
export async function runTranscript(
  world: World,
  hostName: string,
  script: string,
): Promise<{ text: string; status: number }> {
  const r = await runTranscriptDetailed(world, hostName, script);
  return { text: r.text, status: r.status };
}
