/**
 * The exercise data itself: enough exercises in every chapter, ids a URL can
 * carry, every text in both languages, and solutions that end with `check`.
 */
import { describe, expect, it } from 'vitest';
import { allExercises, exercises } from '../../sandbox/exercises/index.js';
import { isScenarioName } from '../../sandbox/scenarios/index.js';

describe('exercise catalog', () => {
  const all = allExercises();

  it('has at least 12 exercises across the three chapters', () => {
    expect(all.length).toBeGreaterThanOrEqual(12);
    for (const ch of ['deploy', 'vxlan', 'host-gw'] as const) {
      expect(
        all.some((e) => e.chapter === ch),
        ch,
      ).toBe(true);
    }
  });

  it('has unique kebab-case ids and lists them with their titles', () => {
    const ids = all.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(exercises('en').map((e) => e.id)).toEqual(ids);
    expect(exercises('zh')[0]!.title).toBe(all[0]!.title.zh);
  });

  it('says everything in both languages', () => {
    for (const e of all) {
      const texts = [e.title, e.task, ...e.items.map((i) => i.label), ...e.hints.static];
      if (e.answer) texts.push(e.answer.prompt);
      for (const t of texts) {
        expect(t.zh.trim(), `${e.id} zh`).not.toBe('');
        expect(t.en.trim(), `${e.id} en`).not.toBe('');
        expect(t.zh, `${e.id}: Chinese text has Chinese in it`).toMatch(/[\u4e00-\u9fff]/);
        expect(t.en, `${e.id}: English text has no Chinese`).not.toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('gives every exercise a real scenario, items, hints, a solution and a wrong attempt', () => {
    for (const e of all) {
      expect(isScenarioName(e.scenario), e.id).toBe(true);
      expect(e.items.length, e.id).toBeGreaterThanOrEqual(2);
      expect(new Set(e.items.map((i) => i.id)).size, e.id).toBe(e.items.length);
      expect(e.hints.static.length, e.id).toBeGreaterThanOrEqual(2);
      expect(e.solution.at(-1), e.id).toBe('check');
      expect(e.wrong.at(-1), e.id).toBe('check');
      expect(e.wrong.join('\n'), e.id).not.toBe(e.solution.join('\n'));
    }
  });
});
