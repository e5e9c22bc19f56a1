#!/usr/bin/env node
// Screenshots of every chapter in both locales, at 1280 and 375 px, light and dark, from a
// built site: `node scripts/literate/screens.mjs [DIST_DIR]` (default dist/) writes
// screenshots/chapters/*.png and fails if a page scrolls horizontally at 375 px.
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const dist = resolve(process.argv[2] ?? 'dist');
const out = resolve('screenshots/chapters');
const LOCALES = ['zh-cn', 'en'];
const PAGES = ['', 'deploy/', 'vxlan/', 'host-gw/', 'exercises/', 'references/'];
const WIDTHS = [1280, 375];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.yml': 'text/yaml',
  '.xml': 'application/xml',
  '.txt': 'text/plain',
};

// A static server is enough here and keeps this script off the preview port others use.
const server = createServer(async (req, res) => {
  try {
    let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let file = join(dist, path);
    if (!file.startsWith(dist)) throw new Error('outside');
    if ((await stat(file).catch(() => undefined))?.isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

await mkdir(join(out, 'parts'), { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const problems = [];
try {
  for (const theme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme: theme });
    await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror on ${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    for (const locale of LOCALES) {
      for (const p of PAGES) {
        for (const width of WIDTHS) {
          if (theme === 'dark' && width === 375 && p !== 'vxlan/') continue;
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${base}/${locale}/${p}`, { waitUntil: 'load' });
          await page.waitForTimeout(600);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          const slug = `${locale}-${p.replace(/\/$/, '') || 'index'}-${width}-${theme}`;
          if (overflow > 0) problems.push(`${slug}: scrolls ${overflow}px horizontally`);
          await page.screenshot({ path: join(out, `${slug}.png`), fullPage: true });
          console.log(`${slug}.png${overflow > 0 ? `  (overflow ${overflow}px)` : ''}`);
          // The diagrams and the first command blocks on their own, to look at them closely.
          const figs = page.locator('figure.fd');
          for (let i = 0; i < (await figs.count()); i++) {
            await figs.nth(i).screenshot({ path: join(out, 'parts', `${slug}-diagram${i + 1}.png`) });
          }
          const cmds = page.locator('figure.cmd');
          for (let i = 0; i < Math.min(3, await cmds.count()); i++) {
            await cmds.nth(i).screenshot({ path: join(out, 'parts', `${slug}-cmd${i + 1}.png`) });
          }
        }
      }
    }
    await context.close();
  }
  // ▶ on a Cmd types it into the right terminal, and the terminal shows what the page shows.
  {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (const locale of LOCALES) {
      await page.goto(`${base}/${locale}/vxlan/`, { waitUntil: 'load' });
      const fig = page.locator('figure.cmd[data-cmd="ip r"][data-host="10-7-111-92"]').first();
      await fig.scrollIntoViewIfNeeded();
      await fig.locator('.cmd-run').click();
      const term = page.locator('flannel-terminal[data-host="10-7-111-92"][data-sandbox="main"]').first();
      const shown = (await fig.locator('pre').innerText()).trim();
      let screen = '';
      for (let i = 0; i < 50 && !screen.includes(shown.split('\n').at(-1).trim()); i++) {
        await page.waitForTimeout(100);
        screen = (await term.locator('.xterm-rows').innerText()).replace(/\u00a0/g, ' ');
      }
      const ok = shown.split('\n').every((l) => screen.includes(l.trim()));
      console.log(`run button ${locale}: ${ok ? 'terminal shows the page output' : 'MISMATCH'}`);
      if (!ok) problems.push(`▶ ip r on /${locale}/vxlan/: terminal shows\n${screen}`);
    }
    await page.close();
  }
  // Search: Pagefind indexes each locale separately; each term must find pages of the locale searched from.
  const page = await browser.newPage();
  for (const [locale, terms] of [
    ['zh-cn', ['VXLAN', '网桥', 'host-gw']],
    ['en', ['VXLAN', 'bridge', 'host-gw']],
  ]) {
    await page.goto(`${base}/${locale}/`, { waitUntil: 'load' });
    for (const term of terms) {
      const urls = await page.evaluate(async (q) => {
        const pf = await import('/pagefind/pagefind.js');
        await pf.init();
        const r = await pf.search(q);
        return Promise.all(r.results.slice(0, 5).map(async (x) => (await x.data()).url));
      }, term);
      const ok = urls.length > 0 && urls.every((u) => u.startsWith(`/${locale}/`));
      console.log(`search ${locale} ${term}: ${urls.join(' ') || '(nothing)'}`);
      if (!ok) problems.push(`search for ${term} from /${locale}/ found ${urls.join(' ') || 'nothing'}`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
