import { describe, expect, it } from 'vitest';
import { transcript, expected, NODE, OTHER_NODE, POD } from './helpers.js';

const P = `root@${NODE}:~# `;

async function out(script: string): Promise<string> {
  return (await transcript(script)).text;
}

describe('text tools', () => {
  const setup = "printf 'b 2\\na 10\\nc 1\\na 10\\n' > f\n";

  it('sort: plain, -n -k, -r, -u', async () => {
    const t = await out(setup + 'sort f\nsort -n -k2 f\nsort -r f\nsort -u f');
    expect(t).toBe(
      expected(P, [
        "$ printf 'b 2\\na 10\\nc 1\\na 10\\n' > f",
        '$ sort f',
        'a 10',
        'a 10',
        'b 2',
        'c 1',
        '$ sort -n -k2 f',
        'c 1',
        'b 2',
        'a 10',
        'a 10',
        '$ sort -r f',
        'c 1',
        'b 2',
        'a 10',
        'a 10',
        '$ sort -u f',
        'a 10',
        'b 2',
        'c 1',
      ]),
    );
  });

  it('uniq -c and wc as GNU pads them', async () => {
    const t = await out(setup + 'sort f | uniq -c\nwc f\ncat f | wc\nwc -l f\ncat f | wc -l\nwc -l f f');
    expect(t).toContain('$ sort f | uniq -c\n      2 a 10\n      1 b 2\n      1 c 1\n'.replace('$ ', P));
    expect(t).toContain(`${P}wc f\n 4  8 18 f\n`);
    expect(t).toContain(`${P}cat f | wc\n      4       8      18\n`);
    expect(t).toContain(`${P}wc -l f\n4 f\n`);
    expect(t).toContain(`${P}cat f | wc -l\n4\n`);
    // the width comes from the files' total size (36 bytes: two digits), as GNU wc does
    expect(t).toContain(`${P}wc -l f f\n 4 f\n 4 f\n 8 total\n`);
  });

  it('grep: -i -v -c -n -o -w -E, BRE groups, status 1 on no match and 2 on error', async () => {
    const t = await out(
      setup +
        "grep -i A f; echo $?\ngrep -v a f\ngrep -c a f\ngrep -n 'c' f\ngrep -o '[0-9]\\+' f | head -n 2\ngrep -w 1 f\ngrep -E '^(b|c) ' f\ngrep '\\(b\\|c\\) [0-9]' f\ngrep zzz f; echo $?\ngrep 'a\\(' f; echo $?\ngrep a nofile; echo $?",
    );
    expect(t).toContain(`${P}grep -i A f; echo $?\na 10\na 10\n0\n`);
    expect(t).toContain(`${P}grep -v a f\nb 2\nc 1\n`);
    expect(t).toContain(`${P}grep -c a f\n2\n`);
    expect(t).toContain(`${P}grep -n 'c' f\n3:c 1\n`);
    expect(t).toContain("grep -o '[0-9]\\+' f | head -n 2\n2\n10\n");
    expect(t).toContain(`${P}grep -w 1 f\nc 1\n`);
    expect(t).toContain(`${P}grep -E '^(b|c) ' f\nb 2\nc 1\n`);
    expect(t).toContain("grep '\\(b\\|c\\) [0-9]' f\nb 2\nc 1\n");
    expect(t).toContain(`${P}grep zzz f; echo $?\n1\n`);
    expect(t).toContain("grep 'a\\(' f; echo $?\ngrep: Unmatched ( or \\(\n2\n");
    expect(t).toContain(`${P}grep a nofile; echo $?\ngrep: nofile: No such file or directory\n2\n`);
  });

  it('head and tail', async () => {
    const t = await out(setup + 'head -n 2 f\nhead -1 f\ntail -n 1 f\ntail -n +3 f\nhead -n -3 f\nhead -n x f');
    expect(t).toBe(
      expected(P, [
        "$ printf 'b 2\\na 10\\nc 1\\na 10\\n' > f",
        '$ head -n 2 f',
        'b 2',
        'a 10',
        '$ head -1 f',
        'b 2',
        '$ tail -n 1 f',
        'a 10',
        '$ tail -n +3 f',
        'c 1',
        'a 10',
        '$ head -n -3 f',
        'b 2',
        '$ head -n x f',
        'head: invalid number of lines: ‘x’',
      ]),
    );
  });

  it('sed: s with g/p/N, -n, addresses, ranges, d, -i, -e; errors', async () => {
    const t = await out(
      setup +
        "sed 's/a/A/' f | head -n 2\nsed -n '/a/p' f\nsed '2,3d' f\nsed -n '$p' f\nsed -e 's/1/one/g' -e '1d' f\nsed -i 's/10/ten/' f; cat f\nsed 's/x/' f; echo $?\nsed 's/\\(.\\) \\(.*\\)/\\2-\\1/' f",
    );
    expect(t).toContain("sed 's/a/A/' f | head -n 2\nb 2\nA 10\n");
    expect(t).toContain("sed -n '/a/p' f\na 10\na 10\n");
    expect(t).toContain("sed '2,3d' f\nb 2\na 10\n");
    expect(t).toContain("sed -n '$p' f\na 10\n");
    expect(t).toContain("sed -e 's/1/one/g' -e '1d' f\na one0\nc one\na one0\n");
    expect(t).toContain("sed -i 's/10/ten/' f; cat f\nb 2\na ten\nc 1\na ten\n");
    expect(t).toContain("sed 's/x/' f; echo $?\nsed: -e expression #1, char 4: unterminated `s' command\n1\n");
    expect(t).toContain('2-b\nten-a\n1-c\nten-a\n');
  });

  it('cat, tee, printf, echo -e', async () => {
    const t = await out(
      "echo hi | tee a b\ncat a b\ncat -n a\nprintf '%s=%03d|%-4s|%x\\n' x 7 ab 255 y 8\necho -e 'a\\tb\\c'; echo",
    );
    expect(t).toBe(
      expected(P, [
        '$ echo hi | tee a b',
        'hi',
        '$ cat a b',
        'hi',
        'hi',
        '$ cat -n a',
        '     1\thi',
        "$ printf '%s=%03d|%-4s|%x\\n' x 7 ab 255 y 8",
        'x=007|ab  |ff',
        'y=008|    |0',
        "$ echo -e 'a\\tb\\c'; echo",
        'a\tb',
      ]),
    );
  });
});

