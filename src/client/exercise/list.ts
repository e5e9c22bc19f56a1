/**
 * <flannel-exercise-list>: the exercises page's table, with the reader's
 * progress from localStorage filled in on load.
 */
import { allProgress } from './progress';
import { str, type ExerciseLocale } from './strings';

export class FlannelExerciseList extends HTMLElement {
  connectedCallback(): void {
    this.render();
    // Another tab finishing an exercise updates this one too.
    window.addEventListener('storage', this.onStorage);
  }

  disconnectedCallback(): void {
    window.removeEventListener('storage', this.onStorage);
  }

  private onStorage = (): void => this.render();

  private render(): void {
    const locale: ExerciseLocale = this.dataset.locale === 'en' ? 'en' : 'zh-cn';
    const progress = allProgress();
    let done = 0;
    const rows = this.querySelectorAll<HTMLTableRowElement>('tr[data-id]');
    rows.forEach((row) => {
      const p = progress[row.dataset.id ?? ''];
      const cell = row.querySelector<HTMLElement>('.fxl-progress');
      if (!cell) return;
      if (!p) {
        cell.textContent = str(locale, 'notStarted');
        row.dataset.progress = 'none';
        return;
      }
      if (p.done) done++;
      const parts = [p.done ? `✔ ${str(locale, 'complete')}` : `${p.best}%`];
      if (p.solutionSeen) parts.push(str(locale, 'solutionSeen'));
      cell.textContent = parts.join(' · ');
      row.dataset.progress = p.done ? 'done' : 'started';
    });
    const summary = this.querySelector<HTMLElement>('.fxl-summary');
    if (summary) summary.textContent = `${str(locale, 'progress')}: ${done}/${rows.length}`;
  }
}

if (!customElements.get('flannel-exercise-list')) customElements.define('flannel-exercise-list', FlannelExerciseList);
