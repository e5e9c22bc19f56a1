/** The few words the exercise commands print around the exercise's own text. */
import type { Localized } from './types.js';

export const ui = {
  complete: { zh: '练习完成！', en: 'Exercise complete!' },
  noExercise: {
    zh: '当前没有进行中的练习（用 --exercise ID 启动一个）',
    en: 'no exercise is running (start one with --exercise ID)',
  },
  noMoreHints: {
    zh: '没有更多提示了。可以用 check 看看还差哪些检查项。',
    en: 'No more hints. Run check to see which items are still open.',
  },
  hintHeader: { zh: '提示', en: 'hint' },
  answerRecorded: { zh: '已记录答案：', en: 'answer recorded: ' },
  answerUsage: { zh: '用法：answer 你的答案', en: 'usage: answer TEXT' },
  noAnswerWanted: {
    zh: '（这个练习不需要 answer，答案已记录）',
    en: '(this exercise does not ask for an answer; recorded anyway)',
  },
  task: { zh: '任务', en: 'Task' },
  answerWanted: { zh: '用 answer 回答：', en: 'Answer with `answer`: ' },
} satisfies Record<string, Localized>;
