import { describe, expect, it } from 'vitest';
import type { Command } from '../../sandbox/shell/command.js';
import { commandRegistry } from '../../sandbox/commands/registry.js';
import { transcript, expected, NODE } from './helpers.js';

const P = `root@${NODE}:~# `;

/** Like ping without -c: a line a second until a signal, then a summary that starts with "\n". */
const ticker: Command = {
  name: 'ticker',
  summary: 'test: a line a second',
  usage: 'ticker',
  async run(ctx) {
    let n = 0;
    while (await ctx.sleep(1_000_000)) ctx.stdout.write(`tick ${++n}\n`);
    if (ctx.signal === 'INT') {
      ctx.stdout.write(`\n--- ${n} ticks ---\n`);
      return 0;
    }
    return 128 + 15;
  },
};

/** Never ends and ignores signals in its own way: it awaits something that never comes. */
const stuck: Command = {
  name: 'stuck',
  summary: 'test: waits forever',
  usage: 'stuck',
  run: () => new Promise<number>(() => {}),
};

function registry(): Map<string, Command> {
  const r = commandRegistry();
  r.set('ticker', ticker);
  r.set('stuck', stuck);
  return r;
}

describe('pipes and signals', () => {
  it('a command that handles Ctrl-C prints its summary after ^C', async () => {
    const r = await transcript('ticker\n@3.5 ^C\necho $?', { registry: registry() });
    expect(r.text).toBe(
      expected(P, ['$ ticker', 'tick 1', 'tick 2', 'tick 3', '^C', '--- 3 ticks ---', '$ echo $?', '0']),
    );
  });

  it('head ends an endless writer (SIGPIPE)', async () => {
    const r = await transcript('ticker | head -n 2\necho ${PIPESTATUS:-x} $?', { registry: registry() });
    expect(r.text).toBe(expected(P, ['$ ticker | head -n 2', 'tick 1', 'tick 2', '$ echo ${PIPESTATUS:-x} $?', 'x 0']));
  });

  it('grep prints matches as they come, before Ctrl-C', async () => {
    const r = await transcript('ticker | grep -v 2\n@4.5 ^C\necho $?', { registry: registry() });
    expect(r.text).toBe(expected(P, ['$ ticker | grep -v 2', 'tick 1', 'tick 3', 'tick 4', '^C', '$ echo $?', '130']));
  });

  it('a command that never ends is killed by Ctrl-C', async () => {
    const r = await transcript('stuck\n^C\necho $?', { registry: registry() });
    expect(r.text).toBe(expected(P, ['$ stuck', '^C', '$ echo $?', '130']));
  });

  it('Ctrl-C abandons the rest of the line', async () => {
    const r = await transcript('sleep 10; echo after\n@1 ^C', { registry: registry() });
    expect(r.text).toBe(expected(P, ['$ sleep 10; echo after', '^C']));
  });

  it('timeout stops a command with 124', async () => {
    const r = await transcript('timeout 2.5 ticker; echo $?\ntimeout 5 true; echo $?\ntimeout 1 nosuch; echo $?', {
      registry: registry(),
    });
    expect(r.text).toBe(
      expected(P, [
        '$ timeout 2.5 ticker; echo $?',
        'tick 1',
        'tick 2',
        '124',
        '$ timeout 5 true; echo $?',
        '0',
        '$ timeout 1 nosuch; echo $?',
        'timeout: failed to run command ‘nosuch’: No such file or directory',
        '127',
      ]),
    );
  });

  it('a background ticker writes to the terminal and kill %1 ends it', async () => {
    const r = await transcript('ticker &\n@2.5 kill %1\necho x', { registry: registry() });
    const pid = /\[1\] (\d+)/.exec(r.text)![1];
    expect(r.text).toBe(
      expected(P, [
        '$ ticker &',
        `[1] ${pid}`,
        'tick 1',
        'tick 2',
        '$ kill %1',
        '[1]+  Terminated              ticker',
        '$ echo x',
        'x',
      ]),
    );
  });

  it('2>&1 sends errors into the pipe; > file 2>&1 to the file', async () => {
    const r = await transcript(
      'cat nofile 2>&1 | grep -c such\ncat nofile > out 2>&1; cat out\ncat nofile 2>&1 > out2',
    );
    expect(r.text).toBe(
      expected(P, [
        '$ cat nofile 2>&1 | grep -c such',
        '1',
        '$ cat nofile > out 2>&1; cat out',
        'cat: nofile: No such file or directory',
        '$ cat nofile 2>&1 > out2',
        'cat: nofile: No such file or directory',
      ]),
    );
  });
});

describe('a command that throws', () => {
  it('is reported as an internal error, the shell goes on, and the transcript says so', async () => {
    const { runTranscriptDetailed } = await import('../../sandbox/shell/transcript.js');
    const { bareWorld } = await import('./helpers.js');
    const boom: Command = {
      name: 'boom',
      summary: 'test: throws',
      usage: 'boom',
      run() {
        throw new Error('kaput');
      },
    };
    const r = registry();
    r.set('boom', boom);
    const out = await runTranscriptDetailed(bareWorld(), NODE, 'boom; echo $?\necho still here', { registry: r });
    expect(out.text).toBe(
      expected(P, ['$ boom; echo $?', 'bash: boom: internal error: kaput', '70', '$ echo still here', 'still here']),
    );
    expect(out.internalErrors.map((e) => e.where)).toEqual(['boom']);
  });
});
