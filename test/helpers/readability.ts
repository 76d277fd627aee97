/**
 * Reading level of the text the person screened reads, in English and in French.
 *
 * English: Flesch–Kincaid grade level (Kincaid et al. 1975),
 *   0.39 × words/sentence + 11.8 × syllables/word − 15.59,
 * with syllables counted by the `syllable` package (dictionary of exceptions plus rules).
 * French: Kandel & Moles (1958), Flesch's reading ease adapted to French,
 *   207 − 1.015 × words/sentence − 73.6 × syllables/word (60 or more ≈ "standard", about grade 8),
 * with syllables counted as spoken vowel groups (a final mute "e" is not a syllable).
 *
 * Both formulas are unstable on a few words, so short strings (option labels, titles) are judged on their
 * longest words instead (see `readingIssues`).
 */
import { syllable } from 'syllable';
import type { KnowledgeBase, Lang } from '../../src/core/index.js';

export interface ClientString {
  /** Where it comes from: "rule E1 client", "question neck_pain option none"… */
  readonly id: string;
  readonly lang: Lang;
  readonly text: string;
}

type Text = { readonly en: string; readonly fr: string };

/**
 * Every string of the knowledge base that a client (the person screened) can read: in the self-check
 * (web/src/check/*), on the client's result page and in reports with audience "client" (src/report/view.ts).
 * Clinician-only fields (clinicianLabel, clinician, rationale, notes, description, training…) and
 * questions with audience "clinician" are left out.
 */
export function clientStrings(kb: KnowledgeBase): ClientString[] {
  const out: ClientString[] = [];
  const add = (id: string, text: Text | undefined) => {
    if (text === undefined) return;
    out.push({ id, lang: 'en', text: text.en }, { id, lang: 'fr', text: text.fr });
  };
  const clientSections = new Set(kb.questions.filter((q) => q.audience === 'client').map((q) => q.section));
  for (const s of kb.sections) {
    if (!clientSections.has(s.id)) continue;
    add(`section ${s.id} title`, s.title);
    add(`section ${s.id} intro`, s.intro);
  }
  for (const q of kb.questions) {
    if (q.audience !== 'client') continue;
    add(`question ${q.id} text`, q.text);
    add(`question ${q.id} help`, q.help);
    add(`question ${q.id} unit`, q.unit);
    for (const o of q.options ?? []) add(`question ${q.id} option ${o.id}`, o.text);
  }
  for (const r of kb.rules) {
    // The title is shown to the client too: emergency stop, undecided findings, techniques' reasons.
    add(`rule ${r.id} title`, r.title);
    add(`rule ${r.id} client`, r.client);
  }
  for (const p of kb.precautions) add(`precaution ${p.id}`, p.text);
  for (const a of kb.alternatives) {
    add(`alternative ${a.id} name`, a.name);
    add(`alternative ${a.id} evidenceSummary`, a.evidenceSummary);
  }
  for (const p of kb.professions) add(`profession ${p.id} name`, p.name);
  // Clients read a technique's client wording (results, consent, information sheet); `name` is the clinician's.
  for (const t of kb.techniques) {
    add(`technique ${t.id} name`, t.client.name);
    add(`technique ${t.id} description`, t.client.description);
  }
  for (const t of kb.referralTargets) add(`referral ${t.id} name`, t.name);
  add('meta disclaimer', kb.meta.disclaimer);
  return out;
}

const ELIDED_FR = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)$/i;

