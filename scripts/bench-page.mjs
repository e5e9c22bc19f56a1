#!/usr/bin/env node
// `npm run bench:page`: how the built site feels in Chromium. Prints, per page, the time from
// navigation to a ready prompt, and the time from a keystroke to its echo being drawn.
// Printed figures, not assertions. Needs `npm run build` first; starts `astro preview` itself
// unless one already answers on the port.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const PORT = Number(process.env.E2E_PORT ?? 4321);
const BASE = `http://127.0.0.1:${PORT}`;
const PAGES = ['/zh-cn/', '/zh-cn/vxlan/', '/en/'];
const RUNS = 5;
const KEYS = 20;

if (!existsSync('dist/zh-cn/index.html')) {
  console.error('No build in dist/: run `npm run build` first.');
  process.exit(1);
}

async function up() {
  try {
    return (await fetch(`${BASE}/zh-cn/`)).ok;
  } catch {
    return false;
  }
}

let server;
if (!(await up())) {
  server = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(PORT)], {
    stdio: 'ignore',
    detached: true,
  });
  for (let i = 0; i < 100 && !(await up()); i++) await new Promise((r) => setTimeout(r, 200));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(0)} ms, p90 ${q(0.9).toFixed(0)} ms, max ${s.at(-1).toFixed(0)} ms`;
};

try {
  for (const path of PAGES) {
    const ready = [];
    const echo = [];
    for (let run = 0; run < RUNS; run++) {
      // A fresh context each run: nothing cached, as for a first visit.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(BASE + path, { waitUntil: 'domcontentloaded' });
      // A reader who scrolls straight to the first terminal.
      const t = page.locator('flannel-terminal').first();
      await t.scrollIntoViewIfNeeded();
      await t.locator('.xterm-screen').waitFor();
      await page.waitForFunction(() => document.querySelector('flannel-terminal')?.dataset.readyMs !== undefined);
      ready.push(Number(await t.getAttribute('data-ready-ms')));
      await t.locator('.xterm-screen').click();
      // Keystroke → echo, measured inside the page: keydown to the echo parsed and painted.
      const times = await page.evaluate(async (n) => {
        const el = document.querySelector('flannel-terminal');
        const ta = el.querySelector('textarea');
        const out = [];
        for (let i = 0; i < n; i++) {
          const echoed = new Promise((resolve) => el.addEventListener('ft-output', resolve, { once: true }));
          const t0 = performance.now();
          ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', code: 'KeyX', keyCode: 88, bubbles: true }));
          await echoed;
          await new Promise((r) => requestAnimationFrame(() => r()));
          out.push(performance.now() - t0);
        }
        return out;
      }, KEYS);
      echo.push(...times);
      await context.close();
    }
    console.log(`${path}`);
    console.log(`  navigation → ready prompt: ${stats(ready)} (${RUNS} cold loads)`);
    console.log(`  keystroke → echo drawn:    ${stats(echo)} (${echo.length} keys)`);
  }
} finally {
  await browser.close();
  if (server) process.kill(-server.pid);
}
