/**
 * The emergency number to offer as a tap-to-call link, from the region of the browser's languages
 * (`navigator.languages`, e.g. "en-US", "fr-CA"). The app's own language does not decide it: a person
 * reading French in Montreal needs 911, not 112. Without a known region it falls back to 112, which works
 * from mobile phones in most countries; the number is always shown as text too.
 */

export interface EmergencyNumber {
  /** The number to call first (the tap-to-call link). */
  readonly primary: string;
  /** Other numbers that also reach emergency help in that region. */
  readonly also: readonly string[];
  /** The region the number was chosen for (ISO 3166 alpha-2), or undefined for the 112 fallback. */
  readonly region: string | undefined;
}

/** 112 alone: the European Union's single number, and more countries besides. */
const ONLY_112 = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'GR',
  'HR',
  'HU',
  'IS',
  'IT',
  'LI',
  'LT',
  'LU',
  'LV',
  'MC',
  'MT',
  'NL',
  'NO',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'IN',
  'RE',
  'GP',
  'MQ',
  'GF',
  'YT',
];

const NUMBERS: Readonly<Record<string, readonly [string, ...string[]]>> = {
  US: ['911'],
  CA: ['911'],
  MX: ['911'],
  PR: ['911'],
  GB: ['999', '112'],
  IE: ['112', '999'],
  AU: ['000', '112'],
  NZ: ['111'],
  // France: 15 reaches the medical emergency service (SAMU) directly; 112 works too.
  FR: ['15', '112'],
  // Switzerland: 144 is the ambulance; 112 works too.
  CH: ['144', '112'],
  JP: ['119'],
  ...Object.fromEntries(ONLY_112.map((region) => [region, ['112'] as const])),
};

const FALLBACK: EmergencyNumber = { primary: '112', also: [], region: undefined };

/** The region subtag of a BCP 47 language tag ("fr-CA" → "CA", "zh-Hant-TW" → "TW"), if any. */
export function regionOf(tag: string): string | undefined {
  const match = /^[a-z]{2,3}(?:[-_][a-z]{4})?[-_]([a-z]{2})(?:[-_]|$)/i.exec(tag.trim());
  return match?.[1]?.toUpperCase();
}

/** The emergency number for the first of `locales` whose region is known; 112 otherwise. */
export function emergencyNumberFor(locales: readonly string[]): EmergencyNumber {
  for (const tag of locales) {
    const region = regionOf(tag);
    const numbers = region === undefined ? undefined : NUMBERS[region];
    if (region !== undefined && numbers !== undefined) {
      const [primary, ...also] = numbers;
      return { primary, also, region };
    }
  }
  return FALLBACK;
}

/** The browser's languages, most preferred first. */
export function browserLocales(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages !== undefined && navigator.languages.length > 0
    ? navigator.languages
    : [navigator.language];
}
