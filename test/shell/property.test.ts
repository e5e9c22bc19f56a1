/**
 * Random command lines, from the command grammar and from plain garbage, typed
 * into sessions on the article's world: nothing throws out of the shell, every
 * line ends (each is followed by a Ctrl-C a virtual second later), and the world
 * stays consistent. Other layers may add to `checkWorld`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { commandRegistry } from '../../sandbox/commands/registry.js';
import { runTranscriptDetailed } from '../../sandbox/shell/transcript.js';
import type { World } from '../../sandbox/world/world.js';
import { VirtualFS } from '../../sandbox/world/fs.js';
import { appendFileSync } from 'node:fs';

/** A file to log each session's script and time to, when hunting a slow or stuck line. */
const TRACE = process.env.SHELL_PROPERTY_TRACE;

const TOTAL_LINES = Number(process.env.SHELL_PROPERTY_LINES ?? 100_000);
const LINES_PER_SESSION = 250;
const SESSIONS_PER_WORLD = 8;

// exit and logout would end a session early; the nested-shell tests cover them.
const NAMES = [
  ...[...commandRegistry().keys()].filter((n) => n !== 'exit' && n !== 'logout'),
  'k',
  'nosuch',
  'ipp',
  './x',
  '/etc',
];
const ARGS = [
  '-n',
  '-c',
  '-i',
  '-l',
  '-a',
  '-v',
  '-E',
  '-e',
  '-o',
  '-w',
  '-k',
  '-r',
  '-u',
  '-1',
  '-h',
  '--help',
  '--bogus',
  '-x',
  '-d',
  '-p',
  '1',
  '0',
  '-1',
  '3',
  '99999999999',
  '0.5',
  '1m',
  'eth0',
  'cni0',
  'flannel.1',
  'lo',
  'veth4891a1c9',
  'nosuchdev',
  '10.244.0.4',
  '10.244.1.3',
  '10.7.160.190',
  '10.244.0.0/24',
  '256.1.1.1',
  '10.244.0.0/33',
  'default',
  'ubuntu-664c5f866b-865jb',
  'ubuntu-664c5f866b-2z472',
  '10-7-160-190',
  '10-7-111-92',
  'no',
  'po',
  'nodes',
  'pods',
  '-o',
  'wide',
  'yaml',
  'json',
  '-A',
  'get',
  'describe',
  'exec',
  '-it',
  '--',
  'route',
  'r',
  'link',
  'addr',
  'a',
  'neigh',
  'fdb',
  'show',
  'add',
  'del',
  'replace',
  'append',
  'dev',
  'via',
  'onlink',
  'lladdr',
  'up',
  'down',
  'set',
  'mtu',
  '1402',
  'master',
  'nomaster',
  'self',
  'permanent',
  'dst',
  'udp[39]=1',
  'udp[14]',
  'icmp',
  'arp',
  'host',
  'port',
  '8472',
  'and',
  'not',
  '-nv',
  '-w',
  'cap.pcap',
  '-r',
  's/a/b/g',
  "'s/x/y/'",
  'p',
  '/etc',
  '/tmp/x',
  '.',
  '..',
  '~',
  '~/f',
  'f',
  '*',
  '*.pcap',
  "'quoted arg'",
  '"dq $HOME"',
  '$?',
  '$NOPE',
  '${X:-d}',
  'a\\ b',
  '$(hostname)',
  '"$(ip r | head -n 1)"',
  '`echo x`',
  '$((1+2))',
  '$((1/0))',
  '$((',
  '$(',
  '<<<',
  '<<<word',
  '2>/dev/null',
  '&>',
  "'$(x)'",
  "'{print $1}'",
  "'NR>1 {print NF}'",
  "'{'",
  '-F:',
  'for',
  'in',
  'do',
  'done',
  'while',
  'if',
  'then',
  'else',
  'fi',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '-f1',
];
const OPS = [
  ' ; ',
  ' && ',
  ' || ',
  ' | ',
  ' & ',
  ' | head -n 2',
  ' | grep a',
  ' 2>&1',
  ' > /tmp/out',
  ' >> f',
  ' < /etc/hostname',
  ' &',
  '',
];

const word = fc.constantFrom(...ARGS);
const command = fc
  .tuple(fc.constantFrom(...NAMES), fc.array(word, { maxLength: 6 }))
  .map(([n, a]) => [n, ...a].join(' '));
const grammarLine = fc
  .tuple(
    command,
    fc.array(fc.tuple(fc.constantFrom(...OPS), command), { maxLength: 3 }),
    fc.constantFrom('', '', '', ' &', ';', ' #c'),
  )
  .map(([c, rest, end]) => c + rest.map(([op, r]) => op + r).join('') + end);
const garbageLine = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
    fc.string({ maxLength: 40 }),
  )
  .map((s) => s.replace(/[\r\n]/g, ' '))
  .filter((s) => !s.startsWith('@') && s !== '^C');
const line = fc.oneof({ weight: 4, arbitrary: grammarLine }, { weight: 1, arbitrary: garbageLine });

function checkWorld(world: World, nodes: string[], clockBefore: number): void {
  expect(world.clock.now).toBeGreaterThanOrEqual(clockBefore);
  for (const h of world.hosts()) {
    expect(h.fs).toBeInstanceOf(VirtualFS);
    expect(h.ns).toBeDefined();
    expect(h.fs.isDir('/')).toBe(true);
  }
  expect(
    world
      .hosts('node')
      .map((h) => h.name)
      .sort(),
  ).toEqual(nodes);
}

describe('random command lines', () => {
  it(`${TOTAL_LINES} lines: nothing throws, every line ends, the world stays consistent`, async () => {
    const runs = Math.ceil(TOTAL_LINES / LINES_PER_SESSION);
    let world = loadScenario('article', { seed: 1 });
    let nodes = world
      .hosts('node')
      .map((h) => h.name)
      .sort();
    let sessions = 0;
    let typed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: LINES_PER_SESSION, maxLength: LINES_PER_SESSION }),
        async (lines) => {
          if (sessions++ % SESSIONS_PER_WORLD === 0) {
            world = loadScenario('article', { seed: sessions });
            nodes = world
              .hosts('node')
              .map((h) => h.name)
              .sort();
          }
          const host = nodes[0] ?? world.hosts()[0]?.name;
          if (host === undefined) return;
          const before = world.clock.now;
          const script = lines.map((l) => `${l}\n^C\n`).join('');
          const started = performance.now();
          if (TRACE) appendFileSync(TRACE, `--- session ${sessions}\n${script}`);
          const r = await runTranscriptDetailed(world, host, script, { maxWaitUs: 2_000_000, maxSpins: 2_000 });
          if (TRACE) appendFileSync(TRACE, `--- took ${Math.round(performance.now() - started)} ms\n`);
          typed += lines.length;
          if (r.internalErrors.length > 0) {
            const e = r.internalErrors[0]!;
            throw new Error(
              `internal error in ${e.where}: ${e.error instanceof Error ? e.error.stack : String(e.error)}`,
            );
          }
          expect(typeof r.text).toBe('string');
          checkWorld(world, nodes, before);
        },
      ),
      { numRuns: runs, seed: 20230515, endOnFailure: true },
    );
    expect(typed).toBeGreaterThanOrEqual(TOTAL_LINES);
  }, 600_000);
});
