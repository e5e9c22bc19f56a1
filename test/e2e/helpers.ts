import { expect, type Page, type Locator } from '@playwright/test';

export const LOCALES = ['zh-cn', 'en'] as const;
export const PAGES = ['', 'deploy/', 'vxlan/', 'host-gw/', 'exercises/', 'references/'] as const;

export function terminal(page: Page, index = 0): Locator {
  return page.locator('flannel-terminal').nth(index);
}

/**
 * The terminal's visible lines, trailing blanks trimmed. A line xterm wrapped to the terminal's
 * width is one line here, so checks hold whether the terminals sit side by side or stacked: a row
 * whose text fills all `data-cols` columns continues on the next row.
 */
export async function screen(page: Page, index = 0): Promise<string[]> {
  const t = terminal(page, index);
  const cols = Number(await t.getAttribute('data-cols'));
  const rows = await t
    .locator('.xterm-rows > div')
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ')));
  const lines: string[] = [];
  let continues = false;
  for (const row of rows) {
    if (continues) lines[lines.length - 1] += row;
    else lines.push(row);
    continues = cols > 0 && row.length >= cols;
  }
  return lines
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l, i, all) => l !== '' || all.slice(i).some((x) => x.trim() !== ''));
}

/** Wait for the terminal's session, then focus it. */
export async function focusTerminal(page: Page, index = 0): Promise<Locator> {
  const t = terminal(page, index);
  await t.scrollIntoViewIfNeeded();
  await expect(t).toHaveAttribute('data-state', 'ready');
  await expect.poll(async () => (await screen(page, index)).at(-1) ?? '').toMatch(/# ?$/);
  await t.locator('.xterm-screen').click();
  return t;
}

/** Errors a page reports: console errors, uncaught exceptions, failed requests. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return errors;
}
