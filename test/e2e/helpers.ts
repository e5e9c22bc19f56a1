import { expect, type Page, type Locator } from '@playwright/test';

export const LOCALES = ['zh-cn', 'en'] as const;
export const PAGES = ['', 'deploy/', 'vxlan/', 'host-gw/', 'exercises/', 'references/'] as const;

export function terminal(page: Page, index = 0): Locator {
  return page.locator('flannel-terminal').nth(index);
}

/**
 * The terminal's visible lines, trailing blanks trimmed. A line xterm wrapped to the terminal's
 * width is one line here (xterm's own wrap marks), so checks hold side by side or stacked.
 */
export async function screen(page: Page, index = 0): Promise<string[]> {
  const lines = await terminal(page, index).evaluate((el) =>
    (el as HTMLElement & { screenLines(): string[] }).screenLines(),
  );
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
