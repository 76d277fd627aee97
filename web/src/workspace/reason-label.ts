/** An override reason in words for a form or a list: the clinic's label, capitalised. */
import { overrideReasonLabel } from '../../../src/clinic/index.js';
import type { Lang } from '../../../src/core/browser.js';

export function reasonLabel(code: string, lang: Lang): string {
  const words = overrideReasonLabel(code, lang);
  return words.charAt(0).toUpperCase() + words.slice(1);
}
