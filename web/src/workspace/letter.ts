/** The text of a referral letter, ready to copy, in the therapist's language. */
import type { Assessment, Lang } from '../../../src/core/browser.js';
import type { ReportView } from '../../../src/report/view.js';

export function referralLetter(a: Assessment, view: ReportView, lang: Lang, seenAt: string): string {
  const date = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long' }).format(
    new Date(seenAt),
  );
  const findings = view.findings.filter((f) => f.disposition === 'refer' || f.disposition === 'emergency');
  const lines = findings.map((f) => `- ${f.title}: ${f.message}`);
  const urgency = view.referrals.join('; ');
  return lang === 'fr'
    ? [
        'Cher confrère, chère consœur,',
        '',
        `J'ai vu votre patient(e) le ${date} avant un traitement manuel du cou. Le dépistage (NeckCheck, base de connaissances ${a.kb.version}) a relevé :`,
        ...lines,
        '',
        `Je vous serais reconnaissant(e) de bien vouloir l'évaluer (${urgency}) avant tout traitement du cou.`,
        '',
        'Bien cordialement,',
      ].join('\n')
    : [
        'Dear colleague,',
        '',
        `I saw your patient on ${date} before manual treatment of the neck. The screening (NeckCheck, knowledge base ${a.kb.version}) found:`,
        ...lines,
        '',
        `I would be grateful if you could assess them (${urgency}) before any neck treatment.`,
        '',
        'Kind regards,',
      ].join('\n');
}
