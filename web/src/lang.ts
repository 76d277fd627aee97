import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../../src/core/browser.js';
import { isLang } from '../../src/core/browser.js';
import type { Strings } from './i18n.js';
import { STRINGS } from './i18n.js';

const KEY = 'neckcheck.lang';
const listeners = new Set<(lang: Lang) => void>();

function initial(): Lang {
  const saved = localStorage.getItem(KEY);
  if (isLang(saved)) return saved;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

let current: Lang = initial();

/** The language the interface shows now (sent to the server so that its refusals come back in it). */
export function currentLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

/** The current language and its strings; re-renders the component when the language changes. */
export function useLang(): { lang: Lang; t: Strings } {
  const [lang, set] = useState<Lang>(current);
  useEffect(() => {
    document.documentElement.lang = current;
    listeners.add(set);
    return () => listeners.delete(set);
  }, []);
  return { lang, t: STRINGS[lang] };
}
