import { test, expect } from '@playwright/test';
import { focusTerminal, screen, terminal } from './helpers';

/**
 * A sandbox's journal is bounded (sandbox/workbench/journal.ts, 2,000 entries). When it fills,
 * what the reader does still works but is no longer saved: the page must say so, not go quiet.
 */
test('a full journal tells the reader that their work is no longer saved', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/en/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await focusTerminal(page, 0);
  await page.keyboard.type('ip route add 10.62.0.0/16 via 10.7.0.1');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await screen(page, 0)).at(-1) ?? '').toMatch(/# ?$/);
  // The save after a command line lands in localStorage.
  const savedKey = (): Promise<string> =>
    page.evaluate(() => Object.keys(localStorage).find((k) => k.endsWith(':main')) ?? '');
  await expect.poll(savedKey).not.toBe('');
  const key = await savedKey();
  // Fill the saved journal to one entry short of the bound with empty command lines, and reload.
  await page.evaluate((k) => {
    const j = JSON.parse(localStorage.getItem(k)!) as { now: number; entries: unknown[] };
    while (j.entries.length < 1999) j.entries.push({ t: j.now, s: 0, d: '\r' });
    localStorage.setItem(k, JSON.stringify(j));
  }, key);
  await page.reload();
  await focusTerminal(page, 0);
  // The world came back from that journal: the route is there.
  await page.keyboard.type('ip r | grep 10.62');
  await page.keyboard.press('Enter');
  await expect(terminal(page, 0).locator('.xterm-rows')).toContainText('10.62.0.0/16 via 10.7.0.1 dev eth0');
  await page.keyboard.type('echo one more');
  await page.keyboard.press('Enter');
  await expect(terminal(page, 0).locator('.ft-status')).toHaveText('journal full: no longer saved');
  await expect(terminal(page, 0)).toHaveAttribute('data-saving', 'off');
  // The other terminal of the same sandbox says it too.
  await expect(terminal(page, 1).locator('.ft-status')).toHaveText('journal full: no longer saved');
});
