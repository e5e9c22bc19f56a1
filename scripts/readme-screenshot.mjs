#!/usr/bin/env node
// Regenerates docs/screenshot.png for the README: the overview page with a command run in each
// of its two terminals. Needs a build (`npm run build`); starts `astro preview` unless one runs.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';

const PORT = Number(process.env.E2E_PORT ?? 4321);
const BASE = `http://127.0.0.1:${PORT}`;
const LOCALE = process.argv[2] ?? 'en';

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
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(`${BASE}/${LOCALE}/`);
  const terms = page.locator('flannel-terminal');
  const run = async (i, line) => {
    const t = terms.nth(i);
    await t.scrollIntoViewIfNeeded();
    await page.waitForFunction((n) => document.querySelectorAll('flannel-terminal')[n]?.dataset.state === 'ready', i);
    await t.locator('.xterm-screen').click();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(600);
  };
  await run(0, 'ip route');
  await run(0, 'ping -c 2 10.244.0.4');
  await run(1, 'kubectl get pods');
  await terms.nth(0).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollBy(0, -24));
  await page.waitForTimeout(300);
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log(`docs/screenshot.png: ${statSync('docs/screenshot.png').size} bytes`);
} finally {
  await browser.close();
  if (server) process.kill(-server.pid);
}
