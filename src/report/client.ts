/**
 * What the client reads instead of the clinician's wording: open questions for what they did not know,
 * and the sections that must agree with the headline ("when to see a doctor", "who can help").
 */
import type { Assessment, Finding, Lang, UnresolvedFlag } from '../core/index.js';
import type { Headline } from './headline.js';
import { sendsToCare } from './headline.js';
import { messages } from './messages.js';

/** "Cancer, now or in the past" inside a sentence; an initial acronym ("TIA") keeps its capitals. */
export function inSentence(title: string): string {
  const [first = '', second = ''] = title;
  return second === second.toLowerCase() ? first.toLowerCase() + title.slice(1) : title;
}

/** A definite finding as the rule words it for clients; a possible one as a question to take to a doctor. */
export function clientFindingMessage(f: Finding, lang: Lang): string {
  const m = messages(lang).client;
  return f.certainty === 'possible' ? m.possible(inSentence(f.title[lang])) : f.client[lang];
}

/** Never the rule's own words, which state the red flag as if it were present. */
export function clientUnresolvedMessage(u: UnresolvedFlag, lang: Lang): string {
  return messages(lang).client.unresolved[u.disposition](inSentence(u.title[lang]));
}

/** "When to see a doctor": the headline's when and whom whenever it sends the person to care. */
export function clientDoctorLines(headline: Headline, assessment: Assessment, lang: Lang): string[] {
  const m = messages(lang).client;
  if (sendsToCare(headline.level)) return [`${headline.when}: ${headline.whom}`];
  const unknown = assessment.findings.some((f) => f.certainty === 'possible' && f.disposition !== 'proceed');
  return [unknown ? m.doctor.askAboutUnknowns : m.doctor.none];
}

/** "Who can help": whom the headline sends the person to first, then the professions that fit. */
export function clientProfessions(headline: Headline, suitable: readonly string[]): string[] {
  if (sendsToCare(headline.level) || suitable.length === 0) return [headline.whom, ...suitable];
  return [...suitable];
}
