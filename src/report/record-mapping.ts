/**
 * The knowledge base's EHR record mapping in words, for reviewers: which record codes and words answer
 * which question, with the thresholds. Shared by `neckcheck kb show ehr` and the web knowledge-base browser.
 */
import type { KnowledgeBase, Lang, RecordAnswerEntry, RecordMatcher } from '../core/index.js';
import { optionText } from './answers.js';

const en = {
  title: 'EHR record mapping',
  intro:
    'What a patient’s EHR record answers by itself (CDS Hooks). Only positive findings are mapped: the record’s silence is never a “no”.',
  conditions: 'Conditions in the record',
  medications: 'Medicines in the record',
  patient: 'Patient',
  appointments: 'Appointments screened',
  answers: 'Answers',
  evidence: 'Record codes and words',
  age: 'age in whole years from the full birth date',
  yes: 'Yes',
  words: 'words: ',
  anyOf: 'any of',
  recent: (days: number, answer: string): string => `began within ${days} days: also ${answer}`,
  atOrBelow: (mg: number, answer: string): string => `${mg} mg or less: ${answer}`,
  above: (mg: number, answer: string): string => `more than ${mg} mg: ${answer}`,
  noDose: 'no dose in the text: no answer',
  takenFor: (days: number): string => `only when taken for at least ${days} days`,
  unless: (words: string): string => `not when the text says ${words}`,
  handsOn: 'Hands-on treatment (always screened)',
  physiotherapy: 'Physiotherapy…',
  neck: '…screened when it mentions the neck',
  negations: 'Texts ignored (negated or hedged)',
  sources: 'Code lists',
  none: 'The knowledge base has no record mapping: nothing in a record answers a question.',
};

type MappingMessages = typeof en;

const fr: MappingMessages = {
  title: 'Correspondance avec le dossier patient informatisé',
  intro:
    'Ce que le dossier patient informatisé répond de lui-même (CDS Hooks). Seules les constatations positives sont reprises : le silence du dossier n’est jamais un « non ».',
  conditions: 'Affections du dossier',
  medications: 'Médicaments du dossier',
  patient: 'Patient',
  appointments: 'Rendez-vous vérifiés',
  answers: 'Répond',
  evidence: 'Codes et mots du dossier',
  age: 'âge en années révolues d’après la date de naissance complète',
  yes: 'Oui',
  words: 'mots : ',
  anyOf: 'l’un de',
  recent: (days: number, answer: string): string => `début il y a ${days} jours au plus : aussi ${answer}`,
  atOrBelow: (mg: number, answer: string): string => `${mg} mg ou moins : ${answer}`,
  above: (mg: number, answer: string): string => `plus de ${mg} mg : ${answer}`,
  noDose: 'pas de dose dans le texte : pas de réponse',
  takenFor: (days: number): string => `seulement si pris depuis au moins ${days} jours`,
  unless: (words: string): string => `pas quand le texte dit ${words}`,
  handsOn: 'Soin manuel (toujours vérifié)',
  physiotherapy: 'Kinésithérapie…',
  neck: '…vérifiée quand elle mentionne le cou',
  negations: 'Textes ignorés (négation ou doute)',
  sources: 'Listes de codes',
  none: 'La base de connaissances n’a pas de correspondance : rien dans un dossier ne répond à une question.',
};

export function recordMappingMessages(lang: Lang): MappingMessages {
  return lang === 'fr' ? fr : en;
}

export interface MappingRow {
  readonly id: string;
  /** The answers this entry gives, in words: `Health conditions [conditions] = Osteoporosis`. */
  readonly answers: readonly string[];
  /** `SNOMED CT 64859006, 312894000`, `ICD-10 M80…, M81…`, `words: \bosteopor, \bosteopeni`. */
  readonly evidence: readonly string[];
  /** Thresholds and exclusions. */
  readonly limits: readonly string[];
}

export interface RecordMappingView {
  readonly empty: boolean;
  readonly conditions: readonly MappingRow[];
  readonly medications: readonly MappingRow[];
  readonly patient: readonly MappingRow[];
  readonly appointments: readonly MappingRow[];
  readonly negations: string;
  readonly sources: readonly string[];
}

