/**
 * `ping -f` through the kernel's datapath: as fast as replies come back, so a
 * second of virtual time is thousands of round trips; the script's Ctrl-C ends
 * it with iputils' flood statistics, in little real time.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

describe('ping -f', () => {
  it('stopped by ^C after a second: flood statistics, every echo but the last answered', async () => {
    const w = loadScenario('article', { seed: 1 });
    const t0 = performance.now();
    const r = await runTranscript(w, 'ubuntu-664c5f866b-865jb', 'ping -f 10.244.1.3\n@1 ^C\necho $?');
    const ms = performance.now() - t0;
    const lines = r.text.split('\n');
    expect(lines[1]).toBe('PING 10.244.1.3 (10.244.1.3) 56(84) bytes of data.');
    // A dot per echo sent, erased by each reply: what remains is at most the one in flight.
    expect(lines[2]).toMatch(/^(\.\x08 \x08)+\.?\^C$/);
    expect(lines[3]).toBe('--- 10.244.1.3 ping statistics ---');
    const m = /^(\d+) packets transmitted, (\d+) received, (?:(\S+)% packet loss), time (\d+)ms$/.exec(lines[4]!);
    expect(m).not.toBeNull();
    const [sent, got, , time] = [Number(m![1]), Number(m![2]), m![3], Number(m![4])];
    expect(sent).toBeGreaterThan(5000);
    expect(sent - got).toBeLessThanOrEqual(1);
    expect(time).toBeGreaterThanOrEqual(999);
    expect(time).toBeLessThanOrEqual(1001);
    expect(lines[5]).toMatch(
      /^rtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms, ipg\/ewma [\d.]+\/[\d.]+ ms$/,
    );
    expect(lines.slice(6)).toEqual(['root@ubuntu-664c5f866b-865jb:/# echo $?', '0', '']);
    expect(ms).toBeLessThan(15_000);
  }, 30_000);
});
