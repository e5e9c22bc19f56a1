/**
 * The editor panel: opened under a terminal by `kubectl edit`, `vi FILE`, or a node's
 * "Edit routes". Monaco is imported here, so it arrives only when the reader asks for an
 * editor. Saving checks first (YAML syntax, or the caller's own check such as the kernel's
 * answer for each route); with errors, markers show at their line and column and nothing is
 * handed back.
 */
import { wb } from './strings';

export interface EditProblem {
  line: number;
  column: number;
  message: string;
}

export interface EditOptions {
  title: string;
  text: string;
  language: 'yaml' | 'json' | 'text' | 'routes';
  /** Problems that refuse the save; none = the text is handed back. */
  check?: (text: string) => Promise<EditProblem[]>;
}

let open: Promise<unknown> | undefined;

async function yamlProblems(text: string): Promise<EditProblem[]> {
  const { parseAllDocuments } = await import('yaml');
  const out: EditProblem[] = [];
  for (const doc of parseAllDocuments(text)) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0];
      out.push({ line: pos?.line ?? 1, column: pos?.col ?? 1, message: e.message.split('\n')[0] ?? e.message });
    }
  }
  return out;
}

/** Open the panel after `anchor`; resolves with the saved text, or undefined when cancelled. */
export async function openEditor(anchor: HTMLElement, opts: EditOptions): Promise<string | undefined> {
  // One editor at a time: a second request waits for the first to close.
  while (open) await open.catch(() => {});
  const p = run(anchor, opts);
  open = p;
  try {
    return await p;
  } finally {
    open = undefined;
  }
}

async function run(anchor: HTMLElement, opts: EditOptions): Promise<string | undefined> {
  const panel = document.createElement('section');
  panel.className = 'fw-editor not-content';
  panel.setAttribute('aria-label', opts.title);
  panel.innerHTML = `
    <header><span class="fw-editor-title"></span><span class="fw-editor-hint"></span></header>
    <div class="fw-editor-body"><p class="fw-editor-loading"></p></div>
    <p class="fw-editor-errors" role="alert" hidden></p>
    <footer><button type="button" class="fw-save"></button><button type="button" class="fw-cancel"></button></footer>`;
  panel.querySelector('.fw-editor-title')!.textContent = opts.title;
  panel.querySelector('.fw-editor-hint')!.textContent = wb('editorHint');
  panel.querySelector('.fw-editor-loading')!.textContent = wb('loadingEditor');
  const saveBtn = panel.querySelector<HTMLButtonElement>('.fw-save')!;
  const cancelBtn = panel.querySelector<HTMLButtonElement>('.fw-cancel')!;
  const errors = panel.querySelector<HTMLElement>('.fw-editor-errors')!;
  saveBtn.textContent = wb('save');
  cancelBtn.textContent = wb('cancel');
  injectStyle();
  anchor.insertAdjacentElement('afterend', panel);
  panel.scrollIntoView({ block: 'nearest' });

  const { monaco } = await import('./monaco');
  const body = panel.querySelector<HTMLElement>('.fw-editor-body')!;
  body.replaceChildren();
  const dark = document.documentElement.dataset.theme !== 'light';
  const model = monaco.editor.createModel(
    opts.text,
    opts.language === 'yaml' ? 'yaml' : opts.language === 'json' ? 'json' : 'plaintext',
  );
  const editor = monaco.editor.create(body, {
    model,
    theme: dark ? 'vs-dark' : 'vs',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    tabSize: 2,
    insertSpaces: true,
  });
  editor.focus();
  // For scripted use (the end-to-end tests, assistive tools): the text, on the panel itself.
  Object.assign(panel, { fwText: () => model.getValue(), fwSetText: (t: string) => model.setValue(t) });

  return new Promise<string | undefined>((resolve) => {
    const close = (result: string | undefined): void => {
      editor.dispose();
      model.dispose();
      panel.remove();
      resolve(result);
    };
    const save = async (): Promise<void> => {
      const text = model.getValue();
      saveBtn.disabled = true;
      const problems = opts.check ? await opts.check(text) : opts.language === 'yaml' ? await yamlProblems(text) : [];
      saveBtn.disabled = false;
      monaco.editor.setModelMarkers(
        model,
        'flannel',
        problems.map((p) => ({
          severity: monaco.MarkerSeverity.Error,
          startLineNumber: p.line,
          startColumn: p.column,
          endLineNumber: p.line,
          endColumn: model.getLineMaxColumn(Math.min(Math.max(1, p.line), model.getLineCount())),
          message: p.message,
        })),
      );
      if (problems.length > 0) {
        errors.hidden = false;
        errors.textContent =
          `${wb('notApplied')}: ` + problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('; ');
        return;
      }
      close(text);
    };
    saveBtn.addEventListener('click', () => void save());
    cancelBtn.addEventListener('click', () => close(undefined));
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void save());
    editor.addCommand(monaco.KeyCode.Escape, () => close(undefined));
  });
}

let styled = false;
function injectStyle(): void {
  if (styled) return;
  styled = true;
  const s = document.createElement('style');
  s.textContent = `
.fw-editor{margin:1rem 0;border:1px solid #2b2f36;border-radius:.5rem;overflow:hidden;background:#1e1e1e;color:#d8dde4}
.fw-editor header,.fw-editor footer{display:flex;gap:.6rem;align-items:center;padding:.35rem .75rem;background:#22262d;font:.8rem/1.4 var(--sl-font-system-mono,monospace)}
.fw-editor header .fw-editor-title{flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.fw-editor header .fw-editor-hint{opacity:.7}
.fw-editor-body{height:min(60vh,24rem)}
.fw-editor-loading{padding:1rem;margin:0}
.fw-editor-errors{margin:0;padding:.4rem .75rem;background:#3b1e22;color:#f2b8bf;font:.8rem/1.4 var(--sl-font-system-mono,monospace)}
.fw-editor footer{justify-content:flex-end}
.fw-editor button{font:inherit;padding:.2rem .8rem;border-radius:.3rem;border:1px solid #4b525d;background:#2d333b;color:#d8dde4;cursor:pointer}
.fw-editor button.fw-save{background:#2f6f3e;border-color:#3d8b50}`;
  document.head.append(s);
}
