/** The page renders exercise texts with `code` spans; everything else must come out escaped. */
import { describe, expect, it } from 'vitest';
import { inlineCode } from '../../src/client/exercise/markup.js';
import { str } from '../../src/client/exercise/strings.js';

describe('exercise text markup', () => {
  it('turns backticks into code and escapes HTML', () => {
    expect(inlineCode('run `ip r` & <look>')).toBe('run <code>ip r</code> &amp; &lt;look&gt;');
    expect(inlineCode('`a<b` "q"')).toBe('<code>a&lt;b</code> &quot;q&quot;');
  });

  it('fills placeholders in both languages', () => {
    expect(str('en', 'answerRecorded', { text: 'cni0' })).toBe('Answer recorded: cni0');
    expect(str('zh-cn', 'answerRecorded', { text: 'cni0' })).toBe('已记录答案：cni0');
  });
});