describe('files', () => {
  it('ls, mkdir -p, touch, cp, mv, rm, and their errors', async () => {
    const t = await out(
      'mkdir -p d/e\ntouch z\nls\nls -1 d\nmkdir d\ncp z d/\nmv z y\nls\nls d\nrm d\nrm -r d\nls\nls nope\ncat nope\nmv .. x',
    );
    expect(t).toBe(
      expected(P, [
        '$ mkdir -p d/e',
        '$ touch z',
        '$ ls',
        'd  z',
        '$ ls -1 d',
        'e',
        '$ mkdir d',
        'mkdir: cannot create directory ‘d’: File exists',
        '$ cp z d/',
        '$ mv z y',
        '$ ls',
        'd  y',
        '$ ls d',
        'e  z',
        '$ rm d',
        "rm: cannot remove 'd': Is a directory",
        '$ rm -r d',
        '$ ls',
        'y',
        '$ ls nope',
        "ls: cannot access 'nope': No such file or directory",
        '$ cat nope',
        'cat: nope: No such file or directory',
        '$ mv .. x',
        "mv: cannot move '..' to 'x': Device or resource busy",
      ]),
    );
  });

  it('ls -l shows the virtual clock in local time', async () => {
    const t = await out('printf 12345 > f\nls -l');
    expect(t).toBe(
      expected(P, ['$ printf 12345 > f', '$ ls -l', 'total 4', '-rw-r--r-- 1 root root 5 May 15 18:00 f']),
    );
  });

  it('globs against the file system; an unmatched glob stays literal', async () => {
    const t = await out('touch a.pcap b.pcap c.txt\necho *.pcap\necho *.nope\necho "*.pcap"');
    expect(t).toContain(`${P}echo *.pcap\na.pcap b.pcap\n${P}echo *.nope\n*.nope\n${P}echo "*.pcap"\n*.pcap\n`);
  });
});

