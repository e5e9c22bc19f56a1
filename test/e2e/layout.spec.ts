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

for (const locale of LOCALES) {
  test.describe(`${locale} terminal pair layout`, () => {
    for (const width of [1280, 1920]) {
      test(`side by side at ${width} px, clear of the sidebar, 60+ columns each`, async ({ page }) => {
        mkdirSync(SHOTS, { recursive: true });
        await page.setViewportSize({ width, height: 1000 });
        await page.goto(`/${locale}/vxlan/`);
        await focusTerminal(page, 0);
        await focusTerminal(page, 1);
        const { a, b, cols } = await boxes(page);
        expect(Math.abs(a.y - b.y)).toBeLessThan(2);
        expect(b.x).toBeGreaterThan(a.x + a.width - 1);
        expect(b.x + b.width).toBeLessThanOrEqual(width);
        const sidebar = (await page.locator('#starlight__sidebar').boundingBox())!;
        expect(a.x).toBeGreaterThanOrEqual(sidebar.x + sidebar.width);
        for (const c of cols) expect(c).toBeGreaterThanOrEqual(60);
        // The table of contents is the bar at the top, not a column the terminals would have to share.
        await expect(page.locator('mobile-starlight-toc nav')).toBeVisible();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        // A line longer than the terminal reads back as one line.
        await page.keyboard.type('ip -d link show flannel.1');
        await page.keyboard.press('Enter');
        await expect
          .poll(async () => (await screen(page, 1)).find((l) => l.includes('vxlan id 1 local')) ?? '')
          .toMatch(/vxlan id 1 local 10\.7\.160\.190 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300/);
        await page.locator('flannel-terminal').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/${locale}-vxlan-${width}.png` });
      });
    }

    test('stacked at 375 px, nothing wider than the screen', async ({ page }) => {
      mkdirSync(SHOTS, { recursive: true });
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(`/${locale}/host-gw/`);
      await focusTerminal(page, 0);
      const { a, b, cols } = await boxes(page);
      expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
      for (const c of cols) expect(c).toBeGreaterThanOrEqual(40);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.screenshot({ path: `${SHOTS}/${locale}-host-gw-375.png` });
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