/** The words of a text; French elisions ("l'", "qu'") belong to the next word. */
export function words(text: string, lang: Lang): string[] {
  const tokens = text.match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? [];
  if (lang === 'en') return tokens;
  return tokens.flatMap((t) => t.split(/['’]/).filter((part) => !ELIDED_FR.test(part)));
}

/** Sentences end with . ! ? (or the end of the text); "e.g."-style abbreviations and decimals do not end one. */
export function sentenceCount(text: string): number {
  const cleaned = text.replace(/\d[.,]\d/g, '0').replace(/\b(?:e\.g|i\.e|etc|p\. ?ex)\./gi, 'x');
  const n = cleaned.split(/[.!?]+(?:\s|$)/).filter((s) => /[\p{L}\p{N}]/u.test(s)).length;
  return Math.max(1, n);
}

const VOWELS_FR = /[aeiouyàâäéèêëîïôöùûüœæ]+/gi;

/** French syllables, as spoken: vowel groups, less a final mute "e"/"es" ("tête" 1, "artère" 2). */
export function frenchSyllables(word: string): number {
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return Math.max(1, w.length); // rough: "2" deux, "48" quarante-huit
  let n = (w.match(VOWELS_FR) ?? []).length;
  if (n > 1 && /[^aeiouyàâäéèêëîïôöùûüœæ]es?$/.test(w)) n -= 1;
  return Math.max(1, n);
}

export function englishSyllables(word: string): number {
  if (/^\d+$/.test(word)) return Math.max(1, word.length);
  return Math.max(1, syllable(word));
}

export function syllables(word: string, lang: Lang): number {
  return lang === 'en' ? englishSyllables(word) : frenchSyllables(word);
}

export interface Measure {
  readonly words: number;
  readonly sentences: number;
  readonly syllables: number;
  /** EN: Flesch–Kincaid grade level; FR: Kandel–Moles reading ease. */
  readonly score: number;
}

export function measure(text: string, lang: Lang): Measure {
  const ws = words(text, lang);
  const sentences = sentenceCount(text);
  const syl = ws.reduce((sum, w) => sum + syllables(w, lang), 0);
  const wps = ws.length / sentences;
  const spw = ws.length === 0 ? 0 : syl / ws.length;
  const score = lang === 'en' ? 0.39 * wps + 11.8 * spw - 15.59 : 207 - 1.015 * wps - 73.6 * spw;
  return { words: ws.length, sentences, syllables: syl, score: Math.round(score * 10) / 10 };
}

/** Highest Flesch–Kincaid grade for one English string. */
export const MAX_GRADE_EN = 9;
/** Lowest Kandel–Moles reading ease for one French string (60 ≈ grade 8). */
export const MIN_EASE_FR = 60;
/** Below this many words, a string is judged on its words, not on a formula. */
export const SHORT_WORDS = 8;
/** In a short string, the longest word allowed (syllables), unless listed in LONG_WORDS_OK. */
export const MAX_SYLLABLES_SHORT = { en: 4, fr: 5 } as const;

/** Long but common words a client knows. */
export const LONG_WORDS_OK: readonly string[] = [
  'physiotherapist',
  'physiotherapy',
  'physiothérapeute',
  'kinésithérapeute',
  'physiothérapie',
  'kinésithérapie',
  'relaxation',
  'osteopathic',
  'ostéopathique',
  'chiropratique',
  'chiropraticien',
  'acupuncture',
  'medication',
  'médicaments',
  'anticoagulant',
  'anticoagulants',
  'manipulation',
  'manipulations',
  'immédiatement',
  'complémentaires',
  'aromatherapy',
  'aromathérapie',
  'reflexology',
  'réflexologie',
  'massothérapeute',
];

/**
 * Words a client would not understand, or that alarm without explaining. Matched as whole words,
 * case-insensitive. A word listed here may appear in a client string only with a plain explanation next to it
 * (see JARGON_EXPLAINED).
 */
export const JARGON: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'ischaemia',
    'ischemia',
    'ischaemic',
    'ischemic',
    'brain-stem',
    'brainstem',
    'vertebrobasilar',
    'carotid',
    'cervical',
    'cervicogenic',
    'contraindicated',
    'contraindication',
    'myelopathy',
    'radiculopathy',
    'HVLA',
    'TIA',
    'neurological',
    'neurologic',
    'nystagmus',
    'ptosis',
    'miosis',
    'ataxia',
    'dysphagia',
    'dysarthria',
    'diplopia',
    'haematoma',
    'hematoma',
    'anticoagulation',
    'thrombosis',
    'embolism',
    'aneurysm',
    'osteoporosis',
    'atlantoaxial',
    'subluxation',
    'rheumatoid',
    'spondylitis',
    'paraesthesia',
    'paresthesia',
    'mobilisation',
    'mobilization',
    'rhabdomyolysis',
    'idiopathic',
    'aetiology',
    'etiology',
    'prognosis',
    'comorbidity',
    'clinician',
    'jurisdiction',
    'statistical',
    'reassess',
    'vignette',
    'trial',
    'trials',
    'meta-analysis',
    'Cochrane',
    'RCT',
    'placebo',
    'sham',
  ],
  fr: [
    'ischémie',
    'ischémique',
    'tronc cérébral',
    'vertébrobasilaire',
    'carotidien',
    'carotidienne',
    'cervical',
    'cervicale',
    'cervicales',
    'cervicaux',
    'cervicogénique',
    'contre-indiqué',
    'contre-indiquée',
    'contre-indication',
    'myélopathie',
    'radiculopathie',
    'HVLA',
    'AIT',
    'neurologique',
    'neurologiques',
    'nystagmus',
    'ptosis',
    'myosis',
    'ataxie',
    'dysphagie',
    'dysarthrie',
    'diplopie',
    'hématome',
    'anticoagulation',
    'thrombose',
    'embolie',
    'anévrisme',
    'ostéoporose',
    'atloïdo-axoïdien',
    'subluxation',
    'rhumatoïde',
    'spondylarthrite',
    'paresthésie',
    'paresthésies',
    'mobilisation',
    'rhabdomyolyse',
    'idiopathique',
    'étiologie',
    'pronostic',
    'comorbidité',
    'clinicien',
    'juridiction',
    'statistique',
    'réévaluer',
    'essai',
    'essais',
    'méta-analyse',
    'Cochrane',
    'placebo',
  ],
};

/**
 * Jargon that may appear with a plain explanation right after it, e.g. "dissection (a tear in the wall of an
 * artery)". Each entry: the word and a pattern that must follow it within the same sentence.
 */
export const JARGON_EXPLAINED: Readonly<Record<Lang, readonly { word: string; explained: RegExp }[]>> = {
  en: [{ word: 'dissection', explained: /dissection[^.]{0,20}\((?:a )?tear/i }],
  fr: [{ word: 'dissection', explained: /dissection[^.]{0,20}\((?:une )?déchirure/i }],
};

/** Statistics and research shorthand, never shown to a client. */
export const STATISTICS: readonly RegExp[] = [
  /%/,
  /\bSMD\b/,
  /\bDMS\b/,
  /\bCI\b/,
  /\bIC\b/,
  /\bOR\b/,
  /\bRR\b/,
  /\bHR\b/,
  /\bNNT\b/,
  /\bp\s*[<=>]/,
  /person-years|personnes-années|années-personnes/i,
  /per 100[ ,.]?000|pour 100[ ,. ]?000/i,
  /\b\d+[.,]\d+\b/,
  /(?<![\p{L}\p{N}])-\d/u,
  /\bodds\b/i,
  /confidence interval|intervalle de confiance/i,
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordPattern(word: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}-])${escapeRegExp(word)}(?![\\p{L}\\p{N}-])`, 'iu');
}

/** Longest bracket, in words, that counts as names given for recognition (see withoutNames). */
export const MAX_NAMES_WORDS = 10;

/**
 * The text without short brackets that follow plain words: "A blood thinner (for example warfarin…)",
 * "A tear in a neck artery (arterial dissection)". The plain words carry the meaning; the bracket gives the
 * medical or brand name the client may have been told, so that they recognise it. It is not measured and
 * may hold medical words. A bracket at the start of the text, or a long one, is measured like the rest.
 */
export function withoutNames(text: string): string {
  return text.replace(/(?<=\S)\s*\(([^()]*)\)/g, (all, inner: string) =>
    (inner.match(/\S+/g) ?? []).length <= MAX_NAMES_WORDS ? '' : all,
  );
}

/** What is wrong with one client string, or nothing. `codes` are the rule ids, which must not appear. */
export function readingIssues(s: ClientString, codes: readonly string[]): string[] {
  const issues: string[] = [];
  const text = withoutNames(s.text);
  const m = measure(text, s.lang);
  if (m.words >= SHORT_WORDS) {
    if (s.lang === 'en' && m.score > MAX_GRADE_EN)
      issues.push(`Flesch–Kincaid grade ${m.score} > ${MAX_GRADE_EN}`);
    if (s.lang === 'fr' && m.score < MIN_EASE_FR) issues.push(`Kandel–Moles ${m.score} < ${MIN_EASE_FR}`);
  } else {
    const max = MAX_SYLLABLES_SHORT[s.lang];
    const long = words(text, s.lang).filter(
      (w) => syllables(w, s.lang) > max && !LONG_WORDS_OK.includes(w.toLowerCase()),
    );
    if (long.length > 0) issues.push(`short text with long words (> ${max} syllables): ${long.join(', ')}`);
  }
  for (const j of JARGON[s.lang]) if (wordPattern(j).test(text)) issues.push(`jargon: "${j}"`);
  for (const { word, explained } of JARGON_EXPLAINED[s.lang])
    if (wordPattern(word).test(text) && !explained.test(s.text))
      issues.push(`jargon without explanation: "${word}"`);
  for (const re of STATISTICS) if (re.test(s.text)) issues.push(`statistic: ${re}`);
  for (const code of codes)
    if (new RegExp(`(?<![\\p{L}\\p{N}-])${escapeRegExp(code)}(?![\\p{L}\\p{N}-])`, 'u').test(s.text))
      issues.push(`rule code: ${code}`);
  return issues;
}
