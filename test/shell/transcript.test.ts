import { describe, expect, it } from 'vitest';
import { transcript, expected, NODE } from './helpers.js';

const P = `root@${NODE}:~# `;

describe('runTranscript basics', () => {
  it('prints each typed line after its prompt and no prompt after the last', async () => {
    const r = await transcript('hostname\necho ok\n');
    expect(r.text).toBe(`${P}hostname\n${NODE}\n${P}echo ok\nok\n`);
    expect(r.status).toBe(0);
  });

  it('reports unknown commands with status 127 and sets $?', async () => {
    const r = await transcript('nosuchcmd; echo $?\nfalse\necho $?');
    expect(r.text).toBe(
      expected(P, ['$ nosuchcmd; echo $?', 'bash: nosuchcmd: command not found', '127', '$ false', '$ echo $?', '1']),
    );
  });

  it('quotes, escapes and variables', async () => {
    const r = await transcript(
      `echo "a  b" 'c $HOME' $HOME ~ ~/x \\$HOME "\\"q\\""\nX=1; echo $X "\${X}y"\necho -n no; echo -e 'a\\tb'`,
    );
    expect(r.text).toBe(
      expected(P, [
        `$ echo "a  b" 'c $HOME' $HOME ~ ~/x \\$HOME "\\"q\\""`,
        'a  b c $HOME /root /root /root/x $HOME "q"',
        '$ X=1; echo $X "${X}y"',
        '1 1y',
        "$ echo -n no; echo -e 'a\\tb'",
        'noa\tb',
      ]),
    );
  });

  it('&& and || and syntax errors (status 2)', async () => {
    const r = await transcript('false || echo a && echo b\ntrue && false || echo c\necho | | x\necho $?\n; ls');
    expect(r.text).toBe(
      expected(P, [
        '$ false || echo a && echo b',
        'a',
        'b',
        '$ true && false || echo c',
        'c',
        '$ echo | | x',
        "bash: syntax error near unexpected token `|'",
        '$ echo $?',
        '2',
        '$ ; ls',
        "bash: syntax error near unexpected token `;'",
      ]),
    );
  });

  it('sleep advances virtual time; Ctrl-C gives ^C and status 130', async () => {
    const r = await transcript('sleep 100\n@3 ^C\necho $?');
    expect(r.text).toBe(expected(P, ['$ sleep 100', '^C', '$ echo $?', '130']));
  });

  it('Ctrl-C at an idle prompt', async () => {
    const r = await transcript('^C\necho $?');
    expect(r.text).toBe(expected(P, ['$ ^C', '$ echo $?', '130']));
  });

  it('background jobs: [1] PID, Done notice before the next prompt, jobs, kill %1', async () => {
    const r = await transcript('sleep 5 &\njobs\nsleep 10\necho x\nsleep 50 &\nkill %1\nsleep 60 &\nwait %1\necho $?');
    const pid = /\[1\] (\d+)/.exec(r.text)![1]!;
    const lines = r.text.split('\n');
    expect(lines).toContain(`[1] ${pid}`);
    expect(r.text).toContain(`${P}jobs\n[1]+  Running                 sleep 5 &\n`);
    expect(r.text).toContain(`${P}sleep 10\n[1]+  Done                    sleep 5\n${P}echo x\nx\n`);
    expect(r.text).toContain(`${P}kill %1\n[1]+  Terminated              sleep 50\n${P}sleep 60 &\n`);
    expect(r.text).toMatch(/wait %1\n\$?/);
    expect(r.text.endsWith(`${P}wait %1\n${P}echo $?\n0\n`)).toBe(true);
  });

  it('cd changes the prompt', async () => {
    const r = await transcript('cd /etc\npwd\ncd /nope\ncd\npwd');
    expect(r.text).toBe(
      expected(P, [
        '$ cd /etc',
        `root@${NODE}:/etc# pwd`,
        '/etc',
        `root@${NODE}:/etc# cd /nope`,
        'bash: cd: /nope: No such file or directory',
        `root@${NODE}:/etc# cd`,
        '$ pwd',
        '/root',
      ]),
    );
  });

  it('@N types a line while a command still runs; it runs after', async () => {
    const r = await transcript('sleep 10\n@2 echo typed-ahead\n');
    expect(r.text).toBe(expected(P, ['$ sleep 10', '$ echo typed-ahead', 'typed-ahead']));
  });

  it('jobs still running at the end are ended silently', async () => {
    const r = await transcript('sleep 1000 &\necho last');
    expect(r.text).toMatch(/^root@10-7-111-92:~# sleep 1000 &\n\[1\] \d+\nroot@10-7-111-92:~# echo last\nlast\n$/);
  });

  it('exit ends the script', async () => {
    const r = await transcript('exit 3\necho never');
    expect(r.text).toBe(expected(P, ['$ exit 3', 'logout']));
    expect(r.status).toBe(3);
  });

  it('aliases: k preset, alias lists, new alias runs', async () => {
    const r = await transcript("alias\nalias hi='echo hello'\nhi there\nunalias hi\nhi");
    expect(r.text).toBe(
      expected(P, [
        '$ alias',
        "alias k='kubectl'",
        "$ alias hi='echo hello'",
        '$ hi there',
        'hello there',
        '$ unalias hi',
        '$ hi',
        'bash: hi: command not found',
      ]),
    );
  });

  it('history numbers lines as bash does', async () => {
    const r = await transcript('echo a\nhistory');
    expect(r.text).toBe(expected(P, ['$ echo a', 'a', '$ history', '    1  echo a', '    2  history']));
  });

  it('redirections write to the host file system', async () => {
    const r = await transcript('echo one > f; echo two >> f; echo err 1>&2 2>/dev/null\nnosuch 2> e\ncat < nothere');
    expect(r.text).toContain('err\n');
    expect(r.text).toContain('bash: nothere: No such file or directory\n');
  });
});

describe('substitutions', () => {
  it('$(…) and backquotes capture output without trailing newlines; $? follows them in assignments', async () => {
    const r = await transcript(
      'echo [$(hostname)] "$(printf \'a\\n\\n\')" `echo b`\nX=$(nosuch); echo $?\nN=$(echo hi | wc -c); echo $N',
    );
    expect(r.text).toBe(
      expected(P, [
        `$ echo [$(hostname)] "$(printf 'a\\n\\n')" \`echo b\``,
        `[${NODE}] a b`,
        '$ X=$(nosuch); echo $?',
        'bash: nosuch: command not found',
        '127',
        '$ N=$(echo hi | wc -c); echo $N',
        '3',
      ]),
    );
  });

  it('$((…)) arithmetic with variables; division by zero is an error', async () => {
    const r = await transcript(
      'X=7; echo $((X * 2 + 1)) $(( (1+2)*3 )) $((X % 4 == 3)) $((-X))\necho $((1/0)); echo $?',
    );
    expect(r.text).toBe(
      expected(P, [
        '$ X=7; echo $((X * 2 + 1)) $(( (1+2)*3 )) $((X % 4 == 3)) $((-X))',
        '15 9 1 -7',
        '$ echo $((1/0)); echo $?',
        'bash: 1/0: division by 0 (error token is "0")',
        '1',
      ]),
    );
  });

  it('here-strings feed a word to stdin', async () => {
    const r = await transcript('wc -l <<< "$HOME"\ncat <<<x');
    expect(r.text).toBe(expected(P, ['$ wc -l <<< "$HOME"', '1', '$ cat <<<x', 'x']));
  });
});

describe('compound commands', () => {
  it('for, while, if/elif/else, { } and ( ) with test/[', async () => {
    const r = await transcript(
      'for i in a "b c"; do echo [$i]; done\nfor n in $(seq 3); do echo $((n*n)); done | sort -r\nx=0; while [ $x -lt 3 ]; do x=$((x+1)); done; echo $x\nif false; then echo no; elif [ -d /etc ]; then echo yes; else echo never; fi\n{ echo a; echo b; } | wc -l\n(cd /tmp; pwd); pwd',
    );
    expect(r.text).toBe(
      expected(P, [
        '$ for i in a "b c"; do echo [$i]; done',
        '[a]',
        '[b c]',
        '$ for n in $(seq 3); do echo $((n*n)); done | sort -r',
        '9',
        '4',
        '1',
        '$ x=0; while [ $x -lt 3 ]; do x=$((x+1)); done; echo $x',
        '3',
        '$ if false; then echo no; elif [ -d /etc ]; then echo yes; else echo never; fi',
        'yes',
        '$ { echo a; echo b; } | wc -l',
        '2',
        '$ (cd /tmp; pwd); pwd',
        '/tmp',
        '/root',
      ]),
    );
  });

  it('Ctrl-C stops an endless loop even between commands', async () => {
    const r = await transcript(
      'while true; do :; done\n@1 ^C\necho $?\nfor i in 1 2 3; do sleep 10; echo $i; done\n@15 ^C',
    );
    expect(r.text).toBe(
      expected(P, [
        '$ while true; do :; done',
        '^C',
        '$ echo $?',
        '130',
        '$ for i in 1 2 3; do sleep 10; echo $i; done',
        '1',
        '^C',
      ]),
    );
  });

  it('syntax errors in compound commands', async () => {
    // An unfinished `if` waits at `> ` for more; `done` there is the error.
    const r = await transcript('if true; echo\ndone\nfor 1 in a; do :; done');
    expect(r.text).toBe(
      expected(P, [
        '$ if true; echo',
        '> done',
        "bash: syntax error near unexpected token `done'",
        '$ for 1 in a; do :; done',
        "bash: `1': not a valid identifier",
      ]),
    );
  });

  it('a command continued over `> ` lines: loops, quotes, pipes, backslash-newline', async () => {
    const r = await transcript(
      'for i in 1 2\ndo\n  echo i=$i\ndone\necho "a\nb"\necho one \\\ntwo\necho abc |\nwc -c\nif false\nthen :\nelse echo no\nfi',
    );
    expect(r.text).toBe(
      expected(P, [
        '$ for i in 1 2',
        '> do',
        '>   echo i=$i',
        '> done',
        'i=1',
        'i=2',
        '$ echo "a',
        '> b"',
        'a',
        'b',
        '$ echo one \\',
        '> two',
        'one two',
        '$ echo abc |',
        '> wc -c',
        '4',
        '$ if false',
        '> then :',
        '> else echo no',
        '> fi',
        'no',
      ]),
    );
  });

  it('here-documents: expanded unless the delimiter is quoted, <<- strips tabs, then the command runs', async () => {
    const r = await transcript(
      'cat <<EOF\nhost $HOSTNAME $((6*7)) $(echo sub)\n\\$HOME "q"\nEOF\ncat <<\'E\' | wc -l\n$HOME\nline2\nE\ncat <<-X\n\tindented\n\tX\nls <<\necho after',
    );
    expect(r.text).toBe(
      expected(P, [
        '$ cat <<EOF',
        '> host $HOSTNAME $((6*7)) $(echo sub)',
        '> \\$HOME "q"',
        '> EOF',
        `host ${NODE} 42 sub`,
        '$HOME "q"',
        "$ cat <<'E' | wc -l",
        '> $HOME',
        '> line2',
        '> E',
        '2',
        '$ cat <<-X',
        '> \tindented',
        '> \tX',
        'indented',
        '$ ls <<',
        "bash: syntax error near unexpected token `newline'",
        '$ echo after',
        'after',
      ]),
    );
  });

  it('case: globs, alternatives, the first match only, and status 0 when nothing matches', async () => {
    const r = await transcript(
      'for d in eth0 flannel.1 cni0 lo; do case $d in eth*|ens*) echo nic $d;; flannel.[0-9]) echo vtep $d ;; lo) ;; *) echo other $d;; esac; done\ncase z in a) echo a;; esac; echo $?',
    );
    expect(r.text).toBe(
      expected(P, [
        '$ for d in eth0 flannel.1 cni0 lo; do case $d in eth*|ens*) echo nic $d;; flannel.[0-9]) echo vtep $d ;; lo) ;; *) echo other $d;; esac; done',
        'nic eth0',
        'vtep flannel.1',
        'other cni0',
        '$ case z in a) echo a;; esac; echo $?',
        '0',
      ]),
    );
  });

  it('functions: arguments, return, recursion over `> ` lines, and the builtins outside one', async () => {
    const r = await transcript(
      'vtep() { echo $# $1 $@; }\nvtep flannel.1 x\nfunction f { return 3; echo no; }\nf; echo $?\ng() {\n  if [ $1 -le 0 ]; then return; fi\n  echo $1\n  g $(($1-1))\n}\ng 2\nreturn\nlocal x',
    );
    expect(r.text).toBe(
      expected(P, [
        '$ vtep() { echo $# $1 $@; }',
        '$ vtep flannel.1 x',
        '2 flannel.1 flannel.1 x',
        '$ function f { return 3; echo no; }',
        '$ f; echo $?',
        '3',
        '$ g() {',
        '>   if [ $1 -le 0 ]; then return; fi',
        '>   echo $1',
        '>   g $(($1-1))',
        '> }',
        '$ g 2',
        '2',
        '1',
        '$ return',
        "bash: return: can only `return' from a function or sourced script",
        '$ local x',
        'bash: local: can only be used in a function',
      ]),
    );
  });

  it('Ctrl-C at `> ` drops the unfinished command', async () => {
    const r = await transcript('for i in 1\n^C\necho $?');
    expect(r.text).toBe(expected(P, ['$ for i in 1', '> ^C', '$ echo $?', '130']));
  });
});

describe('nested shells', () => {
  it('exit ends the nested shell at once and hands back its status', async () => {
    const r = await transcript('bash\nexit 3; echo no\necho $?');
    expect(r.text).toBe(expected(P, ['$ bash', '$ exit 3; echo no', 'exit', '$ echo $?', '3']));
  });
});

describe('history expansion', () => {
  it('!!, !$, !prefix, !N; unknown events; quotes and ! before = or a blank stay', async () => {
    const r = await transcript('echo a b\n!!\necho !$ x\n!e\n!99\necho "hi!" \'a!b\' x!=y [ ! ]');
    expect(r.text).toBe(
      expected(P, [
        '$ echo a b',
        'a b',
        '$ !!',
        'echo a b',
        'a b',
        '$ echo !$ x',
        'echo b x',
        'b x',
        '$ !e',
        'echo b x',
        'b x',
        '$ !99',
        'bash: !99: event not found',
        `$ echo "hi!" 'a!b' x!=y [ ! ]`,
        'hi! a!b x!=y [ ! ]',
      ]),
    );
  });
});

describe('fg and bg', () => {
  it('fg brings a job to the foreground where Ctrl-C reaches it; errors without jobs', async () => {
    const r = await transcript('sleep 100 &\nfg\n@2 ^C\necho $?\nfg\nsleep 3 &\nfg %1\necho $?\nbg');
    const pids = [...r.text.matchAll(/\[1\] (\d+)/g)].map((m) => m[1]);
    expect(r.text).toBe(
      expected(P, [
        '$ sleep 100 &',
        `[1] ${pids[0]}`,
        '$ fg',
        'sleep 100',
        '^C',
        '$ echo $?',
        '130',
        '$ fg',
        'bash: fg: current: no such job',
        '$ sleep 3 &',
        `[1] ${pids[1]}`,
        '$ fg %1',
        'sleep 3',
        '$ echo $?',
        '0',
        '$ bg',
        'bash: bg: current: no such job',
      ]),
    );
  });
});