describe('system and remote', () => {
  it('date, uname, whoami, hostname', async () => {
    const t = await out('date\nsleep 90\ndate -u\ndate +%F_%T\nuname -r\nwhoami');
    expect(t).toBe(
      expected(P, [
        '$ date',
        'Mon May 15 18:00:00 CST 2023',
        '$ sleep 90',
        '$ date -u',
        'Mon May 15 10:01:30 UTC 2023',
        '$ date +%F_%T',
        '2023-05-15_18:01:30',
        '$ uname -r',
        '6.1.0-9-amd64',
        '$ whoami',
        'root',
      ]),
    );
  });

  it('ssh NODE logs in quietly; exit prints logout and Connection closed; ssh NODE CMD; unknown host 255', async () => {
    const t = await out(
      `ssh ${OTHER_NODE}\nhostname\nexit\nssh ${OTHER_NODE} 'hostname; cd /tmp; pwd'\nssh nowhere; echo $?\nssh ${POD}`,
    );
    const Q = `root@${OTHER_NODE}:~# `;
    expect(t).toBe(
      expected(P, [
        `$ ssh ${OTHER_NODE}`,
        `${Q}hostname`,
        OTHER_NODE,
        `${Q}exit`,
        'logout',
        `Connection to ${OTHER_NODE} closed.`,
        `$ ssh ${OTHER_NODE} 'hostname; cd /tmp; pwd'`,
        OTHER_NODE,
        '/tmp',
        '$ ssh nowhere; echo $?',
        'ssh: Could not resolve hostname nowhere: Name or service not known',
        '255',
        `$ ssh ${POD}`,
        `ssh: Could not resolve hostname ${POD}: Name or service not known`,
      ]),
    );
  });

  it('download hands the file to the page, refuses paths and missing files', async () => {
    const saved: { name: string; size: number }[] = [];
    const r = await transcript('printf abc > a.txt\ndownload a.txt\ndownload /etc/x\ndownload nope\ndownload', {
      download: (name, data) => saved.push({ name, size: data.length }),
    });
    expect(saved).toEqual([{ name: 'a.txt', size: 3 }]);
    expect(r.text).toContain(`${P}download a.txt\nsaved a.txt (3 bytes)\n`);
    expect(r.text).toContain(`${P}download /etc/x\ndownload: /etc/x: give a plain file name`);
    expect(r.text).toContain(`${P}download nope\ndownload: nope: No such file or directory\n`);
    expect(r.text).toContain(`${P}download\nusage: download FILE\n`);
  });

  it('help lists every command with its summary', async () => {
    const t = await out('help');
    for (const name of ['echo', 'grep', 'ssh', 'download', 'timeout', 'jobs'])
      expect(t).toMatch(new RegExp(`\\n${name} +\\S`));
  });

  it('a nested bash: exit prints exit; bash -c runs a line', async () => {
    const t = await out("bash\ncd /tmp\nexit\npwd\nbash -c 'echo yes; exit 4; echo no'; echo $?");
    expect(t).toContain(`${P}bash\n${P}cd /tmp\nroot@${NODE}:/tmp# exit\nexit\n${P}pwd\n/root\n`);
    expect(t).toContain("bash -c 'echo yes; exit 4; echo no'; echo $?\nyes\n4\n");
  });
});

