/**
 * rtnetlink answers as a Linux 6.18 kernel gives them, seen through iproute2's
 * `ip` and `bridge` (extack → `Error: <text>.`, else `RTNETLINK answers: <strerror>`).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';
const P = 'root@10-7-111-92:~# ';

async function run(lines: string[]): Promise<{ text: string; status: number }> {
  return runTranscript(loadScenario('article', { seed: 1 }), NODE, lines.join('\n'));
}

describe('ip route add', () => {
  it('with neither dev nor gateway: ENODEV without an extended ack', async () => {
    const r = await run(['ip route add 10.1.0.0/16; echo $?', 'ip route show 10.1.0.0/16']);
    expect(r.text).toBe(
      `${P}ip route add 10.1.0.0/16; echo $?\nRTNETLINK answers: No such device\n2\n${P}ip route show 10.1.0.0/16\n`,
    );
  });
});
