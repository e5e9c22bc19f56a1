/**
 * The page's side of exercises through the worker API: an exercise's world
 * loads with its fault in place, check/hint/answer work in both languages.
 */
import { describe, expect, it } from 'vitest';
import { createSandboxApi } from '../../sandbox/worker.js';

describe('worker exercise API', () => {
  it('loads an exercise world with its fault and grades it in the page language', async () => {
    const api = createSandboxApi();
    const w = await api.load('exercise:restore-onlink-route?lang=zh');
    const v = await api.check(w, 'restore-onlink-route', 'zh');
    expect(v.score).toBe(0);
    expect(v.items.map((i) => i.ok)).toEqual([false, false]);
    expect(v.items[0]!.text).toContain('路由');
  });

  it('hands out hints one by one and records answers from the answer box', async () => {
    const api = createSandboxApi();
    const w = await api.load('exercise:vxlan-port-vni');
    const h1 = await api.hint(w, 'vxlan-port-vni', 1, 'en');
    expect(h1).toMatchObject({ n: 1, dynamic: false });
    const h4 = await api.hint(w, 'vxlan-port-vni', 4, 'en');
    expect(h4).toMatchObject({ n: 4, dynamic: true });
    expect(h4!.text).toMatch(/No VXLAN packet captured/);
    await api.answer(w, 'port=8472 vni=1');
    const v = await api.check(w, 'vxlan-port-vni', 'en');
    // Without a capture the answer alone earns nothing: it is checked against what was seen.
    expect(v.score).toBe(0);
  });

  it('refuses unknown exercises', async () => {
    const api = createSandboxApi();
    await expect(api.load('exercise:no-such-thing')).rejects.toThrow('unknown exercise: no-such-thing');
    const w = await api.load('article');
    await expect(api.check(w, 'no-such-thing')).rejects.toThrow('unknown exercise');
  });
});
