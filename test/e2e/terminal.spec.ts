import { test, expect, type Page } from '@playwright/test';
import { LOCALES, collectErrors, focusTerminal, screen, terminal } from './helpers';

const PROMPT = 'root@10-7-111-92:~# ';

async function lastLine(page: Page, index = 0): Promise<string> {
  return (await screen(page, index)).at(-1) ?? '';
}

for (const locale of LOCALES) {
  test.describe(`${locale} overview terminal`, () => {
    test('runs a command line: output, $?, history, Ctrl-C', async ({ page }) => {
      const errors = collectErrors(page);
      await page.goto(`/${locale}/`);
      const t = await focusTerminal(page);
      // xterm's own screen-reader label speaks the page's language.
      await expect(t.locator('textarea')).toHaveAttribute(
        'aria-label',
        locale === 'en' ? 'Terminal input' : '终端输入',
      );
      const line = 'echo 你好 && nosuchcmd; echo $?';
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
      await expect
        .poll(() => screen(page))
        .toEqual([`${PROMPT}${line}`, '你好', 'bash: nosuchcmd: command not found', '127', PROMPT.trimEnd()]);

      // ↑ brings the line back, ready to edit.
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => lastLine(page)).toBe(`${PROMPT}${line}`);
      await page.keyboard.press('Control+U');
      await expect.poll(() => lastLine(page)).toBe(PROMPT.trimEnd());

      // Ctrl-C ends a running command at once.
      await page.keyboard.type('sleep 100');
      await page.keyboard.press('Enter');
      await expect.poll(() => lastLine(page)).toBe(`${PROMPT}sleep 100`);
      await page.waitForTimeout(300);
      expect(await lastLine(page)).toBe(`${PROMPT}sleep 100`);
      const t0 = Date.now();
      await page.keyboard.press('Control+C');
      await expect.poll(() => lastLine(page), { timeout: 2000 }).toBe(PROMPT.trimEnd());
      expect(Date.now() - t0).toBeLessThan(2000);
      const rows = await screen(page);
      expect(rows.slice(-3)).toEqual([`${PROMPT}sleep 100`, '^C', PROMPT.trimEnd()]);
      expect(errors).toEqual([]);
    });

    test('two terminals on the page are sessions of one world', async ({ page }) => {
      const errors = collectErrors(page);
      await page.goto(`/${locale}/`);
      await expect(page.locator('flannel-terminal')).toHaveCount(2);
      for (const [i, host] of ['10-7-111-92', '10-7-160-190'].entries()) {
        await focusTerminal(page, i);
        await page.keyboard.type('hostname');
        await page.keyboard.press('Enter');
        await expect.poll(() => screen(page, i)).toEqual([`root@${host}:~# hostname`, host, `root@${host}:~#`]);
      }
      // Both sessions live in the page's one worker, in the world of sandbox "main".
      await expect(terminal(page, 0)).toHaveAttribute('data-sandbox', 'main');
      await expect(terminal(page, 1)).toHaveAttribute('data-sandbox', 'main');
      const workers = page.workers().filter((w) => w.url().includes('worker'));
      expect(workers).toHaveLength(1);
      expect(errors).toEqual([]);
    });

    test('a capture in one terminal sees the ping typed in the other', async ({ page }) => {
      const errors = collectErrors(page);
      await page.goto(`/${locale}/`);
      await focusTerminal(page, 0);
      await page.keyboard.type('tcpdump -i eth0 -n -c 2 icmp');
      await page.keyboard.press('Enter');
      await expect(terminal(page, 0).locator('.xterm-rows')).toContainText('listening on eth0');
      await focusTerminal(page, 1);
      await page.keyboard.type('ping -c 1 10.7.111.92');
      await page.keyboard.press('Enter');
      await expect(terminal(page, 1).locator('.xterm-rows')).toContainText('1 packets transmitted, 1 received');
      const t0 = terminal(page, 0).locator('.xterm-rows');
      await expect(t0).toContainText('IP 10.7.160.190 > 10.7.111.92: ICMP echo request');
      await expect(t0).toContainText('IP 10.7.111.92 > 10.7.160.190: ICMP echo reply');
      await expect(t0).toContainText('2 packets captured');
      expect(errors).toEqual([]);
    });

    test('line editing, Tab completion and paste', async ({ page }) => {
      await page.goto(`/${locale}/`);
      await focusTerminal(page);
      // ← and Home/End edit in place; Ctrl-W deletes a word.
      await page.keyboard.type('eco 1 2');
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.type('h');
      await page.keyboard.press('End');
      await page.keyboard.press('Control+W');
      await expect.poll(() => lastLine(page)).toBe(`${PROMPT}echo 1`);
      await page.keyboard.press('Enter');
      await expect.poll(() => screen(page)).toEqual([`${PROMPT}echo 1`, '1', PROMPT.trimEnd()]);

      // Tab completes a command name.
      await page.keyboard.type('hostn');
      await page.keyboard.press('Tab');
      await expect.poll(() => lastLine(page)).toBe(`${PROMPT}hostname`);
      await page.keyboard.press('Control+U');

      // A paste arrives as input, as if typed.
      await page.evaluate(() => {
        const ta = document.querySelector<HTMLTextAreaElement>('flannel-terminal textarea')!;
        const dt = new DataTransfer();
        dt.setData('text/plain', 'echo pasted');
        ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      });
      await expect.poll(() => lastLine(page)).toBe(`${PROMPT}echo pasted`);
      await page.keyboard.press('Enter');
      await expect.poll(() => screen(page)).toContain('pasted');
    });

    test('a run request types into the right terminal, interrupting what runs', async ({ page }) => {
      await page.goto(`/${locale}/`);
      await focusTerminal(page, 1);
      await page.keyboard.type('sleep 100');
      await page.keyboard.press('Enter');
      const run = (line: string, host: string) =>
        page.evaluate(
          ([l, h]) => document.dispatchEvent(new CustomEvent('flannel-run', { detail: { line: l, host: h } })),
          [line, host] as const,
        );
      await run('hostname', '10-7-160-190');
      const host1 = 'root@10-7-160-190:~# ';
      await expect
        .poll(() => screen(page, 1))
        .toEqual([`${host1}sleep 100`, '^C', `${host1}hostname`, '10-7-160-190', host1.trimEnd()]);
      await run('echo from-button', '10-7-111-92');
      await expect.poll(() => screen(page, 0)).toEqual([`${PROMPT}echo from-button`, 'from-button', PROMPT.trimEnd()]);
    });

    test('a Chinese IME composition inserts each character once', async ({ page }) => {
      await page.goto(`/${locale}/`);
      await focusTerminal(page);
      await page.keyboard.type('echo ');
      // The browser's own IME path (what a real pinyin IME produces in Chromium).
      const cdp = await page.context().newCDPSession(page);
      const compose = (text: string) =>
        cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
      for (const t of ['n', 'ni', '你']) await compose(t);
      await cdp.send('Input.insertText', { text: '你' });
      for (const t of ['h', 'ha', 'hao', '好']) await compose(t);
      await cdp.send('Input.insertText', { text: '好' });
      await page.waitForTimeout(50);

      // IMEs that commit twice: compositionend followed by an insertText input event.
      await page.evaluate(() => {
        const ta = document.querySelector<HTMLTextAreaElement>('flannel-terminal textarea')!;
        const ce = (type: string, data: string) =>
          ta.dispatchEvent(new CompositionEvent(type, { data, bubbles: true }));
        ce('compositionstart', '');
        ta.value += '世';
        ce('compositionupdate', '世');
        ce('compositionend', '世');
        ta.dispatchEvent(
          new InputEvent('input', { inputType: 'insertText', data: '世', bubbles: true, composed: true }),
        );
      });
      await page.waitForTimeout(50);

      // xterm.js #5023 (Wubi): the key that confirms 狠狠 also starts the next composition.
      await page.evaluate(() => {
        const ta = document.querySelector<HTMLTextAreaElement>('flannel-terminal textarea')!;
        const ce = (type: string, data: string) =>
          ta.dispatchEvent(new CompositionEvent(type, { data, bubbles: true }));
        ce('compositionstart', '');
        ta.value += '狠狠';
        ce('compositionupdate', '狠狠');
        ce('compositionend', '狠狠');
        ce('compositionstart', '');
        ta.value += 'q';
        ce('compositionupdate', 'q');
        setTimeout(() => {
          ta.value = ta.value.slice(0, -1) + '界';
          ce('compositionupdate', '界');
          ce('compositionend', '界');
        }, 20);
      });
      await page.waitForTimeout(100);
      await page.keyboard.press('Enter');
      await expect.poll(() => screen(page)).toEqual([`${PROMPT}echo 你好世狠狠界`, '你好世狠狠界', PROMPT.trimEnd()]);
    });

    test('a worker that cannot load is reported in the terminal, not left spinning', async ({ page }) => {
      await page.route('**/worker-*.js', (route) => route.abort());
      await page.goto(`/${locale}/`);
      const t = terminal(page);
      await t.scrollIntoViewIfNeeded();
      await expect(t).toHaveAttribute('data-state', 'failed');
      await expect(t.locator('.ft-status')).toHaveText(
        locale === 'en' ? 'the emulator failed to start' : '模拟器启动失败',
      );
    });

    test('fits a 375 px screen with at least 40 columns', async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(`/${locale}/`);
      await focusTerminal(page);
      await page.keyboard.type('echo ' + 'x'.repeat(60));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const cols = Number(await terminal(page).getAttribute('data-cols'));
      expect(cols).toBeGreaterThanOrEqual(40);
      const box = await terminal(page).locator('.xterm-screen').boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    });
  });
}