/** An answer in words, with the question's clinician label and id. */
function mappedQuestion(kb: KnowledgeBase, questionId: string, lang: Lang): string {
  return `${kb.index.question.get(questionId)?.clinicianLabel[lang] ?? questionId} [${questionId}]`;
}

export function recordAnswerText(kb: KnowledgeBase, answer: RecordAnswerEntry, lang: Lang): string {
  const question = kb.index.question.get(answer.question);
  const label = mappedQuestion(kb, answer.question, lang);
  const value =
    answer.option === undefined ? recordMappingMessages(lang).yes : optionText(question, answer.option, lang);
  return `${label} = ${value}`;
}

function evidence(matcher: RecordMatcher, lang: Lang): string[] {
  const m = recordMappingMessages(lang);
  const prefixes = (codes: readonly string[]): string => codes.map((c) => `${c}…`).join(', ');
  return [
    ...(matcher.serviceType.length > 0 ? [`HL7 service-type ${matcher.serviceType.join(', ')}`] : []),
    ...(matcher.snomed.length > 0 ? [`SNOMED CT ${matcher.snomed.join(', ')}`] : []),
    ...(matcher.icd10.length > 0 ? [`ICD-10 ${prefixes(matcher.icd10)}`] : []),
    ...(matcher.rxnorm.length > 0 ? [`RxNorm ${matcher.rxnorm.join(', ')}`] : []),
    ...(matcher.atc.length > 0 ? [`ATC ${prefixes(matcher.atc)}`] : []),
    ...(matcher.words.length > 0 ? [`${m.words}${matcher.words.join(', ')}`] : []),
  ];
}

export function recordMappingView(kb: KnowledgeBase, lang: Lang): RecordMappingView {
  const m = recordMappingMessages(lang);
  const mapping = kb.recordMapping;
  const say = (answer: RecordAnswerEntry): string => recordAnswerText(kb, answer, lang);
  const conditions = mapping.conditions.map((c) => ({
    id: c.id,
    answers: [say(c.answer)],
    evidence: evidence(c, lang),
    limits: c.recent === undefined ? [] : [m.recent(c.recent.within.value, say(c.recent.answer))],
  }));
  const medications = mapping.medications.map((c) => ({
    id: c.id,
    answers: [
      ...(c.answer === undefined ? [] : [say(c.answer)]),
      ...(c.byDose === undefined
        ? []
        : [
            m.atOrBelow(c.byDose.threshold.value, say(c.byDose.atOrBelow)),
            m.above(c.byDose.threshold.value, say(c.byDose.above)),
          ]),
    ],
    evidence: evidence(c, lang),
    limits: [
      ...(c.byDose === undefined ? [] : [m.noDose]),
      ...(c.takenFor === undefined ? [] : [m.takenFor(c.takenFor.value)]),
      ...(c.unless === undefined ? [] : [m.unless(`${m.anyOf} ${c.unless.words.join(', ')}`)]),
    ],
  }));
  const age = mapping.patient.age;
  const patient =
    age === undefined
      ? []
      : [{ id: 'age', answers: [mappedQuestion(kb, age.question, lang)], evidence: [m.age], limits: [] }];
  const { handsOn, physiotherapy, neck } = mapping.appointments;
  const appointments = [
    { id: m.handsOn, answers: [], evidence: evidence(handsOn, lang), limits: [] },
    { id: m.physiotherapy, answers: [], evidence: evidence(physiotherapy, lang), limits: [] },
    { id: m.neck, answers: [], evidence: evidence(neck, lang), limits: [] },
  ].filter((row) => row.evidence.length > 0);
  const sources = mapping.citations.map((id) => {
    const c = kb.index.citation.get(id);
    return c === undefined ? id : `${c.authors} (${c.year}). ${c.title}. ${c.url ?? c.source}`;
  });
  return {
    empty: conditions.length + medications.length + patient.length + appointments.length === 0,
    conditions,
    medications,
    patient,
    appointments,
    negations: mapping.negations.join(', '),
    sources,
  };
}
