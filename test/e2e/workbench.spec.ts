import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { LOCALES, collectErrors, focusTerminal, screen, terminal } from './helpers';

const PING = 'kubectl exec ubuntu-664c5f866b-865jb -- ping -c 4 10.244.0.4';
const SHOTS = 'screenshots/workbench';

async function type(page: Page, index: number, line: string): Promise<void> {
  await focusTerminal(page, index);
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Run a line in terminal `index` and wait for the prompt to come back. */
async function run(page: Page, index: number, line: string): Promise<string> {
  await type(page, index, line);
  await expect.poll(async () => (await screen(page, index)).at(-1) ?? '', { timeout: 20_000 }).toMatch(/# ?$/);
  return (await screen(page, index)).join('\n');
}

const workbench = (page: Page) => page.locator('flannel-workbench');

/** The Monaco model behind the open editor panel, reached through the editor's own DOM (no globals). */
async function setEditorText(page: Page, edit: (text: string) => string): Promise<void> {
  const editor = page.locator('.fw-editor .monaco-editor');
  await expect(editor).toBeVisible({ timeout: 20_000 });
  await editor.click();
  const text = await page.evaluate(() =>
    (document.querySelector('.fw-editor') as HTMLElement & { fwText(): string }).fwText(),
  );
  const next = edit(text);
  await page.evaluate(
    (t) => (document.querySelector('.fw-editor') as HTMLElement & { fwSetText(t: string): void }).fwSetText(t),
    next,
  );
}

for (const locale of LOCALES) {
  test.describe(`${locale} VXLAN workbench`, () => {
    test('capture, run button, animation, pcap, route editor, kubectl edit, reload, share', async ({
      page,
      browser,
    }) => {
      test.setTimeout(180_000);
      const errors = collectErrors(page);
      mkdirSync(SHOTS, { recursive: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`/${locale}/vxlan/`);
      await page.evaluate(() => localStorage.clear());
      await page.reload();

      // tcpdump in the first terminal, the cross-node ping by the chapter's run button in the other.
      await type(page, 0, 'tcpdump -i flannel.1 -n');
      await expect(terminal(page, 0).locator('.xterm-rows')).toContainText('listening on flannel.1');
      const cmd = page.locator(`.cmd[data-cmd="${PING}"]`).first();
      await cmd.locator('.cmd-run').click();
      await workbench(page).scrollIntoViewIfNeeded();
      await expect(workbench(page)).toHaveAttribute('data-ready', 'true');
      await expect
        .poll(async () => Number((await workbench(page).locator('svg').getAttribute('data-hops')) ?? '0'))
        .toBeGreaterThan(3);
      await expect(workbench(page).locator('.fw-packet')).not.toHaveCount(0);
      // Between the nodes the pod's packet travels inside its VXLAN envelope…
      await expect(workbench(page).locator('.fw-packet.fw-outer .fw-envelope').first()).toBeVisible({
        timeout: 15_000,
      });
      // …and a dot glides along the wires rather than jumping from box to box.
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) {
        for (const t of await workbench(page)
          .locator('.fw-packet')
          .evaluateAll((gs) => gs.map((g) => g.getAttribute('transform') ?? '')))
          seen.add(t);
        await page.waitForTimeout(40);
      }
      expect(seen.size).toBeGreaterThan(6);
      await workbench(page).screenshot({ path: `${SHOTS}/${locale}-vxlan-1280-topology.png` });
      await page.screenshot({ path: `${SHOTS}/${locale}-vxlan-1280.png` });
      const t0 = terminal(page, 0).locator('.xterm-rows');
      await expect(t0).toContainText('IP 10.244.1.2 > 10.244.0.4: ICMP echo request');
      await expect(t0).toContainText('IP 10.244.0.4 > 10.244.1.2: ICMP echo reply');

      // The journey of a packet: kernel decisions, each opening the device's table with the row marked.
      // The newest trace may be a neighbour refresh: pick a ping.
      await workbench(page).locator('.fw-packets button', { hasText: 'ICMP echo request' }).first().click();
      const journey = workbench(page).locator('.fw-journey');
      await expect(journey).toContainText('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
      await journey
        .locator('button', { hasText: 'route 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink' })
        .first()
        .click();
      // `ip route show dev flannel.1` prints the row without its `dev`.
      await expect(workbench(page).locator('.fw-row-hit').first()).toHaveText('10.244.0.0/24 via 10.244.0.0 onlink \n');

      // A frame on the wire, decoded field by field: outer Ethernet/IPv4/UDP/VXLAN, inner Ethernet/IPv4/ICMP.
      // Every device records now, so the list shows one node's eth0 to keep the envelope in view.
      await workbench(page).locator('.fw-frame-filter').selectOption('10-7-160-190 eth0');
      await workbench(page)
        .locator('.fw-frames button', { hasText: 'VXLAN vni 1 [10.244.1.2 > 10.244.0.4 ICMP echo request]' })
        .first()
        .click();
      const captions = workbench(page).locator('.fw-layer caption');
      await expect(captions).toHaveText(
        locale === 'en'
          ? ['Ethernet', 'IPv4', 'UDP', 'VXLAN', 'inner Ethernet', 'inner IPv4', 'ICMP']
          : ['Ethernet', 'IPv4', 'UDP', 'VXLAN', '内层 Ethernet', '内层 IPv4', 'ICMP'],
      );
      await expect(workbench(page).locator('.fw-layer').nth(1)).toContainText(
        locale === 'en' ? 'total length134' : '总长度134',
      );
      await workbench(page).locator('.fw-frame-filter').selectOption('');

      // The journey links a decision to the frame as that device saw it: on flannel.1 the pod's own
      // frame, on eth0 the VXLAN envelope around it.
      await workbench(page).locator('.fw-packets button', { hasText: 'ICMP echo request' }).first().click();
      await journey.locator('li', { hasText: 'dev flannel.1' }).locator('.fw-frame-link').first().click();
      await expect(captions).toHaveText(['Ethernet', 'IPv4', 'ICMP']);
      await workbench(page).locator('.fw-packets button', { hasText: 'ICMP echo request' }).first().click();
      await journey.locator('li', { hasText: 'route 10.7.0.0/16 dev eth0' }).locator('.fw-frame-link').first().click();
      await expect(captions.nth(3)).toHaveText('VXLAN');
      // The frames list for one device only.
      await workbench(page).locator('.fw-frame-filter').selectOption('10-7-160-190 flannel.1');
      await expect(workbench(page).locator('.fw-frames button').first()).toContainText('10-7-160-190 flannel.1');
      for (const t of await workbench(page).locator('.fw-frames button').allTextContents())
        expect(t.startsWith('10-7-160-190 flannel.1 ')).toBe(true);
      await workbench(page).locator('.fw-frame-filter').selectOption('');

      // The clock, paused, runs one scheduled event at a time.
      await workbench(page).locator('.fw-clock').click();
      await expect(workbench(page)).toHaveAttribute('data-clock', 'paused');
      const before = await workbench(page).locator('.fw-now').textContent();
      await workbench(page).locator('.fw-next').click();
      await expect(workbench(page).locator('.fw-next-at')).toContainText(
        locale === 'en' ? 'next event: +' : '下一事件：+',
      );
      await expect.poll(() => workbench(page).locator('.fw-now').textContent()).not.toBe(before);
      await workbench(page).locator('.fw-clock').click();
      await expect(workbench(page)).toHaveAttribute('data-clock', 'running');

      // Narrow screen, mid-animation.
      await page.setViewportSize({ width: 375, height: 800 });
      await terminal(page, 1).locator('.xterm-screen').click();
      await page.keyboard.press('Control+C');
      await type(page, 1, PING);
      await workbench(page).scrollIntoViewIfNeeded();
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${SHOTS}/${locale}-vxlan-375.png` });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 900 });

      // pcap: tcpdump -w, then `download` in the terminal; the real tcpdump reads the file.
      await terminal(page, 0).locator('.xterm-screen').click();
      await page.keyboard.press('Control+C');
      await run(page, 0, 'tcpdump -i flannel.1 -n -c 4 -w x.pcap &');
      await run(page, 1, PING);
      await expect.poll(() => run(page, 0, 'ls -l x.pcap'), { timeout: 20_000 }).toMatch(/x\.pcap/);
      const dl = page.waitForEvent('download');
      await type(page, 0, 'download x.pcap');
      const file = await dl;
      const path = `test-results/${locale}-x.pcap`;
      await file.saveAs(path);
      const read = execFileSync('tcpdump', ['-r', path, '-n'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(read).toContain('IP 10.244.1.2 > 10.244.0.4: ICMP echo request');
      // …and the download button on the capture.
      await workbench(page).locator('.fw-captures').click();
      const dl2 = page.waitForEvent('download');
      await workbench(page).locator('.fw-download', { hasText: '10-7-111-92:/root/x.pcap' }).click();
      expect((await dl2).suggestedFilename()).toBe('x.pcap');

      // The route editor: a bad line shows the kernel's error and changes nothing; a good one shows in `ip r`.
      await workbench(page).locator('.fw-dev[data-host="10-7-111-92"][data-dev="eth0"]').click();
      await workbench(page).locator('.fw-edit-routes').click();
      await setEditorText(page, (t) => t + '10.60.0.0/16 via 10.9.9.9\n');
      await page.locator('.fw-editor .fw-save').click();
      await expect(page.locator('.fw-editor-errors')).toContainText('Nexthop has invalid gateway');
      await setEditorText(page, (t) => t.replace('10.9.9.9', '10.7.0.1'));
      await page.locator('.fw-editor .fw-save').click();
      await expect(page.locator('.fw-editor')).toHaveCount(0);
      expect(await run(page, 0, 'ip r')).toContain('10.60.0.0/16 via 10.7.0.1 dev eth0');

      // kubectl edit of the ConfigMap to host-gw, a DaemonSet restart: the routes change.
      await type(page, 1, 'kubectl edit cm kube-flannel-cfg -n kube-flannel');
      await setEditorText(page, (t) => t.replace('"Type": "vxlan"', '"Type": "host-gw"'));
      await page.locator('.fw-editor .fw-save').click();
      await expect(terminal(page, 1).locator('.xterm-rows')).toContainText('configmap/kube-flannel-cfg edited');
      await run(page, 1, 'kubectl -n kube-flannel rollout restart ds kube-flannel-ds');
      for (let i = 0; i < 3; i++) await workbench(page).locator('.fw-skip').click();
      await expect
        .poll(() => run(page, 0, 'ip r'), { timeout: 30_000 })
        .toContain('10.244.0.0/24 via 10.7.160.190 dev eth0');

      // A reload keeps the state.
      await page.waitForTimeout(600);
      await page.reload();
      const after = await run(page, 0, 'ip r');
      expect(after).toContain('10.60.0.0/16 via 10.7.0.1 dev eth0');
      expect(after).toContain('10.244.0.0/24 via 10.7.160.190 dev eth0');

      // A share link opened in a fresh browser context restores it.
      await workbench(page).scrollIntoViewIfNeeded();
      await workbench(page).locator('.fw-share').click();
      const url = await workbench(page).locator('.fw-share-url').inputValue();
      expect(url).toMatch(/#s=v1\.[A-Za-z0-9_-]+$/);
      const ctx = await browser.newContext();
      const fresh = await ctx.newPage();
      await fresh.goto(url);
      const shared = await run(fresh, 0, 'ip r');
      expect(shared).toContain('10.60.0.0/16 via 10.7.0.1 dev eth0');
      expect(shared).toContain('10.244.0.0/24 via 10.7.160.190 dev eth0');
      await ctx.close();
      // A reload cancels the previous page's lazy chunk requests (net::ERR_ABORTED): not an error.
      expect(errors.filter((e) => !e.includes('net::ERR_ABORTED'))).toEqual([]);
    });

    test('a mangled share link shows the message and the default world', async ({ browser }) => {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`/${locale}/vxlan/#s=v1.bm90LWEtc3RhdGU${'x'.repeat(20)}`);
      await terminal(page, 0).scrollIntoViewIfNeeded();
      const notice = page.locator('flannel-workbench .fw-notice');
      await expect(notice).toBeVisible();
      await expect(notice).toContainText(locale === 'en' ? 'share link is broken' : '分享链接已损坏');
      const routes = await run(page, 0, 'ip r');
      expect(routes).toContain('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
      expect(routes).not.toContain('10.60.0.0');
      await ctx.close();
    });
  });
}

test('a worker that dies restarts by itself from the last saved state, and says so', async ({ page }) => {
  await page.goto('/en/vxlan/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await run(page, 0, 'ip route add 10.61.0.0/16 via 10.7.0.1');
  await page.waitForTimeout(800);
  const worker = page.workers().find((w) => w.url().includes('worker'));
  expect(worker).toBeDefined();
  // An uncaught error in the worker's own event loop: what an emulator bug outside a command looks like.
  await worker!.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated emulator crash');
    });
  });
  await expect(terminal(page, 0).locator('.xterm-rows')).toContainText('restarted from the last saved state');
  await expect(page.locator('flannel-workbench .fw-notice')).toContainText('restarted from the last saved state');
  const routes = await run(page, 0, 'ip r');
  expect(routes).toContain('10.61.0.0/16 via 10.7.0.1 dev eth0');
});