describe('awk, cut, seq, xargs', () => {
  it('awk: fields, patterns, NR/NF, sums in END, printf, next, -F, functions', async () => {
    const t = await out(
      "printf 'b 2\\na 10\\nc 1\\n' > f\nawk '{print $2, $1}' f\nawk 'NR>1 && /a|c/ {print NR\": \"$0}' f\nawk '{s += $2} END {print \"sum\", s, NR}' f\nawk '$2 > 1 {printf \"%s=%03d\\n\", $1, $2; next} {print \"small\", $1}' f\nawk -F: '{print $NF, NF}' <<< 'x:y:z'\nawk 'BEGIN {x = 3; x++; print x * 2, length(\"abc\"), substr(\"hello\", 2, 3), toupper(\"q\"), int(7/2)}'\nawk '{print $1' f; echo $?",
    );
    expect(t).toContain("awk '{print $2, $1}' f\n2 b\n10 a\n1 c\n");
    expect(t).toContain('awk \'NR>1 && /a|c/ {print NR": "$0}\' f\n2: a 10\n3: c 1\n');
    expect(t).toContain('sum 13 3\n');
    expect(t).toContain('b=002\na=010\nsmall c\n');
    expect(t).toContain("<<< 'x:y:z'\nz 3\n");
    expect(t).toContain('8 3 ell Q 3\n');
    expect(t).toContain(
      "awk '{print $1' f; echo $?\nawk: syntax error at source line 1: unexpected end of program\n awk: {print $1\n2\n",
    );
  });

  it('cut -d -f and -c; seq; xargs; less prints', async () => {
    const t = await out(
      "cut -d: -f1,3 <<< 'a:b:c:d'\ncut -c2-3 <<< hello\nseq 3\nseq 2 2 6 | xargs echo n\nseq 3 | xargs -n 1 echo x\necho hi | less",
    );
    expect(t).toBe(
      expected(P, [
        "$ cut -d: -f1,3 <<< 'a:b:c:d'",
        'a:c',
        '$ cut -c2-3 <<< hello',
        'el',
        '$ seq 3',
        '1',
        '2',
        '3',
        '$ seq 2 2 6 | xargs echo n',
        'n 2 4 6',
        '$ seq 3 | xargs -n 1 echo x',
        'x 1',
        'x 2',
        'x 3',
        '$ echo hi | less',
        'hi',
      ]),
    );
  });
});

describe('vi', () => {
  it('opens the page editor and saves into the file; without one it says so', async () => {
    const seen: string[] = [];
    const editor = {
      edit: async (o: { title: string; text: string; language: string }) => {
        seen.push(`${o.title}|${o.language}|${o.text}`);
        return o.text.toUpperCase();
      },
    };
    const r = await transcript('echo abc > n.yaml\nvi n.yaml\ncat n.yaml', { editor });
    expect(seen).toEqual(['n.yaml|yaml|abc\n']);
    expect(r.text).toBe(expected(P, ['$ echo abc > n.yaml', '$ vi n.yaml', '$ cat n.yaml', 'ABC']));
    const cli = await out('vi x; echo $?');
    expect(cli).toContain(
      'vi: this terminal has no full-screen editor; change files with sed -i, or printf … > FILE\n1\n',
    );
  });
});

describe('sudo and watch', () => {
  it('sudo runs the command; watch repeats it on the virtual clock until Ctrl-C', async () => {
    const t = await out('sudo echo hi\nsudo nosuch\nwatch -n 1 -t date\n@1.5 ^C\necho $?');
    expect(t).toBe(
      expected(P, [
        '$ sudo echo hi',
        'hi',
        '$ sudo nosuch',
        'sudo: nosuch: command not found',
        '$ watch -n 1 -t date',
        '\x1b[H\x1b[2JMon May 15 18:00:00 CST 2023',
        '\x1b[H\x1b[2JMon May 15 18:00:01 CST 2023',
        '^C',
        '$ echo $?',
        '130',
      ]),
    );
  });
});
