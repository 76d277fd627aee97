/** The languages every client- or therapist-facing text exists in. */
export const LANGS = ['en', 'fr'] as const;
export type Lang = (typeof LANGS)[number];

/** A text shown to people; always present in every supported language. */
export type LocalizedText = Readonly<Record<Lang, string>>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}
