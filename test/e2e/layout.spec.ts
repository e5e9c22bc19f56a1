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
    // 1280–1700: the contents fold into the top bar; from 1720 they keep their column beside the pair.
    for (const [width, tocColumn] of [
      [1280, false],
      [1600, false],
      [1760, true],
      [1920, true],
    ] as const) {
      test(`side by side at ${width} px, clear of the sidebar and the contents, 60+ columns each`, async ({ page }) => {
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
        if (tocColumn) {
          const toc = page.locator('.right-sidebar-panel starlight-toc nav');
          await expect(toc).toBeVisible();
          expect(b.x + b.width).toBeLessThanOrEqual((await toc.boundingBox())!.x);
        } else {
          // The contents are the bar at the top, as on narrower screens.
          await expect(page.locator('mobile-starlight-toc nav')).toBeVisible();
          await expect(page.locator('.right-sidebar-panel')).toBeHidden();
        }
        for (const c of cols) expect(c).toBeGreaterThanOrEqual(60);
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

    test('stacked at 375 px, nothing wider than the screen', async ({ page }) => {
      mkdirSync(SHOTS, { recursive: true });
      await page.setViewportSize({ width: 375, height: 900 });
      await page.goto(`/${locale}/vxlan/`);
      await focusTerminal(page, 0);
      const { a, b, cols } = await boxes(page);
      expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
      for (const c of cols) expect(c).toBeGreaterThanOrEqual(40);
      await noHorizontalScroll(page, 375);
      await terminal(page, 0).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/${locale}-vxlan-375.png` });
    });

    test('the columns follow when the window narrows from side by side to stacked', async ({ page }) => {
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.goto(`/${locale}/vxlan/`);
      await focusTerminal(page, 0);
      const wide = (await boxes(page)).cols[0] ?? 0;
      expect(wide).toBeGreaterThanOrEqual(60);
      await page.setViewportSize({ width: 1000, height: 1000 });
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
