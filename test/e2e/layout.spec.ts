import { test, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { LOCALES, focusTerminal, screen, terminal } from './helpers';

const SHOTS = 'screenshots/layout';

async function boxes(page: Page) {
  const a = (await terminal(page, 0).boundingBox())!;
  const b = (await terminal(page, 1).boundingBox())!;
  const cols = await page
    .locator('flannel-terminal')
    .evaluateAll((els) => els.slice(0, 2).map((e) => Number((e as HTMLElement).dataset.cols)));
  return { a, b, cols };
}

async function noHorizontalScroll(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

for (const locale of LOCALES) {
  test.describe(`${locale} terminal pair layout`, () => {
    // From about 1720 px the main pane gives each terminal 64+ columns; 1760 is just past that.
    for (const width of [1760, 1920]) {
      test(`side by side at ${width} px, clear of the sidebar and the contents, 64+ columns each`, async ({ page }) => {
        mkdirSync(SHOTS, { recursive: true });
        await page.setViewportSize({ width, height: 1000 });
        await page.goto(`/${locale}/vxlan/`);
        await focusTerminal(page, 0);
        await focusTerminal(page, 1);
        const { a, b, cols } = await boxes(page);
        expect(Math.abs(a.y - b.y)).toBeLessThan(2);
        expect(b.x).toBeGreaterThan(a.x + a.width - 1);
        const sidebar = (await page.locator('#starlight__sidebar').boundingBox())!;
        expect(a.x).toBeGreaterThanOrEqual(sidebar.x + sidebar.width);
        // The table of contents keeps its column, and its list is still shown beside the page.
        const toc = page.locator('.right-sidebar-panel starlight-toc nav');
        await expect(toc).toBeVisible();
        const tocBox = (await toc.boundingBox())!;
        expect(b.x + b.width).toBeLessThanOrEqual(tocBox.x);
        for (const c of cols) expect(c).toBeGreaterThanOrEqual(64);
        await noHorizontalScroll(page, width);
        // A line longer than the terminal reads back as one line.
        await page.keyboard.type('ip -d link show flannel.1');
        await page.keyboard.press('Enter');
        await expect
          .poll(async () => (await screen(page, 1)).find((l) => l.includes('vxlan id 1 local')) ?? '')
          .toMatch(/vxlan id 1 local 10\.7\.160\.190 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300/);
        await terminal(page, 0).scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/${locale}-vxlan-${width}.png` });
      });
    }

    for (const width of [1280, 375]) {
      test(`stacked at ${width} px, nothing wider than the screen`, async ({ page }) => {
        mkdirSync(SHOTS, { recursive: true });
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`/${locale}/vxlan/`);
        await focusTerminal(page, 0);
        const { a, b, cols } = await boxes(page);
        expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
        for (const c of cols) expect(c).toBeGreaterThanOrEqual(width > 800 ? 64 : 40);
        await noHorizontalScroll(page, width);
        await terminal(page, 0).scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/${locale}-vxlan-${width}.png` });
      });
    }

    test('the columns follow when the window narrows from side by side to stacked', async ({ page }) => {
      await page.setViewportSize({ width: 1920, height: 1000 });
      await page.goto(`/${locale}/vxlan/`);
      await focusTerminal(page, 0);
      const wide = (await boxes(page)).cols[0] ?? 0;
      expect(wide).toBeGreaterThanOrEqual(64);
      await page.setViewportSize({ width: 1600, height: 1000 });
      await expect.poll(async () => (await boxes(page)).cols[0]).toBeGreaterThan(wide);
      const { a, b } = await boxes(page);
      expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
    });

    test('the deploy and host-gw chapters have their workbench under the pair', async ({ page }) => {
      for (const chapter of ['deploy', 'host-gw']) {
        await page.goto(`/${locale}/${chapter}/`);
        const wb = page.locator('.terminal-pair flannel-workbench').first();
        await wb.scrollIntoViewIfNeeded();
        await expect(wb).toHaveAttribute('data-ready', 'true');
        await expect(wb.locator('svg .fw-dev[data-dev="eth0"]').first()).toBeVisible();
      }
    });
  });
}
