/**
 * The emulator in a real terminal (`npm run sandbox`). With `--script FILE` or
 * input on stdin it types the lines itself and prints the transcript; in a TTY
 * it is interactive, its clock paced to real time.
 *
 * Exit status 0; 70 when the emulator itself failed (stack on stderr).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { isScenarioName, loadScenario, scenarioNames } from './scenarios/index.js';
import type { World } from './world/world.js';
import { VirtualFS } from './world/fs.js';
import type { Netns } from './kernel/netns.js';
import { runTranscriptDetailed } from './shell/transcript.js';
import { Session } from './shell/session.js';
import { RealtimeDriver } from './shell/driver.js';
import { setLocalFileWriter } from './shell/localfiles.js';
import { exercises, startExercise } from './exercises/index.js';

const USAGE = `usage: npm run sandbox -- [--scenario NAME] [--seed N] [--host NAME] [--script FILE] [--exercise list|ID]
  --scenario NAME   starting state: ${scenarioNames.join(', ')} (default article)
  --seed N          seed of the world's random choices (default 1)
  --host NAME       the host the terminal opens on (default 10-7-111-92)
  --script FILE     type the lines of FILE and print the transcript (stdin when it is not a terminal)
  --exercise list   list the exercises; --exercise ID starts one
`;

interface Args {
  scenario: string;
  seed: number;
  host: string | undefined;
  script: string | undefined;
  exercise: string | undefined;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const a: Args = { scenario: 'article', seed: 1, host: undefined, script: undefined, exercise: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--scenario':
        a.scenario = value();
        break;
      case '--seed': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--seed: not a number: ${v}`);
        a.seed = Number(v);
        break;
      }
      case '--host':
        a.host = value();
        break;
      case '--script':
        a.script = value();
        break;
      case '--exercise':
        a.exercise = value();
        break;
      case '-h':
      case '--help':
        process.stdout.write(USAGE);
        process.exit(0);
        break;
      default:
        throw new UsageError(`unknown argument: ${arg}`);
    }
  }
  return a;
}

/**
 * While the scenarios are being built, a scenario may have no hosts yet: give the CLI a bare
 * node to type into so the shell itself stays usable.
 */
function ensureHost(world: World, name: string): void {
  if (world.host(name) || world.hosts().length > 0) return;
  const fs = new VirtualFS(() => world.clock.now);
  for (const d of ['/root', '/etc', '/tmp']) fs.mkdirp(d);
  // A namespace with no devices: the kernel model is not needed to run the shell's own commands.
  const ns = { name } as unknown as Netns;
  world.addHost({ name, kind: 'node', fs, ns, sysctl: new Map() });
}

function installDownloadWriter(): void {
  setLocalFileWriter((name, data) => {
    if (existsSync(name))
      return {
        ok: false,
        message: `download: ${name}: a file of that name exists in ${process.cwd()}; not overwritten`,
      };
    try {
      writeFileSync(name, data, { flag: 'wx' });
      return { ok: true };
    } catch (e) {
      return { ok: false, message: `download: ${name}: ${e instanceof Error ? e.message : String(e)}` };
    }
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`sandbox: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  let world: World;
  let hostName = args.host ?? '10-7-111-92';
  if (args.exercise !== undefined) {
    if (args.exercise === 'list') {
      for (const e of exercises()) process.stdout.write(`${e.id}  ${e.title}\n`);
      return 0;
    }
    const started = startExercise(args.exercise, args.seed);
    if (!started) {
      process.stderr.write(`sandbox: no exercise ${args.exercise} (see --exercise list)\n`);
      return 2;
    }
    world = started.world;
    hostName = args.host ?? started.host.name;
  } else {
    if (!isScenarioName(args.scenario)) {
      process.stderr.write(`sandbox: unknown scenario ${args.scenario} (one of: ${scenarioNames.join(', ')})\n`);
      return 2;
    }
    world = loadScenario(args.scenario, { seed: args.seed });
    ensureHost(world, hostName);
  }
  if (!world.host(hostName)) {
    process.stderr.write(
      `sandbox: no host ${hostName} (hosts: ${world
        .hosts()
        .map((h) => h.name)
        .join(', ')})\n`,
    );
    return 2;
  }
  installDownloadWriter();

  const interactive = args.script === undefined && process.stdin.isTTY === true;
  if (!interactive) {
    const script = args.script !== undefined ? readFileSync(args.script, 'utf8') : await readStdin();
    const r = await runTranscriptDetailed(world, hostName, script);
    // A pipe takes a long transcript in pieces: exit only once it has all of it.
    await new Promise<void>((resolve) => process.stdout.write(r.text, () => resolve()));
    if (r.internalErrors.length > 0) {
      for (const { where, error } of r.internalErrors) {
        process.stderr.write(
          `internal error in ${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      }
      return 70;
    }
    return 0;
  }
  return runInteractive(world, hostName);
}

function runInteractive(world: World, hostName: string): Promise<number> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    const driver = new RealtimeDriver(world);
    const finish = (status: number): void => {
      driver.pause();
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\r\n');
      resolve(status === 70 ? 70 : 0);
    };
    const session = new Session(world, world.host(hostName)!, {
      output: (t) => process.stdout.write(t),
      tty: true,
      cols: process.stdout.columns || 80,
      rows: process.stdout.rows || 24,
      onExit: () => finish(session.internalErrors.length > 0 ? 70 : 0),
    });
    process.stdout.on('resize', () => session.resize(process.stdout.columns || 80, process.stdout.rows || 24));
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', (d: string) => session.input(d));
    stdin.on('end', () => finish(0));
    driver.start();
  });
}

// `npm run sandbox … | head`: a reader that went away is not the emulator failing.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

main().then(
  (code) => {
    process.exitCode = code;
    // Timers of the world must not keep the process alive.
    setImmediate(() => process.exit(code));
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  },
);
