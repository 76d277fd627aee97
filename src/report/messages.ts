/**
 * Every interface string a client or a therapist reads, in English and French. `fr` is typed from `en`,
 * so a missing or misspelt French key does not compile. Texts that belong to the knowledge base (questions,
 * rules, the disclaimer) live in the knowledge base, not here.
 */
import type { Currency, StepKind } from '../clinic/index.js';
import type { Certainty, Decision, Disposition, EvidenceTag, Lang, Urgency } from '../core/index.js';
import type { HeadlineLevel } from './headline-levels.js';

interface Labelled {
  readonly label: string;
  readonly explain: string;
}

interface HeadlineWords {
  readonly label: string;
  readonly text: string;
  /** The text when the level comes from a red flag answered "I don't know" or not answered. */
  readonly unknown: string;
  readonly when: string;
  readonly whom: string;
}

const en = {
  title: 'NeckCheck screening result',
  disposition: {
    proceed: {
      label: 'Proceed',
      explain: 'No warning sign or risk factor was found: treatment can go ahead with standard care.',
    },
    precautions: {
      label: 'Proceed with precautions',
      explain: 'Treatment can go ahead only with the precautions and technique limits below.',
    },
    incomplete: {
      label: 'Incomplete: clinician review needed',
      explain:
        'At least one warning sign could not be ruled out. A clinician must review the open questions before any neck treatment.',
    },
    refer: {
      label: 'Refer to a physician',
      explain: 'No hands-on neck treatment until a physician has assessed the person.',
    },
    emergency: {
      label: 'Emergency',
      explain: 'Do not treat the neck. Get emergency medical help now.',
    },
  } satisfies Record<Disposition, Labelled>,
  decision: {
    allowed: { label: 'Allowed', explain: 'Can be used with standard care.' },
    precautions: {
      label: 'Allowed with precautions',
      explain: 'Can be used only with the precautions listed.',
    },
    relative: {
      label: 'Relative contraindication',
      explain: 'Avoid unless a qualified clinician judges that the benefit outweighs the risk.',
    },
    contraindicated: { label: 'Contraindicated', explain: 'Must not be used.' },
  } satisfies Record<Decision, Labelled>,
  urgency: {
    routine: { label: 'Routine', explain: 'At a routine appointment.' },
    within_days: { label: 'Within days', explain: 'In the next few days, before any neck treatment.' },
    same_day: { label: 'Same day', explain: 'Today, before any neck treatment.' },
    immediate: { label: 'Immediately', explain: 'Now: call emergency services.' },
  } satisfies Record<Urgency, Labelled>,
  certainty: {
    definite: { label: 'Definite', explain: 'The answers show that this applies.' },
    possible: { label: 'Possible', explain: 'It could not be ruled out, so it is applied to be safe.' },
  } satisfies Record<'definite' | 'possible', Labelled>,
  evidence: {
    V: { label: 'V', explain: 'checked against the source itself' },
    V2: { label: 'V2', explain: 'checked through a secondary source only' },
    G: { label: 'G', explain: 'from memory, not yet checked' },
    U: { label: 'U', explain: 'looked for but not verified' },
  } satisfies Record<EvidenceTag, Labelled>,
  grade: {
    none: 'no evidence',
    very_low: 'very low certainty',
    low: 'low certainty',
    moderate: 'moderate certainty',
    high: 'high certainty',
  } satisfies Record<Certainty, string>,
  heading: {
    result: 'Result',
    whatToDo: 'What to do',
    techniques: 'Techniques',
    why: 'Why',
    unresolved: 'Warning signs not ruled out',
    precautions: 'Precautions',
    casePrecautions: 'For this person',
    standardPrecautions: 'Standard care for everyone',
    referrals: 'Referrals',
    alternatives: 'Alternatives to consider',
    professions: 'Suitable professions',
    openQuestions: 'Open questions',
    about: 'About this result',
    disclaimer: 'Disclaimer',
  },
  table: { technique: 'Technique', decision: 'Decision', reason: 'Main reason' },
  reason: {
    emergency: 'Emergency: no neck treatment',
    refer: 'A physician must assess first',
    review: 'A warning sign was not ruled out: clinician review needed',
    gentler: (name: string): string => `No more permitted than a gentler technique (${name})`,
    none: 'No restriction found',
  },
  finding: {
    rule: (id: string, version: number): string => `rule ${id} v${version}`,
    certainty: 'Certainty',
    evidence: 'Evidence',
    answers: 'Answers',
    sources: 'Sources',
    questions: 'Questions to answer',
    unreviewed: 'not yet reviewed by a clinician',
    notSignedByClinic: 'not signed by this clinic in this version',
  },
  answer: { yes: 'Yes', no: 'No', unknown: "I don't know", unanswered: 'Not answered' },
  emergency: {
    heading: 'Call for emergency help now',
    steps: [
      'Call your local emergency number now (for example 112 in Europe, 911 in North America, 999 in the UK), even if the symptoms have gone away.',
      'Do not drive yourself. Wait for the ambulance, or have someone else take you.',
      'Tell them what the symptoms are, when they started (or when the person was last seen well), that neck treatment or manipulation was planned or done, and any blood-thinning medicines.',
      'Do not have any massage or treatment of the neck.',
    ],
  },
  meta: {
    kb: 'Knowledge base',
    hash: 'Content hash',
    engine: 'Engine',
    assessedAt: 'Assessed at',
    notRecorded: 'not recorded',
    audience: 'Written for',
  },
  audience: { client: 'the client', clinician: 'the clinician' },
  none: 'None',
  noneSuitable: 'None at this time',
  redFlag: 'warning sign',
  prompt: {
    back: '← Back',
    progress: (answered: number, total: number): string => `[${answered}/${total}]`,
    numberHint: 'type a number, or press Enter for more choices',
    enterNumber: 'Enter a number',
    chooseOne: 'Choose at least one option.',
    alone: (label: string): string => `"${label}" cannot be combined with other choices.`,
    range: (min: string, max: string): string => `Enter a number between ${min} and ${max}.`,
    emergencyStop: 'The questions have stopped: these answers need emergency care.',
    cancelled: 'Screening cancelled; nothing was saved.',
    /** The key hints under a list of choices. */
    keys: { navigate: 'navigate', select: 'select', submit: 'submit' } as Record<string, string>,
  },
  date: {
    months: [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ] as readonly string[],
    day: (day: number, month: string, year: number): string => `${day} ${month} ${year}`,
    dateTime: (day: number, month: string, year: number, hh: string, mm: string): string =>
      `${day} ${month} ${year} at ${hh}:${mm} UTC`,
  },
  record: {
    heading: 'Screening record',
    client: 'Client',
    clientName: (name: string, birthYear: number | null): string =>
      birthYear === null ? name : `${name} (born ${birthYear})`,
    clinic: 'Clinic',
    date: 'Date of the screening',
    kbVersion: 'Knowledge base version',
    status: 'Status',
    validUntil: 'Valid until',
    reference: 'Screening reference',
    currency: {
      current: "Current: the client's latest screening, still valid",
      superseded: 'Superseded: a newer screening of this client exists',
      expired: 'Expired: a re-check screening is due before the next treatment',
      after_event:
        'After-event triage: something happened after a treatment; a re-check screening is needed before treating again',
      none: 'No screening on file',
    } satisfies Record<Currency, string>,
    steps: 'Steps',
    step: {
      self_report: "The client's self-report",
      screening: 'Screening',
      examination: 'Examination by the therapist',
      signoff: 'Sign-off',
    } satisfies Record<StepKind, string>,
    stepLine: (step: string, who: string, when: string): string => `${step}: recorded by ${who} on ${when}`,
    changes: 'Changed or added at the examination',
    change: (question: string, before: string, after: string): string => `${question}: ${before} → ${after}`,
    signoffs: 'Sign-offs',
    signoff: (who: string, when: string, note: string): string =>
      note.trim() === '' ? `${who}, ${when}` : `${who}, ${when}: ${note}`,
    noSignoff: 'Not signed off yet',
    consents: 'Consents given on this screening',
    consent: (signer: string, techniques: string, when: string, recordedBy: string | null): string =>
      `${signer} consented to ${techniques} on ${when}` +
      (recordedBy === null ? '' : ` (recorded by ${recordedBy})`),
    noConsent: 'No consent recorded on this screening',
    review: 'Clinician review',
    unchanged: "The screening's decision",
    override: (who: string, when: string, from: string, to: string): string =>
      `Overridden by ${who} on ${when}: from “${from}” to “${to}”.`,
    reason: (words: string, text: string): string =>
      text.trim() === '' ? `Reason: ${words}.` : `Reason: ${words}. “${text.trim()}”`,
    raised: (decision: string, gentler: string): string =>
      `Raised to “${decision}” because of the decision for ${gentler}, a gentler technique.`,
  },
  /** What the person screened reads: plain words, no rule codes, "I don't know" never stated as a fact. */
  client: {
    headline: {
      emergency: {
        label: 'Emergency',
        text: 'Call your local emergency number now, or go to an emergency department. Do not have any neck treatment.',
        unknown:
          'Call your local emergency number now, or go to an emergency department. Do not have any neck treatment.',
        when: 'Now',
        whom: 'Emergency services: an ambulance or an emergency department',
      },
      urgent: {
        label: 'See a doctor today',
        text: 'See a doctor today, before any neck treatment. If dizziness, trouble seeing or speaking, numbness or weakness appear, call your local emergency number.',
        unknown:
          'A warning sign that can need emergency care could not be ruled out, because you did not know some answers. Get it checked by a doctor today, before any neck treatment. If you have such symptoms right now, call your local emergency number.',
        when: 'Today, before any neck treatment',
        whom: 'A doctor: your family doctor or an urgent care service',
      },
      soon: {
        label: 'See a doctor first',
        text: 'See a doctor in the next few days, before any neck treatment.',
        unknown:
          'A warning sign could not be ruled out, because you did not know some answers. Ask a doctor about it in the next few days, before any neck treatment.',
        when: 'In the next few days, before any neck treatment',
        whom: 'A doctor, such as your family doctor',
      },
      doctor: {
        label: 'See a doctor first',
        text: 'See a doctor before any neck treatment; a routine appointment is fine.',
        unknown:
          'A warning sign could not be ruled out, because you did not know some answers. Ask a doctor about it before any neck treatment; a routine appointment is fine.',
        when: 'At a routine appointment, before any neck treatment',
        whom: 'A doctor, such as your family doctor',
      },
      precautions: {
        label: 'Proceed with precautions',
        text: 'Neck treatment can go ahead, but only within the limits shown here. Show this result to your therapist.',
        unknown:
          'Neck treatment can go ahead, but only within the limits shown here. Show this result to your therapist.',
        when: 'At your treatment appointment',
        whom: 'Your therapist',
      },
      proceed: {
        label: 'Proceed',
        text: 'Neck treatment can go ahead with the usual care.',
        unknown: 'Neck treatment can go ahead with the usual care.',
        when: 'At your treatment appointment',
        whom: 'Your therapist',
      },
    } satisfies Record<HeadlineLevel, HeadlineWords>,
    heading: {
      whatToDo: 'What to do',
      when: 'When',
      whom: 'Who to see',
      found: 'What we found',
      unknown: 'Questions you could not answer',
      doctor: 'When to see a doctor',
      professions: 'Who can help',
      alternatives: 'Other options',
      openQuestions: 'Questions to go through with your doctor or therapist',
      evidence: 'The evidence',
      details: 'Details',
    },
    possible: (title: string): string =>
      `You did not know whether this applies to you: ${title}. To be safe, treatment is limited as if it did. Ask your doctor whether it applies.`,
    unresolved: {
      emergency: (title: string): string =>
        `You did not know whether you have this: ${title}. It can need emergency care and could not be ruled out, so get it checked by a doctor today, before any neck treatment.`,
      refer: (title: string): string =>
        `You did not know whether you have this: ${title}. It could not be ruled out: ask a doctor about it before any neck treatment.`,
    } satisfies Record<'emergency' | 'refer', (title: string) => string>,
    reason: {
      emergency: 'Emergency: no neck treatment',
      refer: 'A doctor must check first',
      review: 'A warning sign was not ruled out: see a doctor first',
      possible: (title: string): string => `Not ruled out: ${title}`,
    },
    doctor: {
      askAboutUnknowns: 'Nothing urgent. Ask your doctor about the answers you did not know.',
      none: 'No need to see a doctor before treatment. See one if new or worsening symptoms appear.',
    },
    question: (question: string): string => `Question: ${question}`,
    decision: {
      allowed: 'Suitable',
      precautions: 'Suitable, within limits',
      relative: 'Only if a doctor agrees',
      contraindicated: 'Not suitable',
    } satisfies Record<Decision, string>,
  },
  condition: {
    all: 'all of:',
    any: 'any of:',
    not: 'not:',
    atLeast: (n: number): string => `at least ${n} of:`,
    always: 'always (standard care for everyone)',
    is: '=',
    in: 'is one of',
    has: 'includes any of',
    gte: '≥',
    gt: '>',
    lte: '≤',
    lt: '<',
  },
};

