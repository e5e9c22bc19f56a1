import { test, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { LOCALES, PAGES, collectErrors, terminal } from './helpers';

/** Bring the first terminal into view, wait for its prompt, and photograph it. */
async function terminalReady(page: Page, path: string): Promise<void> {
  const t = terminal(page);
  await t.scrollIntoViewIfNeeded();
  await expect(t).toHaveAttribute('data-state', 'ready');
  await expect(t.locator('.xterm-rows')).toContainText('#');
  await t.screenshot({ path });
}

test('/ leads to the Chinese overview', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/zh-cn\/$/);
  await expect(page.locator('h1')).toHaveText('概览');
});

const TITLES: Record<(typeof LOCALES)[number], string[]> = {
  'zh-cn': ['概览', '1 部署', '2 VXLAN', '3 host-gw', '练习', '参考资料'],
  en: ['Overview', '1 Deploy', '2 VXLAN', '3 host-gw', 'Exercises', 'References'],
};

for (const locale of LOCALES) {
  test(`${locale}: sidebar lists the chapters in order`, async ({ page }) => {
    await page.goto(`/${locale}/`);
    const links = page.locator('#starlight__sidebar a');
    await expect(links).toHaveText(TITLES[locale]);
  });

  for (const [i, path] of PAGES.entries()) {
    const url = `/${locale}/${path}`;
    test(`${url} loads without errors, fits 375 px, screenshots`, async ({ page }) => {
      const errors = collectErrors(page);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(url);
      await expect(page.locator('h1')).toHaveText(TITLES[locale][i]!);
      await expect(page.locator('html')).toHaveAttribute('lang', locale === 'en' ? 'en' : 'zh-CN');
      const terminals = await page.locator('flannel-terminal').count();
      const slug = `${locale}-${path.replace(/\/$/, '') || 'index'}`;
      await page.screenshot({ path: `screenshots/${slug}-1280.png` });
      if (terminals > 0) await terminalReady(page, `screenshots/${slug}-1280-terminal.png`);

      await page.setViewportSize({ width: 375, height: 800 });
      await page.reload();
      await page.screenshot({ path: `screenshots/${slug}-375.png` });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'page scrolls horizontally at 375 px').toBeLessThanOrEqual(0);
      if (terminals > 0) {
        await terminalReady(page, `screenshots/${slug}-375-terminal.png`);
        const box = await terminal(page).boundingBox();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      }
      // Every terminal further down (other hosts, other sandboxes) starts too, without errors.
      for (let n = 1; n < terminals; n++) {
        const t = terminal(page, n);
        await t.scrollIntoViewIfNeeded();
        await expect(t).toHaveAttribute('data-state', 'ready');
        await expect(t.locator('.xterm-rows')).toContainText(`@${await t.getAttribute('data-host')}:`);
      }
      expect(errors).toEqual([]);
    });
  }

  test(`${locale}: search finds chapters, offline, in the page's language`, async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(`/${locale}/`);
    await page.locator('button[data-open-modal]').first().click();
    const input = page.locator('#starlight__search input').first();
    await input.fill(locale === 'en' ? 'bridge' : '网桥');
    const results = page.locator('#starlight__search .pagefind-ui__result-link');
    await expect(results.first()).toBeVisible();
    const hrefs = await results.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const h of hrefs) expect(h).toContain(`/${locale}/`);
    expect(errors).toEqual([]);
  });

  test(`${locale}: dark and light themes`, async ({ page }) => {
    await page.goto(`/${locale}/`);
    for (const theme of ['dark', 'light']) {
      await page.locator('starlight-theme-select select').first().selectOption(theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    }
  });

  test(`${locale}: language switcher and prev/next`, async ({ page }) => {
    await page.goto(`/${locale}/deploy/`);
    const other = locale === 'en' ? 'zh-cn' : 'en';
    await page.locator('starlight-lang-select select').first().selectOption(`/${other}/deploy/`);
    await expect(page).toHaveURL(new RegExp(`/${other}/deploy/$`));
    await page.goto(`/${locale}/deploy/`);
    await page.locator('.pagination-links a[rel="next"]').click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/vxlan/$`));
  });
}
