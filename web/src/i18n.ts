/**
 * The app's own interface strings in English and French. `fr` is typed from `en`, so a missing French
 * string does not compile. Clinical texts come from the knowledge base; report labels from src/report.
 */
import type { Lang } from '../../src/core/browser.js';

const en = {
  appName: 'NeckCheck',
  skip: 'Skip to content',
  nav: {
    check: 'Self-check',
    today: 'Today',
    kb: 'Knowledge base',
    admin: 'Admin',
    login: 'Therapist login',
    logout: 'Log out',
  },
  lang: { label: 'Language', en: 'English', fr: 'Français' },
  home: {
    title: 'Can I safely get a neck massage?',
    lead: 'Answer a few questions before a neck massage or manual therapy. Your answers stay on this device.',
    start: 'Start the self-check',
    therapists: 'For therapists',
  },
  flow: {
    step: (answered: number, total: number) => `Question ${Math.min(answered + 1, total)} of about ${total}`,
    next: 'Next',
    back: 'Back',
    unknown: "I don't know",
    yes: 'Yes',
    no: 'No',
    required: 'Please answer this question (or choose "I don\'t know").',
    errorSummary: 'Some questions need an answer',
    numberHint: (min: number, max: number) => `A number from ${min} to ${max}`,
    privacy: 'Your answers are not sent anywhere: the check runs in your browser.',
    loading: 'Loading…',
    restart: 'Start again',
  },
  emergency: {
    title: 'Stop: get emergency help now',
    because: 'Why:',
    sent: 'Your answers were sent to your clinic, but do not wait for them: call now.',
    call: (n: string) => `Call ${n} now`,
    first: 'Call your local emergency number now, even if the symptoms have gone away.',
    number: (primary: string, also: readonly string[]) =>
      also.length === 0
        ? `The emergency number here is ${primary}.`
        : `The emergency number here is ${primary} (${also.map((n) => `or ${n}`).join(', ')}).`,
    fallback:
      '112 works from mobile phones in most countries. If your country has another emergency number, call that one.',
    sayTitle: 'What to say on the phone',
    say: [
      'What you feel, and when it started.',
      'That you had, or were going to have, a neck massage or neck treatment.',
      'If you take medicine that thins the blood.',
    ],
    dontTitle: 'What not to do',
    dont: [
      'Do not drive yourself. Wait for the ambulance, or ask someone to take you.',
      'Do not have any massage or treatment of your neck.',
      'Do not wait to see if it gets better.',
    ],
    print: 'Print these instructions',
    back: 'I answered wrongly, go back',
  },
  confirm: {
    title: 'Please check this answer',
    answered: (answer: string) => `You answered “${answer}”.`,
    sign: 'This can be a sign of an emergency. Is that right?',
    yes: 'Yes, this is right',
    no: 'I ticked this by mistake',
  },
  result: {
    title: 'Your result',
    canYou: 'Can I get a neck massage?',
    kinds: 'Which kinds of treatment',
    tell: 'What to tell your therapist',
    doctor: 'When to see a doctor',
    alternatives: 'Other options',
    professionals: 'Who can help',
    evidence: 'The evidence',
    print: 'Print',
    sentTo: (clinic: string) => `Your answers were sent to ${clinic}.`,
    none: 'Nothing in particular.',
  },
  intake: {
    title: (clinic: string) => `Questionnaire for ${clinic}`,
    notFound: 'This link is not valid. Ask your clinic for a new one.',
    used: 'This link has already been used. Ask your clinic if you need to answer again.',
    expired: 'This link has expired. Ask your clinic for a new one.',
    submitting: 'Sending your answers…',
    failed: 'Your answers could not be sent. Check your connection and try again.',
    retry: 'Try again',
  },
  login: {
    title: 'Therapist login',
    email: 'Email',
    password: 'Password',
    submit: 'Log in',
    failed: 'Wrong email or password.',
    rate: 'Too many attempts. Wait a while and try again, or ask your clinic’s admin to unlock your account.',
  },
  error: { title: 'Something went wrong', generic: 'Please try again.', notFound: 'Page not found.' },
};

export type Strings = typeof en;

