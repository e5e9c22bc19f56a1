/**
 * `sysctl` and /proc/sys: one view of the kernel's tunables. Turning forwarding off on a node
 * stops it routing pod traffic (ip_forward() drops what is not for the host), and the tools
 * print and fail as procps-ng and bash do.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';
const PING = 'kubectl exec ubuntu-664c5f866b-865jb -- ping -c 1 -W 1 10.244.0.4';

describe('sysctl and /proc/sys', () => {
  it('reads and writes through the same tunables', async () => {
    const world = loadScenario('article');
    const r = await runTranscript(
      world,
      NODE,
      [
        'sysctl net.ipv4.ip_forward',
        'sysctl -w net.ipv4.ip_default_ttl=32',
        'cat /proc/sys/net/ipv4/ip_default_ttl',
        'echo 64 > /proc/sys/net/ipv4/ip_default_ttl',
        'sysctl -n net/ipv4/ip_default_ttl',
        'sysctl net.ipv4.conf.all',
      ].join('\n'),
    );
    expect(r.text).toBe(
      [
        'root@10-7-111-92:~# sysctl net.ipv4.ip_forward',
        'net.ipv4.ip_forward = 1',
        'root@10-7-111-92:~# sysctl -w net.ipv4.ip_default_ttl=32',
        'net.ipv4.ip_default_ttl = 32',
        'root@10-7-111-92:~# cat /proc/sys/net/ipv4/ip_default_ttl',
        '32',
        'root@10-7-111-92:~# echo 64 > /proc/sys/net/ipv4/ip_default_ttl',
        'root@10-7-111-92:~# sysctl -n net/ipv4/ip_default_ttl',
        '64',
        'root@10-7-111-92:~# sysctl net.ipv4.conf.all',
        'net.ipv4.conf.all.forwarding = 1',
        'net.ipv4.conf.all.rp_filter = 0',
        '',
      ].join('\n'),
    );
  });

  it('a node with forwarding off stops carrying pod traffic across nodes; on again, it carries it', async () => {
    const world = loadScenario('article');
    const off = await runTranscript(world, NODE, `sysctl -w net.ipv4.ip_forward=0\n${PING}`);
    expect(off.text).toContain('1 packets transmitted, 0 received, 100% packet loss');
    const on = await runTranscript(world, NODE, `sysctl -w net.ipv4.ip_forward=1\n${PING}`);
    expect(on.text).toContain('1 packets transmitted, 1 received, 0% packet loss');
  });

  it('says what is wrong as procps-ng does, and changes nothing then', async () => {
    const world = loadScenario('article');
    const r = await runTranscript(
      world,
      NODE,
      [
        'sysctl net.ipv4.nosuch; echo $?',
        'sysctl -w net.ipv4.ip_default_ttl=0; echo $?',
        'sysctl -w net.ipv4.ip_forward=yes',
        'sysctl -w net.ipv4.ip_forward',
        'sysctl',
        'sysctl -e net.nosuch; echo $?',
        'rm /proc/sys/net/ipv4/ip_forward',
        'kubectl exec ubuntu-664c5f866b-865jb -- sysctl -w net.ipv4.ip_forward=1',
        'sysctl -n net.ipv4.ip_default_ttl net.ipv4.ip_forward',
      ].join('\n'),
    );
    expect(r.text).toBe(
      [
        'root@10-7-111-92:~# sysctl net.ipv4.nosuch; echo $?',
        'sysctl: cannot stat /proc/sys/net/ipv4/nosuch: No such file or directory',
        '1',
        'root@10-7-111-92:~# sysctl -w net.ipv4.ip_default_ttl=0; echo $?',
        'sysctl: setting key "net.ipv4.ip_default_ttl": Invalid argument',
        '1',
        'root@10-7-111-92:~# sysctl -w net.ipv4.ip_forward=yes',
        'sysctl: setting key "net.ipv4.ip_forward": Invalid argument',
        'root@10-7-111-92:~# sysctl -w net.ipv4.ip_forward',
        'sysctl: "net.ipv4.ip_forward" must be of the form name=value',
        'root@10-7-111-92:~# sysctl',
        'sysctl: no variables specified',
        "Try `sysctl --help' for more information.",
        'root@10-7-111-92:~# sysctl -e net.nosuch; echo $?',
        '0',
        'root@10-7-111-92:~# rm /proc/sys/net/ipv4/ip_forward',
        "rm: cannot remove '/proc/sys/net/ipv4/ip_forward': Operation not permitted",
        'root@10-7-111-92:~# kubectl exec ubuntu-664c5f866b-865jb -- sysctl -w net.ipv4.ip_forward=1',
        'sysctl: setting key "net.ipv4.ip_forward", ignoring: Read-only file system',
        'command terminated with exit code 1',
        'root@10-7-111-92:~# sysctl -n net.ipv4.ip_default_ttl net.ipv4.ip_forward',
        '64',
        '1',
        '',
      ].join('\n'),
    );
  });
});
