/**
 * vi/vim/nano: in the page they open the editor beside the terminal and save
 * back into the host's file; this terminal has no full-screen editor.
 */
import type { Command } from '../../shell/command.js';
import { normalizePath } from '../../world/fs.js';
import { fsErrorText } from './files.js';

function languageOf(path: string): 'yaml' | 'json' | 'text' {
  if (/\.ya?ml$/.test(path)) return 'yaml';
  if (/\.(json|conflist|conf)$/.test(path)) return 'json';
  return 'text';
}

function editorCommand(name: string): Command {
  return {
    name,
    summary: 'edit a file (in the page: the editor beside the terminal)',
    usage: `Usage: ${name} FILE\n`,
    async run(ctx) {
      const files = ctx.argv.slice(1).filter((a) => !a.startsWith('-') && !a.startsWith('+'));
      const bridge = ctx.shell.editor;
      if (!bridge) {
        ctx.stderr.write(
          `${name}: this terminal has no full-screen editor; change files with sed -i, or printf … > FILE\n`,
        );
        return 1;
      }
      if (files.length !== 1) {
        ctx.stderr.write(`${name}: give one file to edit\n`);
        return 1;
      }
      const file = files[0]!;
      const path = normalizePath(file, ctx.cwd);
      const fs = ctx.host.fs;
      if (fs.isDir(path)) {
        ctx.stderr.write(`${name}: ${file}: Is a directory\n`);
        return 1;
      }
      const text = fs.exists(path) ? fs.readText(path) : '';
      const saved = await Promise.race([
        bridge.edit({ title: file, text, language: languageOf(path) }),
        ctx.signalled.then(() => undefined),
      ]);
      if (saved === undefined || saved === text) return ctx.signal ? 130 : 0;
      try {
        fs.write(path, saved);
      } catch (e) {
        ctx.stderr.write(`${name}: ${file}: ${fsErrorText(e)}\n`);
        return 1;
      }
      return 0;
    },
  };
}

export const vi = editorCommand('vi');
export const vim = editorCommand('vim');
export const nano = editorCommand('nano');
