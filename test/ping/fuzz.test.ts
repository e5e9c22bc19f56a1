/**
 * Random argument lists for ping, traceroute, tracepath and trace: whatever
 * is typed, the tools answer with their own messages and exit codes and never
 * throw into the shell (which would be status 70 / an internal error).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscriptDetailed } from '../../sandbox/shell/transcript.js';

const word = fc.oneof(
  fc.constantFrom(
    '-c',
    '-i',
    '-s',
    '-t',
    '-W',
    '-w',
    '-M',
    '-q',
    '-I',
    '-f',
    '-n',
    '-D',
    '-V',
    '-h',
    '-m',
    '-l',
    '-p',
    '-a',
    '-z',
    '--',
    '-c1',
    '-s0',
    '-t1',
    '-w1',
    '-i0.2',
  ),
  fc.constantFrom(
    '1',
    '2',
    '0',
    '-1',
    '65507',
    '70000',
    'do',
    'dont',
    'want',
    'eth0',
    'nosuch',
    'abc',
    '',
    '0.001',
    '1e3',
  ),
  fc.constantFrom(
    '10.244.0.4',
    '10.244.1.3',
    '127.0.0.1',
    '10.7.0.1',
    '10.244.9.9',
    '8.8.8.8',
    '10.244.1.255',
    '255.255.255.255',
    '1.2.3',
    '0',
    'localhost',
  ),
  fc.string({ maxLength: 6 }).filter((s) => !/['"\\$`;&|<>(){}\n\r*?[\]~#!]/.test(s)),
);

describe('net tools under random arguments', () => {
  it('never fail inside', async () => {
    const w = loadScenario('article');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('ping', 'traceroute', 'tracepath', 'trace'),
        fc.array(word, { maxLength: 6 }),
        async (cmd, args) => {
          const line = [cmd, ...args.map((a) => (a === '' ? "''" : a))].join(' ');
          const r = await runTranscriptDetailed(w, 'ubuntu-664c5f866b-865jb', `timeout 20 ${line}`, {
            maxWaitUs: 30_000_000,
          });
          expect(r.internalErrors).toEqual([]);
          expect(r.status).not.toBe(70);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 120) },
    );
  });
});
