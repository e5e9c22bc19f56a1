/**
 * <flannel-exercise>: the panel around an exercise's terminal. It grades the
 * exercise's own world in the worker (a checklist with a percentage that
 * re-runs while the reader works, and a Check button), hands out hints one
 * at a time, records answers, shows the solution after a confirmation, resets
 * the world, and keeps the reader's progress in localStorage.
 */
import { sandboxApi, sandboxWorld } from '../sandbox';
import { writeStored } from '../workbench/state';
import { loadProgress, saveProgress } from './progress';
import { str, type ExerciseLocale } from './strings';
import { inlineCode } from './markup';

/** How often the checklist re-runs while the panel is on screen. */
const RECHECK_MS = 1500;

interface VerdictView {
  score: number;
  done?: number;
  total?: number;
  complete?: boolean;
  items: readonly { id?: string; text: string; ok: boolean }[];
}

export class FlannelExercise extends HTMLElement {
  private locale: ExerciseLocale = 'zh-cn';
  private id_ = '';
  private sandbox = '';
  private scenario = '';
  private resets = 0;
  private timer: number | undefined;
  private visible = false;
  private checking = false;
  private hintsShown = 0;
  private terminalTemplate: HTMLElement | undefined;
  private io: IntersectionObserver | undefined;

  connectedCallback(): void {
    this.id_ = this.dataset.id ?? '';
    this.locale = this.dataset.locale === 'en' ? 'en' : 'zh-cn';
    this.sandbox = this.dataset.sandbox ?? `exercise:${this.id_}`;
    this.scenario = this.dataset.scenario ?? `exercise:${this.id_}`;
    const term = this.querySelector<HTMLElement>('flannel-terminal');
    if (term) this.terminalTemplate = pristine(term);

    this.on('.fx-check', () => void this.check(true));
    this.on('.fx-hint', () => void this.nextHint());
    this.on('.fx-show-solution', () => this.showSolution());
    this.on('.fx-reset', () => this.reset());
    this.querySelector<HTMLFormElement>('.fx-answer')?.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submitAnswer();
    });

    const saved = loadProgress(this.id_);
    // After a Reset the exercise's world is a new sandbox; a reload must come back to that one.
    this.resets = saved?.resets ?? 0;
    if (this.resets > 0) this.useSandbox(this.sandboxFor(this.resets));
    if (saved) {
      this.renderScore(saved.score, undefined, undefined, saved.done);
      if (saved.solutionSeen) this.revealSolution();
      if (saved.hints > 0) void this.restoreHints(saved.hints);
    }

    this.io = new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      if (this.visible) this.schedule();
    });
    this.io.observe(this);
    this.dataset.state = 'idle';
  }

  disconnectedCallback(): void {
    this.io?.disconnect();
    if (this.timer !== undefined) window.clearTimeout(this.timer);
  }

  private on(sel: string, fn: () => void): void {
    this.querySelector<HTMLButtonElement>(sel)?.addEventListener('click', fn);
  }

  private exerciseLang(): 'zh' | 'en' {
    return this.locale === 'en' ? 'en' : 'zh';
  }

  private world(): Promise<number> {
    return sandboxWorld(this.sandbox, this.scenario);
  }

  /** Re-run the checklist while the panel is visible and the tab is in front. */
  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = window.setTimeout(() => {
      this.timer = undefined;
      if (!this.visible) return;
      if (document.visibilityState === 'visible' && this.worldStarted()) void this.check(false);
      this.schedule();
    }, RECHECK_MS);
  }

  /** Only grade a world the reader has opened: grading must not start a worker by itself. */
  private worldStarted(): boolean {
    const t = this.querySelector<HTMLElement>('flannel-terminal');
    return t?.dataset.state === 'ready' || this.dataset.state === 'checked';
  }

  async check(explicit: boolean): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    const btn = this.querySelector<HTMLButtonElement>('.fx-check');
    if (explicit && btn) btn.textContent = str(this.locale, 'checking');
    try {
      const world = await this.world();
      const v = (await sandboxApi().check(world, this.id_, this.exerciseLang())) as VerdictView;
      this.renderVerdict(v);
      // A world merely scrolled past is not progress: record once the reader did something.
      const before = loadProgress(this.id_);
      const p =
        explicit || v.score > 0 || before !== undefined ? saveProgress(this.id_, { score: v.score }) : undefined;
      this.renderScore(v.score, v.done, v.total, p?.done ?? false);
      this.dataset.state = 'checked';
    } catch (e) {
      if (explicit) this.status(str(this.locale, 'unavailable', { error: String(e) }));
    } finally {
      this.checking = false;
      if (btn) btn.textContent = str(this.locale, 'check');
    }
  }

  private renderVerdict(v: VerdictView): void {
    const list = this.querySelector<HTMLUListElement>('.fx-items');
    if (!list) return;
    const rows = list.querySelectorAll<HTMLLIElement>('li');
    v.items.forEach((item, i) => {
      let li = rows[i];
      if (!li) {
        li = document.createElement('li');
        li.innerHTML = '<span class="fx-box" aria-hidden="true"></span><span class="fx-label"></span>';
        list.append(li);
      }
      li.dataset.ok = String(item.ok);
      if (item.id) li.dataset.item = item.id;
      li.querySelector('.fx-box')!.textContent = item.ok ? '✔' : '';
      const label = li.querySelector<HTMLElement>('.fx-label')!;
      if (label.dataset.text !== item.text) {
        label.dataset.text = item.text;
        label.innerHTML = inlineCode(item.text);
      }
      li.setAttribute('aria-checked', String(item.ok));
    });
  }

  private renderScore(score: number, done: number | undefined, total: number | undefined, complete: boolean): void {
    const bar = this.querySelector<HTMLProgressElement>('.fx-progress');
    if (bar) bar.value = score;
    const out = this.querySelector<HTMLElement>('.fx-score');
    if (out) {
      const frac = done !== undefined && total !== undefined ? ` (${done}/${total})` : '';
      out.textContent = `${str(this.locale, 'score')}: ${score}%${frac}`;
    }
    this.dataset.score = String(score);
    this.dataset.complete = String(score >= 100);
    const badge = this.querySelector<HTMLElement>('.fx-complete');
    if (badge) badge.hidden = !complete;
  }

  private async nextHint(): Promise<void> {
    try {
      const world = await this.world();
      const n = this.hintsShown + 1;
      const h = await sandboxApi().hint(world, this.id_, n, this.exerciseLang());
      if (!h) {
        this.addHint(str(this.locale, 'noMoreHints'), 'none');
        return;
      }
      // A state-based hint is recomputed on each click; it replaces the previous one.
      if (h.dynamic) {
        this.querySelector('.fx-hints li[data-kind="dynamic"]')?.remove();
        this.addHint(h.text, 'dynamic');
      } else {
        this.hintsShown = h.n;
        this.addHint(h.text, 'static');
        saveProgress(this.id_, { hints: this.hintsShown, score: Number(this.dataset.score ?? '0') });
      }
    } catch (e) {
      this.status(str(this.locale, 'unavailable', { error: String(e) }));
    }
  }

  private async restoreHints(n: number): Promise<void> {
    try {
      const world = await this.world();
      for (let i = 1; i <= n; i++) {
        const h = await sandboxApi().hint(world, this.id_, i, this.exerciseLang());
        if (!h || h.dynamic) break;
        this.hintsShown = h.n;
        this.addHint(h.text, 'static');
      }
    } catch {
      // The hints come back on the next click.
    }
  }

  private addHint(text: string, kind: 'static' | 'dynamic' | 'none'): void {
    const ol = this.querySelector<HTMLOListElement>('.fx-hints');
    if (!ol) return;
    this.querySelector('.fx-hints li[data-kind="none"]')?.remove();
    const li = document.createElement('li');
    li.dataset.kind = kind;
    li.innerHTML = inlineCode(text);
    ol.append(li);
    ol.hidden = false;
  }

  private showSolution(): void {
    if (!window.confirm(str(this.locale, 'confirmSolution'))) return;
    this.revealSolution();
    saveProgress(this.id_, { solutionSeen: true, score: Number(this.dataset.score ?? '0') });
  }

  private revealSolution(): void {
    const box = this.querySelector<HTMLElement>('.fx-solution');
    if (box) box.hidden = false;
  }

  private async submitAnswer(): Promise<void> {
    const input = this.querySelector<HTMLInputElement>('.fx-answer input');
    const text = input?.value.trim() ?? '';
    if (!input || text === '') return;
    try {
      const world = await this.world();
      await sandboxApi().answer(world, text);
      this.status(str(this.locale, 'answerRecorded', { text }));
      await this.check(false);
    } catch (e) {
      this.status(str(this.locale, 'unavailable', { error: String(e) }));
    }
  }

  private sandboxFor(resets: number): string {
    const base = this.dataset.sandbox ?? `exercise:${this.id_}`;
    return resets > 0 ? `${base}#${resets}` : base;
  }

  /** Bind the terminal to another sandbox: a terminal not started yet just changes its attribute. */
  private useSandbox(name: string): void {
    this.sandbox = name;
    const term = this.querySelector<HTMLElement>('flannel-terminal');
    if (!term) return;
    if (term.dataset.state === 'loading' && !term.querySelector('.xterm')) {
      term.dataset.sandbox = name;
    } else if (this.terminalTemplate) {
      const fresh = this.terminalTemplate.cloneNode(true) as HTMLElement;
      fresh.dataset.sandbox = name;
      term.replaceWith(fresh);
    }
  }

  /** A new world: the terminal is replaced by a fresh one bound to a new sandbox. */
  private reset(): void {
    if (!window.confirm(str(this.locale, 'confirmReset'))) return;
    // The old world's saved commands must not come back on the next reload.
    writeStored(this.sandbox, undefined);
    this.resets++;
    const name = this.sandboxFor(this.resets);
    writeStored(name, undefined);
    this.useSandbox(name);
    this.hintsShown = 0;
    const hints = this.querySelector<HTMLOListElement>('.fx-hints');
    if (hints) {
      hints.replaceChildren();
      hints.hidden = true;
    }
    const p = saveProgress(this.id_, { score: 0, hints: 0, resets: this.resets });
    this.querySelectorAll<HTMLLIElement>('.fx-items li').forEach((li) => {
      li.dataset.ok = 'false';
      li.querySelector('.fx-box')!.textContent = '';
    });
    this.renderScore(0, undefined, undefined, p.done);
    this.status('');
    this.dataset.state = 'idle';
  }

  private status(text: string): void {
    const el = this.querySelector<HTMLElement>('.fx-status');
    if (el) el.textContent = text;
  }
}

/** A copy of the terminal element as the server rendered it, before xterm filled it. */
function pristine(term: HTMLElement): HTMLElement {
  const copy = term.cloneNode(true) as HTMLElement;
  copy.querySelector('.ft-screen')?.replaceChildren();
  copy.dataset.state = 'loading';
  for (const k of ['readyMs', 'cols']) delete copy.dataset[k];
  return copy;
}

if (!customElements.get('flannel-exercise')) customElements.define('flannel-exercise', FlannelExercise);
