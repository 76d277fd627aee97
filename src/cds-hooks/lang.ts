/** The language of the cards, from the request's Accept-Language (English unless French is preferred). */
import type { Lang } from '../core/index.js';
import { isLang } from '../core/index.js';

export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (header === undefined) return 'en';
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((r) => r.primary).find(isLang) ?? 'en';
}
