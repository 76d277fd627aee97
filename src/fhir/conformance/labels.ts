/** The words of the codes that only NeckCheck's FHIR code systems name, in English and French. */
import type { AnswerIssueCode, Decision, Disposition, LocalizedText } from '../../core/index.js';

export const DISPOSITION_LABELS: Readonly<Record<Disposition, LocalizedText>> = {
  proceed: { en: 'Proceed', fr: 'Poursuivre' },
  precautions: { en: 'Proceed with precautions', fr: 'Poursuivre avec des précautions' },
  incomplete: {
    en: 'Incomplete: a red flag could not be excluded',
    fr: 'Incomplet : un signal d’alerte n’a pas pu être exclu',
  },
  refer: { en: 'Refer before treatment', fr: 'Orienter avant le traitement' },
  emergency: { en: 'Emergency', fr: 'Urgence' },
};

export const DECISION_LABELS: Readonly<Record<Decision, LocalizedText>> = {
  allowed: { en: 'Allowed', fr: 'Autorisée' },
  precautions: { en: 'Allowed with precautions', fr: 'Autorisée avec des précautions' },
  relative: { en: 'Relative contraindication', fr: 'Contre-indication relative' },
  contraindicated: { en: 'Contraindicated', fr: 'Contre-indiquée' },
};

export const ANSWER_ISSUE_LABELS: Readonly<Record<AnswerIssueCode, LocalizedText>> = {
  not_an_object: { en: 'The answers are not an object', fr: 'Les réponses ne sont pas un objet' },
  unknown_question: { en: 'No such question', fr: 'Question inconnue' },
  wrong_type: { en: 'The answer has the wrong type', fr: 'La réponse n’est pas du bon type' },
  not_an_option: { en: 'Not one of the question’s options', fr: 'Pas une des options de la question' },
  out_of_range: { en: 'The number is out of range', fr: 'Le nombre est hors limites' },
  unknown_not_allowed: {
    en: '"I don’t know" is not allowed here',
    fr: '« Je ne sais pas » n’est pas permis ici',
  },
  exclusive_option: {
    en: 'An exclusive option was chosen with others',
    fr: 'Une option exclusive a été choisie avec d’autres',
  },
  duplicate_option: { en: 'An option was given twice', fr: 'Une option a été donnée deux fois' },
};
