/**
 * Exercises in the page: in each locale, complete two exercises embedded in
 * the VXLAN chapter (one by repairing state in the terminal, one through the
 * answer box and a ping), with a hint and the live score on the way; then the
 * exercises page shows that progress after a reload.
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import { LOCALES, collectErrors } from './helpers';

const PROMPT = 'root@10-7-111-92:~#';

function exercise(page: Page, id: string): Locator {
  return page.locator(`flannel-exercise[data-id="${id}"]`);
}

async function rows(ex: Locator): Promise<string[]> {
  const text = await ex.locator('flannel-terminal .xterm-rows').innerText();
  return text
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l !== '');
}

/** Wait for the exercise's own terminal, then type a line and wait for the prompt to come back. */
async function run(page: Page, ex: Locator, line: string): Promise<void> {
  const term = ex.locator('flannel-terminal');
  await term.scrollIntoViewIfNeeded();
  await expect(term).toHaveAttribute('data-state', 'ready');
  await expect.poll(async () => (await rows(ex)).at(-1) ?? '').toBe(PROMPT);
  await term.locator('.xterm-screen').click();
  const before = (await rows(ex)).length;
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect
    .poll(
      async () => {
        const r = await rows(ex);
        return r.length > before && r.at(-1) === PROMPT;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}

/** Errors a reader would see; a reload or a navigation aborts the old page's pending fetches, which is not one. */
function real(errors: string[]): string[] {
  return errors.filter((e) => !e.includes('net::ERR_ABORTED'));
}

const TEXT = {
  'zh-cn': { hint: '提示', score: '得分', complete: '完成', progress: '进度' },
  en: { hint: 'Hint', score: 'Score', complete: 'Complete', progress: 'Progress' },
} as const;

for (const locale of LOCALES) {
  test.describe(`${locale} exercises`, () => {
    test.beforeEach(async ({ page }) => {
      await page.goto(`/${locale}/vxlan/`);
      await page.evaluate(() => localStorage.clear());
    });

    test('complete two exercises, with a hint and the live score; the exercises page keeps the progress', async ({
      page,
    }) => {
      test.setTimeout(90_000);
      const errors = collectErrors(page);
      const t = TEXT[locale];
      await page.goto(`/${locale}/vxlan/`);

      // 1. restore-fdb: a hint, then the fix typed in the exercise's own terminal.
      const fdb = exercise(page, 'restore-fdb');
      await fdb.scrollIntoViewIfNeeded();
      await fdb.getByRole('button', { name: t.hint, exact: true }).click();
      await expect(fdb.locator('.fx-hints li')).toHaveCount(1);
      await expect(fdb.locator('.fx-hints li').first()).toContainText('bridge fdb show dev flannel.1');
      await run(page, fdb, 'bridge fdb show dev flannel.1');
      // The fault is really there: this world's flannel.1 has no entry for the peer's VTEP.
      expect((await rows(fdb)).join('\n')).not.toContain('be:1d:47:c2:90:0a dst');
      await fdb.locator('.fx-check').click();
      await expect(fdb.locator('.fx-score')).toHaveText(`${t.score}: 0% (0/2)`);
      await run(page, fdb, 'bridge fdb append be:1d:47:c2:90:0a dev flannel.1 dst 10.7.160.190 self permanent');
      // The checklist follows the world by itself: no click needed.
      await expect(fdb.locator('.fx-score')).toHaveText(`${t.score}: 50% (1/2)`);
      await run(page, fdb, 'kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4');
      await expect(fdb.locator('.fx-score')).toHaveText(`${t.score}: 100% (2/2)`);
      await expect(fdb.locator('.fx-complete')).toBeVisible();
      await expect(fdb.locator('.fx-items li[data-ok="true"]')).toHaveCount(2);

      // 2. predict-ttl: the prediction through the answer box, then the ping in the terminal.
      const ttl = exercise(page, 'predict-ttl');
      await ttl.scrollIntoViewIfNeeded();
      await ttl.locator('.fx-answer input').fill('ttl=62 via=10.244.0.0');
      await ttl.locator('.fx-answer button[type="submit"]').click();
      await expect(ttl.locator('.fx-status')).toContainText('ttl=62 via=10.244.0.0');
      await run(page, ttl, 'kubectl exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.0.4');
      await ttl.locator('.fx-check').click();
      await expect(ttl.locator('.fx-score')).toHaveText(`${t.score}: 100% (3/3)`);

      // Each exercise has its own world: fixing one did not touch the other.
      const fdbWorld = await fdb.locator('flannel-terminal').getAttribute('data-sandbox');
      const ttlWorld = await ttl.locator('flannel-terminal').getAttribute('data-sandbox');
      expect(fdbWorld).not.toBe(ttlWorld);

      expect(real(errors)).toEqual([]);

      // The exercises page, after a reload, shows both as done. (Leaving a page aborts its pending fetches.)
      await page.goto(`/${locale}/exercises/`);
      await page.reload();
      const list = page.locator('flannel-exercise-list');
      await expect(list.locator('tr[data-id="restore-fdb"]')).toHaveAttribute('data-progress', 'done');
      await expect(list.locator('tr[data-id="predict-ttl"]')).toHaveAttribute('data-progress', 'done');
      await expect(list.locator('tr[data-id="restore-fdb"] .fxl-progress')).toContainText(t.complete);
      await expect(list.locator('tr[data-id="restore-neighbour"]')).toHaveAttribute('data-progress', 'none');
      await expect(list.locator('.fxl-summary')).toContainText(`${t.progress}: 2/`);
      expect(real(errors)).toEqual([]);
    });

    test('progress, hints and the solution survive a reload; Reset gives a fresh world', async ({ page }) => {
      test.setTimeout(60_000);
      const errors = collectErrors(page);
      const t = TEXT[locale];
      await page.goto(`/${locale}/vxlan/`);
      const ex = exercise(page, 'restore-neighbour');
      await ex.scrollIntoViewIfNeeded();
      await ex.getByRole('button', { name: t.hint, exact: true }).click();
      await ex.getByRole('button', { name: t.hint, exact: true }).click();
      await expect(ex.locator('.fx-hints li')).toHaveCount(2);
      await run(page, ex, 'ip neigh replace 10.244.0.0 lladdr be:1d:47:c2:90:0a dev flannel.1 nud permanent');
      await expect(ex.locator('.fx-score')).toHaveText(`${t.score}: 50% (1/2)`);

      // The solution opens only after a confirmation.
      page.once('dialog', (d) => void d.dismiss());
      await ex.locator('.fx-show-solution').click();
      await expect(ex.locator('.fx-solution')).toBeHidden();
      page.once('dialog', (d) => void d.accept());
      await ex.locator('.fx-show-solution').click();
      await expect(ex.locator('.fx-solution')).toBeVisible();
      await expect(ex.locator('.fx-solution pre')).toContainText('ip neigh replace 10.244.0.0');

      expect(real(errors)).toEqual([]);
      await page.reload();
      errors.length = 0;
      const again = exercise(page, 'restore-neighbour');
      await again.scrollIntoViewIfNeeded();
      await expect(again.locator('.fx-score')).toContainText('50%');
      await expect(again.locator('.fx-hints li')).toHaveCount(2);
      await expect(again.locator('.fx-solution')).toBeVisible();

      // Reset: a new world where the fault is back, and the score starts over.
      await run(page, again, 'ip neigh replace 10.244.0.0 lladdr be:1d:47:c2:90:0a dev flannel.1 nud permanent');
      await expect(again.locator('.fx-score')).toHaveText(`${t.score}: 50% (1/2)`);
      page.once('dialog', (d) => void d.accept());
      await again.locator('.fx-reset').click();
      await expect(again.locator('.fx-score')).toHaveText(`${t.score}: 0%`);
      await run(page, again, 'ip neigh show dev flannel.1');
      expect((await rows(again)).join('\n')).not.toContain('10.244.0.0 lladdr');
      await again.locator('.fx-check').click();
      await expect(again.locator('.fx-score')).toHaveText(`${t.score}: 0% (0/2)`);

      // A reload after Reset comes back to the reset world, not to the commands typed before it.
      await page.waitForTimeout(600);
      await page.reload();
      const third = exercise(page, 'restore-neighbour');
      await third.scrollIntoViewIfNeeded();
      await run(page, third, 'ip neigh show dev flannel.1');
      expect((await rows(third)).join('\n')).not.toContain('10.244.0.0 lladdr');
      await third.locator('.fx-check').click();
      await expect(third.locator('.fx-score')).toHaveText(`${t.score}: 0% (0/2)`);
      expect(real(errors)).toEqual([]);
    });
  });
}
