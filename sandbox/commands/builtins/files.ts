/**
 * Shared by the tools that read files: resolve names against the cwd, read
 * text, and give coreutils' error wording.
 */
import type { CommandContext } from '../../shell/command.js';
import { fsErrorText, normalizePath } from '../../world/fs.js';
import { inputLines } from '../../shell/streams.js';

export { fsErrorText };

export function resolve(ctx: CommandContext, path: string): string {
  return normalizePath(path, ctx.cwd);
}

/** Read a file's text; on failure print `NAME: PATH: reason` and return undefined. */
export function readFileText(ctx: CommandContext, name: string, path: string): string | undefined {
  if (path === '/dev/null') return '';
  try {
    return ctx.host.fs.readText(resolve(ctx, path));
  } catch (e) {
    ctx.stderr.write(`${name}: ${path}: ${fsErrorText(e)}\n`);
    return undefined;
  }
}

/** Lines of each operand (`-` or none = stdin), as a stream; errors printed and flagged. */
export async function* operandLines(
  ctx: CommandContext,
  name: string,
  files: readonly string[],
  onFile?: (file: string, index: number) => void,
  state: { failed: boolean } = { failed: false },
): AsyncGenerator<string> {
  const list = files.length === 0 ? ['-'] : files;
  for (let i = 0; i < list.length; i++) {
    const f = list[i]!;
    if (f === '-') {
      onFile?.(f, i);
      for await (const line of inputLines(ctx.stdin)) {
        // Killed by a signal: a real process would not get to handle what is still in the pipe.
        if (ctx.signal) return;
        yield line;
      }
      continue;
    }
    const text = readFileText(ctx, name, f);
    if (text === undefined) {
      state.failed = true;
      continue;
    }
    onFile?.(f, i);
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    yield* lines;
  }
}

/** Whether ctx's signal says to stop now. */
export function interrupted(ctx: CommandContext): boolean {
  return ctx.signal !== undefined;
}
