/** ethtool, lsmod, modprobe and ps given random words never crash the emulator (internal errors). */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscriptDetailed } from '../../sandbox/shell/transcript.js';

const WORDS = [
  '-i',
  '-S',
  '-k',
  '-K',
  '-r',
  '-ef',
  'aux',
  '-e',
  'eth0',
  'cni0',
  'flannel.1',
  'lo',
  'nosuch',
  'gro',
  'on',
  'off',
  'tx',
  'br_netfilter',
  'bridge',
  'vxlan',
  '--help',
  '',
  '-',
  'x y',
  '-Z',
];

describe('node tools with random arguments', () => {
  it('exit with a status and never raise', async () => {
    const w = loadScenario('article');
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const lines: string[] = [];
    for (let i = 0; i < 150; i++) {
      const cmd = ['ethtool', 'lsmod', 'modprobe', 'ps'][next(4)]!;
      const args = Array.from({ length: next(4) }, () => `'${WORDS[next(WORDS.length)]!}'`);
      lines.push(`${cmd} ${args.join(' ')}`);
    }
    for (const host of ['10-7-111-92', 'ubuntu-664c5f866b-865jb']) {
      const r = await runTranscriptDetailed(w, host, lines.join('\n'));
      expect(r.internalErrors).toEqual([]);
      expect(r.text).toContain(`# ${lines.at(-1)!}\n`);
    }
  });
});
