/**
 * The fixed words of the client information sheet and of the consent text, in English and French. The
 * technique-specific words (what it is, benefits, risks and how often) come from the knowledge base's
 * client fields; these are the headings, the certainty words and the safety-net advice. Written for a
 * reading level of about grade 8: short sentences, common words, no statistics.
 */
import type { Certainty, Lang } from '../core/index.js';

export interface InfoSheetStrings {
  readonly title: (technique: string) => string;
  readonly intro: string;
  readonly what: string;
  readonly benefits: string;
  readonly noBenefits: string;
  readonly limits: string;
  /** How sure the evidence is, as a label before a benefit ("How sure we are: very weak"). */
  readonly sure: (words: string) => string;
  readonly certainty: Readonly<Record<Certainty, string>>;
  readonly common: string;
  readonly commonIntro: string;
  readonly serious: string;
  readonly seriousIntro: string;
  readonly after: string;
  readonly afterItems: readonly string[];
  /** Extra advice for the 48 hours after, when the technique carries this complication. */
  readonly afterByRisk: Readonly<Record<string, string>>;
  readonly emergency: string;
  readonly emergencyIntro: string;
  readonly emergencySigns: readonly string[];
  /** Extra emergency signs when the technique carries this complication. */
  readonly emergencyByRisk: Readonly<Record<string, string>>;
  readonly emergencyCall: string;
  readonly choice: string;
  readonly choiceItems: readonly string[];
  readonly source: (version: string) => string;
  readonly print: string;
  readonly back: string;
  readonly loading: string;
  readonly notFound: string;
  readonly otherSheets: string;
  /** The consent form's link to a technique's sheet. */
  readonly read: (technique: string) => string;
}

export interface ConsentStrings {
  readonly title: string;
  readonly screening: (date: string, version: string) => string;
  readonly noDate: string;
  readonly techniques: string;
  readonly decision: (words: string) => string;
  readonly decisions: Readonly<Record<string, string>>;
  readonly changed: (from: string, to: string) => string;
  readonly reason: (text: string) => string;
  readonly reasons: Readonly<Record<string, string>>;
  readonly raised: (gentler: string) => string;
  readonly common: string;
  readonly serious: string;
  /** After the names of the serious harms that have no measured rate. */
  readonly fewCases: string;
  readonly precautions: string;
  readonly after: string;
  readonly sheet: string;
  readonly closing: string;
}

const EN_NUMBER = 'your local emergency number (112 in Europe, 911 in North America, 999 in the UK)';
const FR_NUMBER = 'le numéro d’urgence (le 15 ou le 112 en France, le 112 en Europe, le 911 au Canada)';

