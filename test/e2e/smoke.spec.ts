import { test, expect } from '@playwright/test';
test('smoke', async ({ page }) => {
  const logs: string[] = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto('/zh-cn/');
  await expect(page.locator('flannel-terminal').first()).toHaveAttribute('data-state', 'ready');
  await page.locator('flannel-terminal .xterm').first().click();
  await page.keyboard.type('hostname');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'screenshots/smoke.png', fullPage: true });
  console.log(logs.join('\n'));
  console.log(await page.locator('flannel-terminal .xterm-rows').first().innerText());
});
