import { test, expect } from '@playwright/test';
import { LOCALES, PAGES, collectErrors, terminal } from './helpers';

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
      if (terminals > 0) await expect(terminal(page)).toHaveAttribute('data-state', 'ready');
      const slug = `${locale}-${path.replace(/\/$/, '') || 'index'}`;
      await page.screenshot({ path: `screenshots/${slug}-1280.png`, fullPage: true });

      await page.setViewportSize({ width: 375, height: 800 });
      await page.reload();
      if (terminals > 0) await expect(terminal(page)).toHaveAttribute('data-state', 'ready');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'page scrolls horizontally at 375 px').toBeLessThanOrEqual(0);
      if (terminals > 0) {
        const cols = await terminal(page).evaluate((el) => el.querySelector('.xterm-screen')!.clientWidth);
        expect(cols).toBeGreaterThan(0);
      }
      await page.screenshot({ path: `screenshots/${slug}-375.png`, fullPage: true });
      expect(errors).toEqual([]);
    });
  }

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