export const INFO_SHEET_STRINGS: Readonly<Record<Lang, InfoSheetStrings>> = {
  en: {
    title: (technique) => `Information sheet: ${technique}`,
    intro:
      'This sheet explains what this treatment is, what it may do for you, its risks and what to watch for afterwards. Take your time to read it. Ask your therapist about anything that is not clear.',
    what: 'What it is',
    benefits: 'What it may do for you',
    noBenefits:
      'We found no good study of this technique on its own. No one can say how much it helps. Ask your therapist why they suggest it.',
    limits: 'What it cannot do',
    sure: (words) => `How sure we are: ${words}`,
    certainty: {
      high: 'the evidence is strong',
      moderate: 'the evidence is fair',
      low: 'the evidence is weak',
      very_low: 'the evidence is very weak',
      none: 'there is no evidence that it works',
    },
    common: 'Common, mild side effects',
    commonIntro: 'These are mild and go away on their own.',
    serious: 'Rare but serious harms',
    seriousIntro:
      'These are rare. For many of them, only a few cases have ever been reported, so no one knows how often they happen. Your therapist asked the screening questions to find anyone at higher risk.',
    after: 'In the 48 hours after your session',
    afterItems: [
      'Some soreness, stiffness or a mild headache is common. It usually goes within a day or two.',
      'Rest and move your neck gently. Avoid heavy lifting or hard exercise that day if your neck is sore.',
      'Contact your therapist or your doctor if the pain gets worse, is very strong, or lasts more than 2 days.',
    ],
    afterByRisk: {
      rhabdomyolysis:
        'See a doctor the same day if your muscles are very painful, swollen or weak, or if your urine turns dark, like tea or cola.',
      bruising_haematoma:
        'A small bruise can appear. See a doctor if it is large or keeps growing, mainly if you take blood thinners.',
    },
    emergency: 'When to call an ambulance',
    emergencyIntro:
      'Call for help at once, during the session or in the days after, if you have any of these. They can be signs of a stroke or of a torn artery, even if they come days later.',
    emergencySigns: [
      'One side of your face droops, or your smile looks uneven.',
      'An arm or a leg feels weak or numb, mainly on one side.',
      'You have trouble speaking, finding words or understanding.',
      'You suddenly cannot see well, or you see double.',
      'You feel suddenly dizzy, lose your balance or cannot walk straight.',
      'You have a sudden, very bad headache, unlike any you have had before.',
      'You faint, or nearly faint.',
    ],
    emergencyByRisk: {
      spinal_epidural_haematoma:
        'You have sudden, very bad neck or back pain with numbness or weakness in your arms or legs.',
      spinal_cord_injury: 'You have trouble controlling your bladder or bowels, or your hands become clumsy.',
    },
    emergencyCall: `Call ${EN_NUMBER}. Do not drive yourself. Call even if the signs go away.`,
    choice: 'Your choice',
    choiceItems: [
      'You can ask questions at any time.',
      'You can say no, or ask your therapist to stop at any moment, even during the session.',
      'You can ask for a gentler technique instead.',
    ],
    source: (version) =>
      `Made from the NeckCheck knowledge base, version ${version}. This sheet does not replace advice from your doctor.`,
    print: 'Print this sheet',
    back: 'Home',
    loading: 'Loading…',
    notFound: 'There is no information sheet for this technique.',
    otherSheets: 'Sheets for other techniques',
    read: (technique) => `Read the information sheet: ${technique}`,
  },
  fr: {
    title: (technique) => `Fiche d’information : ${technique}`,
    intro:
      'Cette fiche explique ce qu’est ce traitement, ce qu’il peut vous apporter, ses risques et ce qu’il faut surveiller ensuite. Prenez le temps de la lire. Demandez à votre thérapeute ce qui n’est pas clair.',
    what: 'De quoi s’agit-il ?',
    benefits: 'Ce que cela peut vous apporter',
    noBenefits:
      'Nous n’avons trouvé aucune bonne étude de cette technique seule. Personne ne peut dire à quel point elle aide. Demandez à votre thérapeute pourquoi il la propose.',
    limits: 'Ce que cela ne peut pas faire',
    sure: (words) => `Niveau de certitude : ${words}`,
    certainty: {
      high: 'les preuves sont solides',
      moderate: 'les preuves sont moyennes',
      low: 'les preuves sont faibles',
      very_low: 'les preuves sont très faibles',
      none: 'rien ne prouve que cela marche',
    },
    common: 'Effets secondaires fréquents et légers',
    commonIntro: 'Ils sont légers et passent tout seuls.',
    serious: 'Risques rares mais graves',
    seriousIntro:
      'Ils sont rares. Pour beaucoup d’entre eux, seuls quelques cas ont été publiés : on ne sait donc pas à quelle fréquence ils arrivent. Les questions du dépistage servent à repérer les personnes plus à risque.',
    after: 'Dans les 48 heures après la séance',
    afterItems: [
      'Des courbatures, une raideur ou un léger mal de tête sont fréquents. Ils passent en général en un ou deux jours.',
      'Reposez-vous et bougez doucement le cou. Évitez de porter lourd ou de faire un sport intense ce jour-là si votre cou est douloureux.',
      'Contactez votre thérapeute ou votre médecin si la douleur augmente, est très forte ou dure plus de 2 jours.',
    ],
    afterByRisk: {
      rhabdomyolysis:
        'Consultez un médecin le jour même si vos muscles sont très douloureux, gonflés ou faibles, ou si vos urines deviennent foncées, couleur thé ou cola.',
      bruising_haematoma:
        'Un petit bleu peut apparaître. Consultez un médecin s’il est grand ou continue de grossir, surtout si vous prenez un médicament qui fluidifie le sang.',
    },
    emergency: 'Quand appeler les secours',
    emergencyIntro:
      'Appelez les secours tout de suite, pendant la séance ou dans les jours qui suivent, si vous avez l’un de ces signes. Ils peuvent annoncer un AVC ou une artère déchirée, même s’ils arrivent plusieurs jours après.',
    emergencySigns: [
      'Un côté de votre visage tombe, ou votre sourire est de travers.',
      'Un bras ou une jambe est faible ou engourdi, surtout d’un seul côté.',
      'Vous avez du mal à parler, à trouver vos mots ou à comprendre.',
      'Vous voyez soudain mal, ou vous voyez double.',
      'Vous avez soudain des vertiges, vous perdez l’équilibre ou vous ne marchez plus droit.',
      'Vous avez un mal de tête soudain et très fort, comme jamais auparavant.',
      'Vous faites un malaise ou vous vous évanouissez.',
    ],
    emergencyByRisk: {
      spinal_epidural_haematoma:
        'Vous avez une douleur soudaine et très forte du cou ou du dos, avec un engourdissement ou une faiblesse des bras ou des jambes.',
      spinal_cord_injury:
        'Vous avez du mal à retenir vos urines ou vos selles, ou vos mains deviennent maladroites.',
    },
    emergencyCall: `Appelez ${FR_NUMBER}. Ne conduisez pas vous-même. Appelez même si les signes disparaissent.`,
    choice: 'Votre choix',
    choiceItems: [
      'Vous pouvez poser des questions à tout moment.',
      'Vous pouvez refuser, ou demander à votre thérapeute d’arrêter à tout moment, même pendant la séance.',
      'Vous pouvez demander une technique plus douce à la place.',
    ],
    source: (version) =>
      `Fiche établie à partir de la base de connaissances NeckCheck, version ${version}. Elle ne remplace pas l’avis de votre médecin.`,
    print: 'Imprimer cette fiche',
    back: 'Accueil',
    loading: 'Chargement…',
    notFound: 'Il n’existe pas de fiche d’information pour cette technique.',
    otherSheets: 'Fiches des autres techniques',
    read: (technique) => `Lire la fiche d’information : ${technique}`,
  },
};