const fr: Strings = {
  appName: 'NeckCheck',
  skip: 'Aller au contenu',
  nav: {
    check: 'Autoévaluation',
    today: "Aujourd'hui",
    kb: 'Base de connaissances',
    admin: 'Administration',
    login: 'Connexion thérapeute',
    logout: 'Se déconnecter',
  },
  lang: { label: 'Langue', en: 'English', fr: 'Français' },
  home: {
    title: 'Puis-je me faire masser le cou sans danger ?',
    lead: 'Répondez à quelques questions avant un massage du cou ou une thérapie manuelle. Vos réponses restent sur cet appareil.',
    start: "Commencer l'autoévaluation",
    therapists: 'Pour les thérapeutes',
  },
  flow: {
    step: (answered, total) => `Question ${Math.min(answered + 1, total)} sur environ ${total}`,
    next: 'Suivant',
    back: 'Retour',
    unknown: 'Je ne sais pas',
    yes: 'Oui',
    no: 'Non',
    required: 'Veuillez répondre à cette question (ou choisir « Je ne sais pas »).',
    errorSummary: 'Certaines questions attendent une réponse',
    numberHint: (min, max) => `Un nombre de ${min} à ${max}`,
    privacy: "Vos réponses ne sont envoyées nulle part : l'évaluation se fait dans votre navigateur.",
    loading: 'Chargement…',
    restart: 'Recommencer',
  },
  emergency: {
    title: "Arrêtez : demandez de l'aide d'urgence maintenant",
    because: 'Pourquoi :',
    sent: 'Vos réponses ont été envoyées à votre clinique, mais ne les attendez pas : appelez maintenant.',
    call: (n) => `Appelez le ${n} maintenant`,
    first: "Appelez maintenant le numéro d'urgence local, même si les symptômes ont disparu.",
    number: (primary, also) =>
      also.length === 0
        ? `Le numéro d'urgence ici est le ${primary}.`
        : `Le numéro d'urgence ici est le ${primary} (${also.map((n) => `ou le ${n}`).join(', ')}).`,
    fallback:
      "Le 112 fonctionne depuis un téléphone portable dans la plupart des pays. Si votre pays a un autre numéro d'urgence, appelez celui-là.",
    sayTitle: 'Ce qu’il faut dire au téléphone',
    say: [
      'Ce que vous ressentez, et depuis quand.',
      'Que vous avez eu, ou alliez avoir, un massage ou un traitement du cou.',
      'Si vous prenez un médicament qui fluidifie le sang.',
    ],
    dontTitle: 'Ce qu’il ne faut pas faire',
    dont: [
      "Ne conduisez pas vous-même. Attendez l'ambulance, ou demandez à quelqu'un de vous emmener.",
      'Ne vous faites pas masser ni traiter le cou.',
      "N'attendez pas de voir si cela passe.",
    ],
    print: 'Imprimer ces consignes',
    back: "J'ai mal répondu, revenir en arrière",
  },
  confirm: {
    title: 'Vérifiez cette réponse',
    answered: (answer) => `Vous avez répondu « ${answer} ».`,
    sign: "Cela peut être un signe d'urgence. Est-ce bien cela ?",
    yes: "Oui, c'est bien cela",
    no: "Je l'ai coché par erreur",
  },
  result: {
    title: 'Votre résultat',
    canYou: 'Puis-je me faire masser le cou ?',
    kinds: 'Quels types de traitement',
    tell: 'Ce que vous devez dire à votre thérapeute',
    doctor: 'Quand consulter un médecin',
    alternatives: 'Autres options',
    professionals: 'Qui peut vous aider',
    evidence: 'Les preuves',
    print: 'Imprimer',
    sentTo: (clinic) => `Vos réponses ont été envoyées à ${clinic}.`,
    none: 'Rien de particulier.',
  },
  intake: {
    title: (clinic) => `Questionnaire pour ${clinic}`,
    notFound: "Ce lien n'est pas valide. Demandez-en un nouveau à votre clinique.",
    used: 'Ce lien a déjà été utilisé. Demandez à votre clinique si vous devez répondre à nouveau.',
    expired: 'Ce lien a expiré. Demandez-en un nouveau à votre clinique.',
    submitting: 'Envoi de vos réponses…',
    failed: "Vos réponses n'ont pas pu être envoyées. Vérifiez votre connexion et réessayez.",
    retry: 'Réessayer',
  },
  login: {
    title: 'Connexion thérapeute',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    submit: 'Se connecter',
    failed: 'Adresse e-mail ou mot de passe incorrect.',
    rate: 'Trop de tentatives. Attendez un moment et réessayez, ou demandez à l’administrateur du cabinet de déverrouiller votre compte.',
  },
  error: {
    title: "Une erreur s'est produite",
    generic: 'Veuillez réessayer.',
    notFound: 'Page introuvable.',
  },
};

export const STRINGS: Readonly<Record<Lang, Strings>> = { en, fr };
