/**
 * The literate test: the chapters can never drift from the sandbox.
 *
 * Convention (the same as src/components/Cmd.astro documents):
 *
 *   <Terminal host="10-7-111-92" sandbox="main" scenario="article" />   declares a sandbox's scenario
 *
 *   <Cmd host="10-7-111-92" code="ip r" ref="vxlan/node111-ip-r.txt">
 *
 *   ```text
 *   default via 10.7.0.1 dev eth0
 *   ```
 *
 *   </Cmd>
 *
 * - Every `<Cmd>` of a page is typed, in page order, into a shell session on `host` in the
 *   world of its `sandbox` (default "main"); the first `<Terminal>` of a sandbox names its
 *   scenario. Sessions of one sandbox share the world.
 * - The ```text block inside a Cmd is the output the page shows; it must equal what the
 *   emulator printed after the command line, byte for byte (trailing spaces included). A line
 *   that is only `…` stands for any number of lines. A self-closing `<Cmd … />` shows no
 *   output, so the emulator must print none for it.
 * - `stop="N"` sends Ctrl-C N virtual seconds after the command was typed. `bg` leaves the
 *   command running while the next Cmd runs (in another terminal); its output is compared once
 *   it has ended.
 * - `ref="FILE"`: the shown lines must also agree with test/fixtures/reference/FILE (a copy of
 *   the recordings made on a real kernel), ignoring what differs between runs (timestamps,
 *   RTTs, ids, the VXLAN source port, gc_timer).
 * - Every page exists in both locales with the same Cmds (host, sandbox, command, flags, output);
 *   Chinese pages carry no untranslated English prose.
 *
 * LITERATE_UPDATE=1 rewrites, in both locales, every shown output that differs from the
 * emulator's (blocks with `…` are left alone) — review the diff against reference/ before
 * committing it.
 */
import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePage, type CmdBlock, type Page } from './parse.js';
import { replay } from './replay.js';
import { agreesWithReference, diff, linesOf, matches, ELLIPSIS } from './compare.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOCALES = ['zh-cn', 'en'] as const;
const SLUGS = ['index', 'deploy', 'vxlan', 'host-gw', 'exercises', 'references'] as const;
const REFERENCE = join(ROOT, 'test/fixtures/reference');
const UPDATE = process.env.LITERATE_UPDATE === '1';

function file(locale: string, slug: string): string {
  return join(ROOT, 'content', locale, `${slug}.mdx`);
}

function load(locale: string, slug: string): { src: string; page: Page } {
  const src = readFileSync(file(locale, slug), 'utf8');
  return { src, page: parsePage(src) };
}

function signature(c: CmdBlock): string {
  return JSON.stringify([c.host, c.sandbox, c.code, c.stop ?? null, c.bg, c.ref ?? null, c.expected ?? null]);
}

/**
 * Prose of a Chinese page with code blocks, markup, links and URLs removed; inline code is
 * dropped, or kept as a bare `C` when spacing around it is to be checked.
 */
function zhProse(src: string, keepInlineCode = false): string {
  return src
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '')
    .replace(/^import .*$/gm, '')
    .replace(/<[A-Za-z][^>]*?>|<\/[A-Za-z]+>/gs, ' ')
    .replace(/`[^`\n]*`/g, keepInlineCode ? '`C`' : ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/Nature丿灵然/g, 'N');
}

describe.each(SLUGS)('%s', (slug) => {
  test('exists in both locales with the same commands and outputs', () => {
    for (const locale of LOCALES) expect(existsSync(file(locale, slug)), `${locale}/${slug}.mdx`).toBe(true);
    const zh = load('zh-cn', slug).page;
    const en = load('en', slug).page;
    expect(en.cmds.map(signature)).toEqual(zh.cmds.map(signature));
    expect(en.terminals).toEqual(zh.terminals);
  });

  test('the Chinese page has no untranslated English prose', () => {
    const prose = zhProse(load('zh-cn', slug).src);
    // Three or more Latin words in a row is an English sentence or UI string, not a term.
    const english = prose.match(/\b[A-Za-z][\w'.-]*(?:[ ,]+[A-Za-z][\w'.-]*){2,}\b/g) ?? [];
    expect(english).toEqual([]);
  });

  test('the Chinese prose follows GLOSSARY.md: spaces around Latin text, full-width punctuation', () => {
    const problems: string[] = [];
    const src = load('zh-cn', slug).src.replace(/^---\n[\s\S]*?\n---\n/, '');
    zhProse(src, true)
      .split('\n')
      .forEach((line) => {
        const cjk = '[\u4e00-\u9fff]';
        const spacing = line.match(new RegExp(`${cjk}[A-Za-z0-9\`]|[A-Za-z0-9\`]${cjk}`, 'g')) ?? [];
        const punct = line.replace(/`[^`]*`/g, '`').match(new RegExp(`${cjk}[(),:;!?]|[(),:;!?]${cjk}`, 'g')) ?? [];
        for (const m of [...spacing, ...punct]) problems.push(`"${m}" in: ${line.trim().slice(0, 60)}`);
      });
    expect(problems).toEqual([]);
  });

  test('every Cmd agrees with its reference recording', () => {
    const problems: string[] = [];
    for (const c of load('zh-cn', slug).page.cmds) {
      if (!c.ref) continue;
      const path = join(REFERENCE, c.ref);
      if (!existsSync(path)) {
        problems.push(`line ${c.line}: no reference file ${c.ref}`);
        continue;
      }
      if (!c.expected || !agreesWithReference(c.expected, readFileSync(path, 'utf8'))) {
        problems.push(`line ${c.line}: \`${c.code}\` does not agree with reference ${c.ref}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('every shown output is what the emulator prints', { timeout: 180_000 }, async () => {
    const { page } = load('zh-cn', slug);
    if (page.cmds.length === 0) return;
    const enLines = load('en', slug).page.cmds.map((c) => c.line);
    const results = await replay(page.terminals, page.cmds);
    const problems: string[] = [];
    const updates: { index: number; lines: string[] }[] = [];
    results.forEach((r, index) => {
      const where =
        `content/zh-cn/${slug}.mdx:${r.cmd.line} (en:${enLines[index] ?? '?'}) ` +
        `root@${r.cmd.host} [${r.cmd.sandbox}] \`${r.cmd.code}\``;
      const actual = linesOf(r.output);
      if (r.error) problems.push(`${where}\n  ${r.error}`);
      if (/command not found|internal error/.test(r.output)) {
        problems.push(`${where}\n  the emulator cannot run it:\n${r.output}`);
      }
      if (r.cmd.expected === undefined) {
        if (r.output !== '') problems.push(`${where}\n  printed output the page does not show:\n${r.output}`);
        return;
      }
      if (!matches(r.cmd.expected, actual)) {
        problems.push(`${where}\n  shown (-) vs emulator (+):\n${diff(r.cmd.expected, actual)}`);
        if (!r.cmd.expected.includes(ELLIPSIS)) updates.push({ index, lines: actual });
      }
    });
    if (UPDATE && updates.length > 0) {
      for (const locale of LOCALES) {
        let { src } = load(locale, slug);
        const cmds = parsePage(src).cmds;
        for (const u of [...updates].sort((a, b) => b.index - a.index)) {
          const range = cmds[u.index]!.outputRange!;
          const body = u.lines.length === 0 ? '' : u.lines.join('\n') + '\n';
          src = src.slice(0, range[0]) + body + src.slice(range[1]);
        }
        writeFileSync(file(locale, slug), src);
      }
    }
    expect(problems.join('\n\n')).toBe('');
  });
});
