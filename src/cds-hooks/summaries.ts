/**
 * Every card summary, in English and French. The 2.0 contract is "<140 characters"; `everySummary` lists
 * every summary the knowledge base can produce, with the longest numbers and dates, so that a test (the
 * lint of CS-10) proves they all fit without clipping. `summaryOf` still clips, as a last line of defence
 * for stored findings whose titles came from another knowledge-base version.
 */
import type { KnowledgeBase, Lang } from '../core/index.js';
import { LANGS } from '../core/index.js';
import { SUMMARY_MAX_LENGTH } from './constants.js';

export type SummarySpec =
  | { readonly kind: 'emergency' | 'refer' | 'precautions'; readonly title: string }
  | { readonly kind: 'incomplete'; readonly count: number }
  | { readonly kind: 'proceed'; readonly date: string }
  | { readonly kind: 'no_screening' }
  | { readonly kind: 'expired'; readonly date: string }
  | { readonly kind: 'new_risk'; readonly count: number }
  | { readonly kind: 'reviewed'; readonly count: number };

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

const TEMPLATES: Readonly<Record<Lang, (s: SummarySpec) => string>> = {
  en: (s) => {
    switch (s.kind) {
      case 'emergency':
        return `Emergency, do not treat: ${s.title}`;
      case 'refer':
        return `Refer before neck treatment: ${s.title}`;
      case 'precautions':
        return `Precaution: ${s.title}`;
      case 'incomplete':
        return `Screening incomplete: ${s.count} red ${plural(s.count, 'flag', 'flags')} not excluded; clinician review before neck treatment`;
      case 'proceed':
        return `NeckCheck screening of ${s.date}: no red flag found; standard care applies`;
      case 'no_screening':
        return 'No NeckCheck screening on file: screen before neck massage or manual therapy';
      case 'expired':
        return `NeckCheck screening expired on ${s.date}: screen again before neck treatment`;
      case 'new_risk':
        return `Record shows ${s.count} risk ${plural(s.count, 'factor', 'factors')} not in the last NeckCheck screening: screen again`;
      case 'reviewed':
        return `A clinician changed NeckCheck's decision for ${s.count} ${plural(s.count, 'technique', 'techniques')}: check the decisions in force`;
    }
  },
  fr: (s) => {
    switch (s.kind) {
      case 'emergency':
        return `Urgence, ne pas traiter : ${s.title}`;
      case 'refer':
        return `Orienter avant tout soin du cou : ${s.title}`;
      case 'precautions':
        return `Précaution : ${s.title}`;
      case 'incomplete':
        return `Dépistage incomplet : ${s.count} ${plural(s.count, 'signal d’alerte non exclu', 'signaux d’alerte non exclus')} ; avis clinique avant tout soin du cou`;
      case 'proceed':
        return `Dépistage NeckCheck du ${s.date} : aucun signal d’alerte ; soins standard`;
      case 'no_screening':
        return 'Aucun dépistage NeckCheck au dossier : à faire avant massage ou thérapie manuelle du cou';
      case 'expired':
        return `Dépistage NeckCheck expiré le ${s.date} : à refaire avant tout soin du cou`;
      case 'new_risk':
        return `Le dossier montre ${s.count} ${plural(s.count, 'facteur de risque absent', 'facteurs de risque absents')} du dernier dépistage NeckCheck : à refaire`;
      case 'reviewed':
        return `Un clinicien a modifié la décision de NeckCheck pour ${s.count} ${plural(s.count, 'technique', 'techniques')} : vérifiez les décisions en vigueur`;
    }
  },
};

/** The summary as written, before any clipping. */
export function summaryText(spec: SummarySpec, lang: Lang): string {
  return TEMPLATES[lang](spec);
}

/** The summary, clipped to the 2.0 limit (never needed for the shipped knowledge base; see everySummary). */
export function summaryOf(spec: SummarySpec, lang: Lang): string {
  const full = summaryText(spec, lang);
  return full.length <= SUMMARY_MAX_LENGTH ? full : `${full.slice(0, SUMMARY_MAX_LENGTH - 1).trimEnd()}…`;
}

/** The widest values the numbers and dates can take. */
const WORST = { count: 9999, date: '9999-12-31' } as const;

/** Every summary this knowledge base can produce, in every language, unclipped. */
export function everySummary(kb: KnowledgeBase): { lang: Lang; spec: SummarySpec; text: string }[] {
  const fixed: SummarySpec[] = [
    { kind: 'incomplete', count: 1 },
    { kind: 'incomplete', count: WORST.count },
    { kind: 'proceed', date: WORST.date },
    { kind: 'no_screening' },
    { kind: 'expired', date: WORST.date },
    { kind: 'new_risk', count: 1 },
    { kind: 'new_risk', count: WORST.count },
    { kind: 'reviewed', count: 1 },
    { kind: 'reviewed', count: WORST.count },
  ];
  return LANGS.flatMap((lang) => {
    const findings = kb.rules.flatMap((rule): SummarySpec[] =>
      rule.disposition === 'proceed' ? [] : [{ kind: rule.disposition, title: rule.title[lang] }],
    );
    return [...fixed, ...findings].map((spec) => ({ lang, spec, text: summaryText(spec, lang) }));
  });
}
