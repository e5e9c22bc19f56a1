#!/usr/bin/env node
// `npm run size`: after `astro build`, the gzip bytes of the JavaScript each page runs before any
// interaction (external and inline scripts, modulepreloads, and everything they import
// statically, recursively), and of the emulator worker. Dynamic import() is not followed:
// that is what a page loads only when the reader asks. Fails when a chapter page goes over
// the budget or when Monaco is among what a page loads up front.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = 'dist';
const BUDGET = 150 * 1000;
const LOCALES = ['zh-cn', 'en'];

if (!existsSync(join(DIST, 'zh-cn', 'index.html'))) {
  console.error('No build in dist/: run `npm run build` first.');
  process.exit(1);
}

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

/** Static imports and re-exports of an ES module (minified or not); not import(). */
function staticImports(code) {
  const out = [];
  const re = /(?:^|[;}\s)])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+\.m?js)["']/g;
  for (const m of code.matchAll(re)) out.push(m[1]);
  return out;
}

function resolveUrl(spec, fromUrl) {
  if (spec.startsWith('/')) return spec;
  return posix.normalize(posix.join(posix.dirname(fromUrl), spec));
}

function fileOf(url) {
  return join(DIST, url.split('?')[0]);
}

/** Every JS file reached from `urls` through static imports. */
function closure(urls) {
  const seen = new Set();
  const stack = [...urls];
  while (stack.length > 0) {
    const url = stack.pop();
    if (seen.has(url)) continue;
    const file = fileOf(url);
    if (!existsSync(file)) continue;
    seen.add(url);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) stack.push(resolveUrl(spec, url));
  }
  return seen;
}

const isMonaco = (url, code) => /monaco|editor\.api|editor\.main/i.test(url) || code.includes('MonacoEnvironment');

function pageJs(htmlFile) {
  const html = readFileSync(htmlFile, 'utf8');
  const pageUrl = '/' + relative(DIST, htmlFile).split('\\').join('/');
  const entry = [];
  let inlineBytes = 0;
  const inlineImports = [];
  const inlineWorkers = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1];
    if (/type="(?:application\/(?:ld\+)?json|text\/template)"/.test(attrs)) continue;
    const src = /\bsrc="([^"]+)"/.exec(attrs);
    if (src) entry.push(resolveUrl(src[1], pageUrl));
    else if (m[2].trim() !== '') {
      inlineBytes += gz(Buffer.from(m[2]));
      // Terminal.astro's inline script starts the emulator worker from its built file.
      for (const w of m[2].matchAll(/new Worker\(|"(\/_astro\/worker-[^"]+\.js)"/g))
        if (w[1]) inlineWorkers.push(resolveUrl(w[1], pageUrl));
      if (/type="module"/.test(attrs)) for (const s of staticImports(m[2])) inlineImports.push(resolveUrl(s, pageUrl));
    }
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(m[0]);
    if (href) entry.push(resolveUrl(href[1], pageUrl));
  }
  const files = closure([...entry, ...inlineImports]);
  let bytes = inlineBytes;
  const monaco = [];
  const workers = new Set(inlineWorkers);
  for (const url of files) {
    const code = readFileSync(fileOf(url));
    bytes += gz(code);
    const text = code.toString('utf8');
    if (isMonaco(url, text)) monaco.push(url);
    for (const w of text.matchAll(/new Worker\(new URL\("([^"]+)"/g)) workers.add(resolveUrl(w[1], url));
  }
  return { bytes, files: files.size, monaco, workers };
}

function htmlPages(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlPages(p));
    else if (name === 'index.html') out.push(p);
  }
  return out;
}

const rows = [];
const allWorkers = new Set();
let failed = false;
for (const locale of LOCALES) {
  for (const file of htmlPages(join(DIST, locale)).sort()) {
    const r = pageJs(file);
    const page =
      '/' +
      relative(DIST, file)
        .replace(/index\.html$/, '')
        .split('\\')
        .join('/');
    const problems = [];
    if (r.bytes > BUDGET) problems.push(`over ${kb(BUDGET)}`);
    if (r.monaco.length > 0) problems.push(`loads Monaco up front: ${r.monaco.join(', ')}`);
    if (problems.length > 0) failed = true;
    for (const w of r.workers) allWorkers.add(w);
    rows.push([page, kb(r.bytes), String(r.files), problems.join('; ') || 'ok']);
  }
}

const workerRows = [];
for (const w of allWorkers) {
  const files = closure([w]);
  let bytes = 0;
  for (const url of files) bytes += gz(readFileSync(fileOf(url)));
  workerRows.push([
    `worker ${posix.basename(w)}`,
    kb(bytes),
    String(files.size),
    '(started with a page that has a terminal)',
  ]);
}

const header = ['page', 'JS gzip', 'files', 'status'];
const table = [header, ...rows, ...workerRows];
const widths = header.map((_, i) => Math.max(...table.map((r) => r[i].length)));
for (const r of table)
  console.log(r.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  '));
console.log(`budget per page: ${kb(BUDGET)} gzip of JS before any interaction; Monaco never up front`);
if (allWorkers.size === 0) {
  console.error('no emulator worker found in the build');
  failed = true;
}
process.exit(failed ? 1 : 0);
