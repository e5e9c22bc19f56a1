/** The exercise panel's own UI strings (the site's dictionaries stay the site's). */
export type ExerciseLocale = 'zh-cn' | 'en';

const zh = {
  exercise: '练习',
  task: '任务',
  checklist: '检查项',
  check: '检查',
  checking: '检查中…',
  hint: '提示',
  nextHint: '下一条提示',
  noMoreHints: '没有更多提示了。',
  showSolution: '显示参考答案',
  confirmSolution: '确定要看参考答案吗？先自己试试会学得更多。',
  solution: '参考答案',
  reset: '重置',
  confirmReset: '重置这个练习？它的集群会回到初始状态。',
  answer: '答案',
  submit: '提交',
  answerRecorded: '已记录答案：{text}',
  score: '得分',
  complete: '完成！',
  notStarted: '未开始',
  inProgress: '进行中',
  solutionSeen: '看过参考答案',
  progress: '进度',
  chapter: '章节',
  title: '练习',
  open: '去做练习',
  unavailable: '模拟器还没有准备好：{error}',
  terminalNote: '在下面的终端里操作；输入 check、hint 或 answer 也可以。',
} as const;

type Strings = { [K in keyof typeof zh]: string };

const en: Strings = {
  exercise: 'Exercise',
  task: 'Task',
  checklist: 'Checklist',
  check: 'Check',
  checking: 'Checking…',
  hint: 'Hint',
  nextHint: 'Next hint',
  noMoreHints: 'No more hints.',
  showSolution: 'Show solution',
  confirmSolution: 'Show the solution? You learn more by trying first.',
  solution: 'Solution',
  reset: 'Reset',
  confirmReset: 'Reset this exercise? Its cluster goes back to the starting state.',
  answer: 'Answer',
  submit: 'Submit',
  answerRecorded: 'Answer recorded: {text}',
  score: 'Score',
  complete: 'Complete!',
  notStarted: 'not started',
  inProgress: 'in progress',
  solutionSeen: 'solution viewed',
  progress: 'Progress',
  chapter: 'Chapter',
  title: 'Exercise',
  open: 'Open',
  unavailable: 'The emulator is not ready: {error}',
  terminalNote: 'Work in the terminal below; check, hint and answer work there too.',
};

export type StringKey = keyof typeof zh;

export function str(locale: ExerciseLocale, key: StringKey, vars: Record<string, string> = {}): string {
  const s = (locale === 'en' ? en : zh)[key];
  return s.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}

export const chapterNames: Record<ExerciseLocale, Record<'deploy' | 'vxlan' | 'host-gw', string>> = {
  'zh-cn': { deploy: '部署', vxlan: 'VXLAN', 'host-gw': 'host-gw' },
  en: { deploy: 'Deploy', vxlan: 'VXLAN', 'host-gw': 'host-gw' },
};