export type Messages = typeof en;

const fr: Messages = {
  title: 'Résultat du dépistage NeckCheck',
  disposition: {
    proceed: {
      label: 'Traitement possible',
      explain:
        "Aucun signe d'alerte ni facteur de risque n'a été trouvé : le traitement peut avoir lieu avec les soins habituels.",
    },
    precautions: {
      label: 'Traitement possible avec précautions',
      explain:
        'Le traitement ne peut avoir lieu qu’avec les précautions et les limites de techniques ci-dessous.',
    },
    incomplete: {
      label: 'Incomplet : avis d’un clinicien nécessaire',
      explain:
        'Au moins un signe d’alerte n’a pas pu être écarté. Un clinicien doit examiner les questions ouvertes avant tout traitement du cou.',
    },
    refer: {
      label: 'Orienter vers un médecin',
      explain: 'Aucun traitement manuel du cou avant l’évaluation par un médecin.',
    },
    emergency: {
      label: 'Urgence',
      explain: 'Ne traitez pas le cou. Demandez une aide médicale urgente maintenant.',
    },
  },
  decision: {
    allowed: { label: 'Autorisée', explain: 'Peut être utilisée avec les soins habituels.' },
    precautions: {
      label: 'Autorisée avec précautions',
      explain: 'Ne peut être utilisée qu’avec les précautions indiquées.',
    },
    relative: {
      label: 'Contre-indication relative',
      explain: 'À éviter, sauf si un clinicien qualifié juge que le bénéfice l’emporte sur le risque.',
    },
    contraindicated: { label: 'Contre-indiquée', explain: 'Ne doit pas être utilisée.' },
  },
  urgency: {
    routine: { label: 'Sans urgence', explain: 'Lors d’un rendez-vous habituel.' },
    within_days: {
      label: 'Sous quelques jours',
      explain: 'Dans les prochains jours, avant tout traitement du cou.',
    },
    same_day: { label: 'Le jour même', explain: 'Aujourd’hui, avant tout traitement du cou.' },
    immediate: { label: 'Immédiatement', explain: 'Maintenant : appelez les services d’urgence.' },
  },
  certainty: {
    definite: { label: 'Certaine', explain: 'Les réponses montrent que cela s’applique.' },
    possible: { label: 'Possible', explain: 'Cela n’a pas pu être écarté ; on l’applique par prudence.' },
  },
  evidence: {
    V: { label: 'V', explain: 'vérifié dans la source elle-même' },
    V2: { label: 'V2', explain: 'vérifié seulement par une source secondaire' },
    G: { label: 'G', explain: 'de mémoire, pas encore vérifié' },
    U: { label: 'U', explain: 'recherché mais non vérifié' },
  },
  grade: {
    none: 'aucune donnée probante',
    very_low: 'certitude très faible',
    low: 'certitude faible',
    moderate: 'certitude modérée',
    high: 'certitude élevée',
  },
  heading: {
    result: 'Résultat',
    whatToDo: 'Que faire',
    techniques: 'Techniques',
    why: 'Pourquoi',
    unresolved: 'Signes d’alerte non écartés',
    precautions: 'Précautions',
    casePrecautions: 'Pour cette personne',
    standardPrecautions: 'Soins habituels pour tous',
    referrals: 'Orientations',
    alternatives: 'Autres options à envisager',
    professions: 'Professions adaptées',
    openQuestions: 'Questions ouvertes',
    about: 'À propos de ce résultat',
    disclaimer: 'Avertissement',
  },
  table: { technique: 'Technique', decision: 'Décision', reason: 'Raison principale' },
  reason: {
    emergency: 'Urgence : aucun traitement du cou',
    refer: 'Un médecin doit d’abord évaluer',
    review: 'Un signe d’alerte n’a pas été écarté : avis d’un clinicien nécessaire',
    gentler: (name: string): string => `Pas plus permise qu’une technique plus douce (${name})`,
    none: 'Aucune restriction trouvée',
  },
  finding: {
    rule: (id: string, version: number): string => `règle ${id} v${version}`,
    certainty: 'Certitude',
    evidence: 'Niveau de preuve',
    answers: 'Réponses',
    sources: 'Sources',
    questions: 'Questions à compléter',
    unreviewed: 'pas encore relue par un clinicien',
    notSignedByClinic: 'non signée par ce cabinet dans cette version',
  },
  answer: { yes: 'Oui', no: 'Non', unknown: 'Je ne sais pas', unanswered: 'Sans réponse' },
  emergency: {
    heading: 'Appelez les secours maintenant',
    steps: [
      'Appelez immédiatement le numéro d’urgence local (par exemple le 112 en Europe, le 15 en France, le 911 en Amérique du Nord), même si les symptômes ont disparu.',
      'Ne conduisez pas vous-même. Attendez l’ambulance, ou faites-vous conduire par quelqu’un d’autre.',
      'Dites-leur quels sont les symptômes, quand ils ont commencé (ou quand la personne allait bien pour la dernière fois), qu’un traitement ou une manipulation du cou était prévu ou a été fait, et quels anticoagulants sont pris.',
      'Ne faites aucun massage ni traitement du cou.',
    ],
  },
  meta: {
    kb: 'Base de connaissances',
    hash: 'Empreinte du contenu',
    engine: 'Moteur',
    assessedAt: 'Évalué le',
    notRecorded: 'non enregistré',
    audience: 'Rédigé pour',
  },
  audience: { client: 'le client', clinician: 'le clinicien' },
  none: 'Aucun',
  noneSuitable: 'Aucune pour le moment',
  redFlag: 'signe d’alerte',
  prompt: {
    back: '← Retour',
    progress: (answered: number, total: number): string => `[${answered}/${total}]`,
    numberHint: 'tapez un nombre, ou appuyez sur Entrée pour d’autres choix',
    enterNumber: 'Saisir un nombre',
    chooseOne: 'Choisissez au moins une option.',
    alone: (label: string): string => `« ${label} » ne peut pas être combiné avec d’autres choix.`,
    range: (min: string, max: string): string => `Saisissez un nombre entre ${min} et ${max}.`,
    emergencyStop: 'Les questions sont arrêtées : ces réponses nécessitent des soins d’urgence.',
    cancelled: 'Dépistage annulé ; rien n’a été enregistré.',
    keys: { navigate: 'naviguer', select: 'sélectionner', submit: 'valider' },
  },
  date: {
    months: [
      'janvier',
      'février',
      'mars',
      'avril',
      'mai',
      'juin',
      'juillet',
      'août',
      'septembre',
      'octobre',
      'novembre',
      'décembre',
    ],
    day: (day: number, month: string, year: number): string => `${day === 1 ? '1er' : day} ${month} ${year}`,
    dateTime: (day: number, month: string, year: number, hh: string, mm: string): string =>
      `${day === 1 ? '1er' : day} ${month} ${year} à ${hh} h ${mm} UTC`,
  },
  record: {
    heading: 'Dossier du dépistage',
    client: 'Client',
    clientName: (name: string, birthYear: number | null): string =>
      birthYear === null ? name : `${name} (année de naissance : ${birthYear})`,
    clinic: 'Clinique',
    date: 'Date du dépistage',
    kbVersion: 'Version de la base de connaissances',
    status: 'Statut',
    validUntil: 'Valide jusqu’au',
    reference: 'Référence du dépistage',
    currency: {
      current: 'En vigueur : dernier dépistage du client, encore valide',
      superseded: 'Remplacé : un dépistage plus récent de ce client existe',
      expired: 'Expiré : un nouveau dépistage de contrôle est nécessaire avant le prochain traitement',
      after_event:
        'Triage après un événement : un événement a suivi un traitement ; un nouveau dépistage est nécessaire avant de traiter à nouveau',
      none: 'Aucun dépistage au dossier',
    },
    steps: 'Étapes',
    step: {
      self_report: 'Auto-questionnaire du client',
      screening: 'Dépistage',
      examination: 'Examen par le thérapeute',
      signoff: 'Validation',
    },
    stepLine: (step: string, who: string, when: string): string =>
      `${step} : enregistrement par ${who} le ${when}`,
    changes: 'Modifié ou ajouté lors de l’examen',
    change: (question: string, before: string, after: string): string => `${question} : ${before} → ${after}`,
    signoffs: 'Validations',
    signoff: (who: string, when: string, note: string): string =>
      note.trim() === '' ? `${who}, ${when}` : `${who}, ${when} : ${note}`,
    noSignoff: 'Pas encore validé',
    consents: 'Consentements donnés sur ce dépistage',
    consent: (signer: string, techniques: string, when: string, recordedBy: string | null): string =>
      `${signer} a consenti à : ${techniques}, le ${when}` +
      (recordedBy === null ? '' : ` (enregistré par ${recordedBy})`),
    noConsent: 'Aucun consentement enregistré sur ce dépistage',
    review: 'Revue du clinicien',
    unchanged: 'Décision du dépistage',
    override: (who: string, when: string, from: string, to: string): string =>
      `Modifiée par ${who} le ${when} : de « ${from} » à « ${to} ».`,
    reason: (words: string, text: string): string =>
      text.trim() === '' ? `Motif : ${words}.` : `Motif : ${words}. « ${text.trim()} »`,
    raised: (decision: string, gentler: string): string =>
      `Rendue plus stricte (« ${decision} ») en raison de la décision pour ${gentler}, technique plus douce.`,
  },
  client: {
    headline: {
      emergency: {
        label: 'Urgence',
        text: 'Appelez maintenant le numéro d’urgence local, ou rendez-vous aux urgences. Ne faites aucun traitement du cou.',
        unknown:
          'Appelez maintenant le numéro d’urgence local, ou rendez-vous aux urgences. Ne faites aucun traitement du cou.',
        when: 'Maintenant',
        whom: 'Les secours : une ambulance ou un service d’urgences',
      },
      urgent: {
        label: 'Voir un médecin aujourd’hui',
        text: 'Consultez un médecin aujourd’hui, avant tout traitement du cou. Si des vertiges, des troubles de la vue ou de la parole, un engourdissement ou une faiblesse apparaissent, appelez le numéro d’urgence local.',
        unknown:
          'Un signe d’alerte qui peut nécessiter des soins d’urgence n’a pas pu être écarté, car vous ne connaissiez pas certaines réponses. Faites-le vérifier par un médecin aujourd’hui, avant tout traitement du cou. Si vous avez ces symptômes en ce moment, appelez le numéro d’urgence local.',
        when: 'Aujourd’hui, avant tout traitement du cou',
        whom: 'Un médecin : votre médecin traitant ou un service de soins non programmés',
      },
      soon: {
        label: 'Voir d’abord un médecin',
        text: 'Consultez un médecin dans les prochains jours, avant tout traitement du cou.',
        unknown:
          'Un signe d’alerte n’a pas pu être écarté, car vous ne connaissiez pas certaines réponses. Parlez-en à un médecin dans les prochains jours, avant tout traitement du cou.',
        when: 'Dans les prochains jours, avant tout traitement du cou',
        whom: 'Un médecin, par exemple votre médecin traitant',
      },
      doctor: {
        label: 'Voir d’abord un médecin',
        text: 'Consultez un médecin avant tout traitement du cou ; un rendez-vous habituel suffit.',
        unknown:
          'Un signe d’alerte n’a pas pu être écarté, car vous ne connaissiez pas certaines réponses. Parlez-en à un médecin avant tout traitement du cou ; un rendez-vous habituel suffit.',
        when: 'Lors d’un rendez-vous habituel, avant tout traitement du cou',
        whom: 'Un médecin, par exemple votre médecin traitant',
      },
      precautions: {
        label: 'Traitement possible avec précautions',
        text: 'Le traitement du cou peut avoir lieu, mais seulement dans les limites indiquées ici. Montrez ce résultat à votre thérapeute.',
        unknown:
          'Le traitement du cou peut avoir lieu, mais seulement dans les limites indiquées ici. Montrez ce résultat à votre thérapeute.',
        when: 'Lors de votre rendez-vous de traitement',
        whom: 'Votre thérapeute',
      },
      proceed: {
        label: 'Traitement possible',
        text: 'Le traitement du cou peut avoir lieu avec les soins habituels.',
        unknown: 'Le traitement du cou peut avoir lieu avec les soins habituels.',
        when: 'Lors de votre rendez-vous de traitement',
        whom: 'Votre thérapeute',
      },
    },
    heading: {
      whatToDo: 'Que faire',
      when: 'Quand',
      whom: 'Qui consulter',
      found: 'Ce que nous avons trouvé',
      unknown: 'Questions auxquelles vous n’avez pas pu répondre',
      doctor: 'Quand consulter un médecin',
      professions: 'Qui peut vous aider',
      alternatives: 'Autres options',
      openQuestions: 'Questions à revoir avec votre médecin ou votre thérapeute',
      evidence: 'Les preuves',
      details: 'Détails',
    },
    possible: (title: string): string =>
      `Vous ne saviez pas si ceci vous concerne : ${title}. Par prudence, le traitement est limité comme si c’était le cas. Demandez à votre médecin si cela s’applique à vous.`,
    unresolved: {
      emergency: (title: string): string =>
        `Vous ne saviez pas si vous avez ceci : ${title}. Cela peut nécessiter des soins d’urgence et n’a pas pu être écarté : faites-le vérifier par un médecin aujourd’hui, avant tout traitement du cou.`,
      refer: (title: string): string =>
        `Vous ne saviez pas si vous avez ceci : ${title}. Cela n’a pas pu être écarté : parlez-en à un médecin avant tout traitement du cou.`,
    },
    reason: {
      emergency: 'Urgence : aucun traitement du cou',
      refer: 'Un médecin doit d’abord vérifier',
      review: 'Un signe d’alerte n’a pas été écarté : voyez d’abord un médecin',
      possible: (title: string): string => `Non écarté : ${title}`,
    },
    doctor: {
      askAboutUnknowns: 'Rien d’urgent. Parlez à votre médecin des réponses que vous ne connaissiez pas.',
      none: 'Pas besoin de voir un médecin avant le traitement. Consultez si des symptômes nouveaux ou qui s’aggravent apparaissent.',
    },
    question: (question: string): string => `Question : ${question}`,
    decision: {
      allowed: 'Adaptée',
      precautions: 'Adaptée, dans certaines limites',
      relative: 'Seulement avec l’accord d’un médecin',
      contraindicated: 'Pas adaptée',
    },
  },
  condition: {
    all: 'toutes ces conditions :',
    any: 'l’une de ces conditions :',
    not: 'non :',
    atLeast: (n: number): string => `au moins ${n} de ces conditions :`,
    always: 'toujours (soins habituels pour tous)',
    is: '=',
    in: 'est l’une de',
    has: 'comprend l’une de',
    gte: '≥',
    gt: '>',
    lte: '≤',
    lt: '<',
  },
};

const CATALOG: Readonly<Record<Lang, Messages>> = { en, fr };

export function messages(lang: Lang): Messages {
  return CATALOG[lang];
}