export const CONSENT_STRINGS: Readonly<Record<Lang, ConsentStrings>> = {
  en: {
    title: 'Consent to neck treatment',
    screening: (date, version) => `Screening of ${date} (knowledge base ${version}).`,
    noDate: 'an unrecorded date',
    techniques: 'Planned techniques',
    decision: (words) => `Screening decision: ${words}.`,
    decisions: {
      allowed: 'allowed',
      precautions: 'allowed with precautions',
      relative: 'only if your therapist judges it safe',
      contraindicated: 'not allowed',
    },
    changed: (from, to) =>
      `Your therapist changed the screening's decision for this technique from "${from}" to "${to}".`,
    reason: (text) => `Reason: ${text}`,
    reasons: {
      clinical_judgement_lower_risk: "your therapist's clinical judgement of a lower risk",
      clinical_judgement_higher_risk: "your therapist's clinical judgement of a higher risk",
      medical_clearance_obtained: 'a physician gave medical clearance',
      information_incorrect: 'some information in the screening was found to be incorrect',
      client_declined: 'you declined this technique',
      other: 'another reason',
    },
    raised: (gentler) => `This is stricter than the screening because of the decision for ${gentler}.`,
    common: 'Common, mild side effects',
    serious: 'Rare but serious harms',
    fewCases: 'no known rate: only a few cases have been reported',
    precautions: 'Precautions your therapist will take',
    after:
      'Call an ambulance (112 in Europe, 911 in North America, 999 in the UK) at once if, in the days after, your face droops, an arm or leg goes weak or numb, you cannot speak or see well, or you get a sudden, very bad headache.',
    sheet: 'Each technique’s information sheet tells you more.',
    closing:
      'I have read this information, I could ask questions, and I agree to these techniques. I can withdraw my consent at any time, including during the session.',
  },
  fr: {
    title: 'Consentement au traitement du cou',
    screening: (date, version) => `Dépistage du ${date} (base de connaissances ${version}).`,
    noDate: 'jour non enregistré',
    techniques: 'Techniques prévues',
    decision: (words) => `Décision du dépistage : ${words}.`,
    decisions: {
      allowed: 'autorisée',
      precautions: 'autorisée avec précautions',
      relative: 'seulement si votre thérapeute la juge sans danger',
      contraindicated: 'non autorisée',
    },
    changed: (from, to) =>
      `Votre thérapeute a modifié la décision du dépistage pour cette technique : de « ${from} » à « ${to} ».`,
    reason: (text) => `Motif : ${text}`,
    reasons: {
      clinical_judgement_lower_risk: 'le jugement clinique de votre thérapeute : risque plus faible',
      clinical_judgement_higher_risk: 'le jugement clinique de votre thérapeute : risque plus élevé',
      medical_clearance_obtained: 'un médecin a donné son accord',
      information_incorrect: 'une information du dépistage s’est révélée inexacte',
      client_declined: 'vous avez refusé cette technique',
      other: 'une autre raison',
    },
    raised: (gentler) =>
      `C’est plus strict que le dépistage, à cause de la décision pour la technique : ${gentler}.`,
    common: 'Effets secondaires fréquents et légers',
    serious: 'Risques rares mais graves',
    fewCases: 'aucun chiffre connu : seuls quelques cas ont été publiés',
    precautions: 'Précautions que prendra votre thérapeute',
    after:
      'Appelez les secours (15 ou 112 en France, 112 en Europe, 911 au Canada) tout de suite si, dans les jours qui suivent, votre visage tombe d’un côté, un bras ou une jambe devient faible ou engourdi, vous parlez ou voyez mal, ou vous avez un mal de tête soudain et très fort.',
    sheet: 'La fiche d’information de chaque technique vous en dit plus.',
    closing:
      "J'ai lu ces informations, j'ai pu poser des questions et j'accepte ces techniques. Je peux retirer mon consentement à tout moment, y compris pendant la séance.",
  },
};
