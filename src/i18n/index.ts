import { en, type UiKey } from './en';
import { zhCn } from './zh-cn';

export type Locale = 'zh-cn' | 'en';
export type { UiKey };

const dictionaries: Record<Locale, Record<UiKey, string>> = { 'zh-cn': zhCn, en };

export function toLocale(s: string | undefined): Locale {
  return s === 'en' ? 'en' : 'zh-cn';
}

/** A UI string in the page's language, with `{name}` placeholders filled in. */
export function t(locale: Locale, key: UiKey, vars: Record<string, string> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}
