/// <reference types="vite/client" />
/**
 * Monaco, imported only by the editor panel when the reader opens an editor. Paths without
 * `esm/vs` (Monaco 0.57); never `import 'monaco-editor'`, which drags in every language.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/yaml/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
