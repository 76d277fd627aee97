/** The words of the cards, in English and French. Summaries are in summaries.ts, where their length is checked. */
import type { Decision, Lang, LocalizedText } from '../core/index.js';

export const T = {
  emergency: { en: 'Emergency', fr: 'Urgence' },
  refer: { en: 'Refer first', fr: 'Orienter d’abord' },
  precautions: { en: 'Precautions', fr: 'Précautions' },
  proceed: { en: 'Proceed', fr: 'Poursuivre' },
  incomplete: { en: 'Incomplete', fr: 'Incomplet' },
  overall: { en: 'overall', fr: 'au total' },
  triggers: { en: 'Answers that triggered this', fr: 'Réponses en cause' },
  references: { en: 'References', fr: 'Références' },
  inFullOnRulePage: { en: 'in full on the rule page', fr: 'en entier sur la page de la règle' },
  basis: { en: 'Based on', fr: 'Fondé sur' },
  screeningOf: { en: 'NeckCheck screening of', fr: 'Dépistage NeckCheck du' },
  ehrScreeningOf: {
    en: 'NeckCheck questionnaire in the EHR, completed',
    fr: 'Questionnaire NeckCheck du dossier, rempli le',
  },
  recordOnly: {
    en: 'The EHR record only: no valid NeckCheck screening is on file, so other red flags are not excluded.',
    fr: 'Le dossier informatisé seulement : aucun dépistage NeckCheck valide, d’autres signaux d’alerte ne sont donc pas exclus.',
  },
  fromRecord: { en: 'from the EHR record', fr: 'd’après le dossier informatisé' },
  notAnswered: { en: 'not answered', fr: 'sans réponse' },
  unknown: { en: 'I don’t know', fr: 'Je ne sais pas' },
  yes: { en: 'Yes', fr: 'Oui' },
  no: { en: 'No', fr: 'Non' },
  rulePage: {
    en: 'Rule in the NeckCheck knowledge base',
    fr: 'Règle dans la base de connaissances NeckCheck',
  },
  openScreening: { en: 'Open the screening in NeckCheck', fr: 'Ouvrir le dépistage dans NeckCheck' },
  sendIntake: {
    en: 'Send a NeckCheck screening to the client',
    fr: 'Envoyer un dépistage NeckCheck au client',
  },
  linkClient: {
    en: 'Add the client to NeckCheck and send a screening',
    fr: 'Ajouter le client dans NeckCheck et envoyer un dépistage',
  },
  unresolved: {
    en: 'Red flags not excluded (answers missing or “I don’t know”)',
    fr: 'Signaux d’alerte non exclus (réponses manquantes ou « je ne sais pas »)',
  },
  precautionList: { en: 'Precautions for the session', fr: 'Précautions pour la séance' },
  newFactors: { en: 'In the record, not in the screening', fr: 'Dans le dossier, absent du dépistage' },
  noScreening: {
    en: 'No NeckCheck screening is on file for this patient. Screen before neck massage or manual therapy: red flags (arterial dissection, instability, fracture, cancer, infection) cannot be excluded from the record.',
    fr: 'Aucun dépistage NeckCheck n’est enregistré pour ce patient. Dépistez avant tout massage ou thérapie manuelle du cou : les signaux d’alerte (dissection artérielle, instabilité, fracture, cancer, infection) ne peuvent pas être exclus à partir du dossier.',
  },
  expired: {
    en: 'The last NeckCheck screening is past its validity date. Screen again before the next neck treatment.',
    fr: 'Le dernier dépistage NeckCheck a dépassé sa date de validité. Refaites-le avant le prochain soin du cou.',
  },
  rescreen: {
    en: 'The record shows risk factors the last NeckCheck screening did not include. Screen again so the advice takes them into account.',
    fr: 'Le dossier montre des facteurs de risque que le dernier dépistage NeckCheck n’incluait pas. Refaites-le pour que les conseils en tiennent compte.',
  },
  notProvided: { en: 'Not sent by the EHR (not checked)', fr: 'Non transmis par le dossier (non vérifié)' },
  taskSuggestion: {
    en: 'Ask the client to complete a NeckCheck screening',
    fr: 'Demander au client de remplir un dépistage NeckCheck',
  },
  taskDescription: {
    en: 'Create a task: NeckCheck screening before neck massage or manual therapy',
    fr: 'Créer une tâche : dépistage NeckCheck avant massage ou thérapie manuelle du cou',
  },
  appointments: { en: 'Appointments concerned', fr: 'Rendez-vous concernés' },
  unreadable: {
    en: 'answers that could not be read (treated as unanswered)',
    fr: 'réponses illisibles (traitées comme sans réponse)',
  },
  standard: { en: 'Standard care applies to everyone', fr: 'Les soins standard s’appliquent à tous' },
  reviewed: {
    en: 'Technique decisions after clinician review',
    fr: 'Décisions par technique après revue clinique',
  },
  reviewedIntro: {
    en: 'A clinician changed NeckCheck’s decision for these techniques; the stored screening is unchanged. The decision in force comes first.',
    fr: 'Un clinicien a modifié la décision de NeckCheck pour ces techniques ; le dépistage enregistré est inchangé. La décision en vigueur est indiquée en premier.',
  },
  screeningDecided: { en: 'NeckCheck decided', fr: 'NeckCheck avait décidé' },
  changedBy: { en: 'changed by', fr: 'modifiée par' },
  reason: { en: 'reason', fr: 'motif' },
  raisedBy: {
    en: 'raised because of the decision for a gentler technique',
    fr: 'rendue plus stricte en raison de la décision pour une technique plus douce',
  },
  overridden: {
    en: 'technique decisions changed by a clinician',
    fr: 'décisions par technique modifiées par un clinicien',
  },
  noteNotMedical: {
    en: 'NeckCheck supports, and does not replace, the clinician’s judgement.',
    fr: 'NeckCheck aide le jugement clinique sans le remplacer.',
  },
} as const satisfies Record<string, LocalizedText>;

export const DECISIONS: Readonly<Record<Decision, LocalizedText>> = {
  allowed: { en: 'allowed', fr: 'autorisée' },
  precautions: { en: 'allowed with precautions', fr: 'autorisée avec précautions' },
  relative: { en: 'relative contraindication', fr: 'contre-indication relative' },
  contraindicated: { en: 'contraindicated', fr: 'contre-indiquée' },
};

export const PREFETCH_NAMES: Readonly<Record<string, LocalizedText>> = {
  patient: { en: 'Patient', fr: 'Patient' },
  screenings: { en: 'NeckCheck questionnaires', fr: 'Questionnaires NeckCheck' },
  conditions: { en: 'Conditions', fr: 'Problèmes de santé' },
  medicationRequests: { en: 'Prescriptions', fr: 'Prescriptions' },
  medicationStatements: { en: 'Medication statements', fr: 'Déclarations de médicaments' },
};

export const OVERRIDE_REASONS = [
  {
    code: 'clinical_judgement_lower_risk',
    text: { en: 'Clinical judgement: lower risk', fr: 'Jugement clinique : risque moindre' },
  },
  {
    code: 'medical_clearance_obtained',
    text: { en: 'Medical clearance obtained', fr: 'Accord médical obtenu' },
  },
  {
    code: 'information_incorrect',
    text: { en: 'Information in the record is incorrect', fr: 'Information du dossier inexacte' },
  },
  { code: 'client_declined', text: { en: 'Client declined', fr: 'Refus du client' } },
  { code: 'other', text: { en: 'Other reason', fr: 'Autre raison' } },
] as const;

export const say = (text: LocalizedText, lang: Lang): string => text[lang];
