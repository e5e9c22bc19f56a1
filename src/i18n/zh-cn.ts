import type { UiKey } from './en';

/** 站点自己的界面文字（Starlight 自带的界面已有中文翻译）。 */
export const zhCn: Record<UiKey, string> = {
  'terminal.label': '{host} 上的终端',
  'terminal.loading': '启动中…',
  'terminal.ready': '就绪',
  'terminal.journalFull': '操作记录已满，之后的操作不再保存',
  'terminal.failed': '模拟器启动失败',
  'terminal.hint': '点击后即可输入。Tab 补全，↑ 调出历史，Ctrl-C 中断。',
  'terminal.input': '终端输入',
  'terminal.tooMuchOutput': '输出太多，无法逐条朗读，请逐行浏览',
};
